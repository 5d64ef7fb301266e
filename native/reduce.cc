#include "reduce.h"

#include <cmath>
#include <limits>

namespace ncps {

template <typename T>
void reduceMax(int64_t outer, int64_t r, int64_t inner, const T* x, T* y, int32_t* argmax) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const T* line = x + o * r * inner + i;
      T best = line[0];
      int32_t at = 0;
      if (!std::isnan(best)) {
        for (int64_t j = 1; j < r; j++) {
          const T v = line[j * inner];
          if (v > best || std::isnan(v)) {
            best = v;
            at = static_cast<int32_t>(j);
            if (std::isnan(v)) break;
          }
        }
      }
      y[o * inner + i] = best;
      argmax[o * inner + i] = at;
    }
  }
}

// In the four kernels below, element j of line (o, i) sits at (o * r + j) * inner + i, and
// every intermediate is a double, as in the js kernels.

template <typename T>
void softmax(int64_t outer, int64_t r, int64_t inner, const T* x, T* y) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const int64_t base = o * r * inner + i;
      const int64_t end = base + r * inner;
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t j = base; j < end; j += inner) {
        if (x[j] > max) max = x[j];
      }
      double sum = 0;
      for (int64_t j = base; j < end; j += inner) {
        const double e = std::exp(x[j] - max);
        y[j] = static_cast<T>(e);
        sum += e;
      }
      const double scale = 1 / sum;
      for (int64_t j = base; j < end; j += inner) y[j] = static_cast<T>(y[j] * scale);
    }
  }
}

template <typename T>
void softmaxBackward(int64_t outer, int64_t r, int64_t inner, const T* y, const T* gy, T* gx) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const int64_t base = o * r * inner + i;
      const int64_t end = base + r * inner;
      double dot = 0;
      for (int64_t j = base; j < end; j += inner) dot += double(gy[j]) * y[j];
      for (int64_t j = base; j < end; j += inner) gx[j] = static_cast<T>(y[j] * (gy[j] - dot));
    }
  }
}

template <typename T>
void logSoftmax(int64_t outer, int64_t r, int64_t inner, const T* x, T* y) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const int64_t base = o * r * inner + i;
      const int64_t end = base + r * inner;
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t j = base; j < end; j += inner) {
        if (x[j] > max) max = x[j];
      }
      double sum = 0;
      for (int64_t j = base; j < end; j += inner) sum += std::exp(x[j] - max);
      const double shift = max + std::log(sum);
      for (int64_t j = base; j < end; j += inner) y[j] = static_cast<T>(x[j] - shift);
    }
  }
}

template <typename T>
void logSoftmaxBackward(int64_t outer, int64_t r, int64_t inner, const T* y, const T* gy,
                        T* gx) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const int64_t base = o * r * inner + i;
      const int64_t end = base + r * inner;
      double sum = 0;
      for (int64_t j = base; j < end; j += inner) sum += gy[j];
      for (int64_t j = base; j < end; j += inner) {
        gx[j] = static_cast<T>(gy[j] - std::exp(double(y[j])) * sum);
      }
    }
  }
}

#define NCPS_INSTANTIATE(T)                                                                    \
  template void reduceMax<T>(int64_t, int64_t, int64_t, const T*, T*, int32_t*);               \
  template void softmax<T>(int64_t, int64_t, int64_t, const T*, T*);                           \
  template void softmaxBackward<T>(int64_t, int64_t, int64_t, const T*, const T*, T*);         \
  template void logSoftmax<T>(int64_t, int64_t, int64_t, const T*, T*);                        \
  template void logSoftmaxBackward<T>(int64_t, int64_t, int64_t, const T*, const T*, T*);
NCPS_INSTANTIATE(float)
NCPS_INSTANTIATE(double)
#undef NCPS_INSTANTIATE

}  // namespace ncps
