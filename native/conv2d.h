// 2-D convolution in NCHW layout (see Kernels.conv2d and its two gradients), as im2col + gemm
// per image, the images shared between both cores when there is enough work.
#pragma once

#include <cstdint>

namespace ncps {

/** Geometry of one convolution (field meanings as Conv2dGeometry in kernels.ts). */
struct Conv2dGeometry {
  int64_t batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth;
  int64_t strideH, strideW, padH, padW, outHeight, outWidth;
};

/** `y = conv(x, weight) + bias`; `bias` may be null. */
template <typename T>
void conv2d(const Conv2dGeometry& g, const T* x, const T* weight, const T* bias, T* y);

/** `gx` (overwritten) from `gy` and `weight`. */
template <typename T>
void conv2dBackwardInput(const Conv2dGeometry& g, const T* gy, const T* weight, T* gx);

/** `gw` (overwritten) from `x` and `gy`. */
template <typename T>
void conv2dBackwardWeight(const Conv2dGeometry& g, const T* x, const T* gy, T* gw);

}  // namespace ncps
