#include "strided.h"

namespace ncps {

StridedRows::StridedRows(int ndim, const int64_t* shape, int count,
                         const int64_t* const* strides, const int64_t* bases)
    : count_(count) {
  int kept = 0;
  int64_t dims[kMaxDims];
  int64_t st[kMaxOperands][kMaxDims];
  int64_t total = 1;
  for (int d = 0; d < ndim; d++) {
    const int64_t size = shape[d];
    total *= size;
    if (size == 1) continue;
    // Merge with the previous kept axis when every operand steps through both as one.
    bool mergeable = kept > 0;
    for (int k = 0; k < count && mergeable; k++) {
      if (st[k][kept - 1] != strides[k][d] * size) mergeable = false;
    }
    if (mergeable) {
      dims[kept - 1] *= size;
      for (int k = 0; k < count; k++) st[k][kept - 1] = strides[k][d];
    } else {
      dims[kept] = size;
      for (int k = 0; k < count; k++) st[k][kept] = strides[k][d];
      kept++;
    }
  }
  for (int k = 0; k < count; k++) offsets_[k] = bases == nullptr ? 0 : bases[k];
  if (total == 0) return;
  inner_ = kept == 0 ? 1 : dims[kept - 1];
  outerDims_ = kept > 1 ? kept - 1 : 0;
  for (int k = 0; k < count; k++) {
    innerStrides_[k] = kept == 0 ? 0 : st[k][kept - 1];
    for (int d = 0; d < outerDims_; d++) outerStrides_[k][d] = st[k][d];
  }
  for (int d = 0; d < outerDims_; d++) outerShape_[d] = dims[d];
  rows_ = total / inner_;
}

void StridedRows::next() {
  for (int d = outerDims_ - 1; d >= 0; d--) {
    if (++counters_[d] < outerShape_[d]) {
      for (int k = 0; k < count_; k++) offsets_[k] += outerStrides_[k][d];
      return;
    }
    counters_[d] = 0;
    for (int k = 0; k < count_; k++) offsets_[k] -= outerStrides_[k][d] * (outerShape_[d] - 1);
  }
}

void contiguousStrides(int ndim, const int64_t* shape, int64_t* strides) {
  int64_t s = 1;
  for (int d = ndim - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
}

}  // namespace ncps
