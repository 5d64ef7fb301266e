// Walks every index of a shape for several strided operands at once, one contiguous run
// ("row") of the last axis at a time, like StridedRows in src/backend/js/strided.ts: axes of
// size 1 are dropped and neighbouring axes every operand steps through as one are merged.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ncps {

/** Operands of a strided walk: at most this many. */
constexpr int kMaxOperands = 4;

/** Axes of a shape: at most this many. */
constexpr int kMaxDims = 32;

class StridedRows {
 public:
  /**
   * `strides[k]` (`ndim` entries each) and `bases[k]` (or 0 when `bases` is null) describe
   * operand k of `count`; `ndim` is at most kMaxDims.
   */
  StridedRows(int ndim, const int64_t* shape, int count, const int64_t* const* strides,
              const int64_t* bases);

  /** Number of rows. */
  int64_t rows() const { return rows_; }
  /** Elements per row. */
  int64_t inner() const { return inner_; }
  /** Operand k's stride along a row. */
  int64_t innerStride(int k) const { return innerStrides_[k]; }
  /** Operand k's offset of the current row's first element. */
  int64_t offset(int k) const { return offsets_[k]; }
  /** Moves to the next row (odometer order, last outer axis fastest). */
  void next();

 private:
  int count_;
  int64_t rows_ = 0;
  int64_t inner_ = 0;
  int64_t innerStrides_[kMaxOperands] = {};
  int64_t offsets_[kMaxOperands] = {};
  int outerDims_ = 0;
  int64_t outerShape_[kMaxDims] = {};
  int64_t outerStrides_[kMaxOperands][kMaxDims] = {};
  int64_t counters_[kMaxDims] = {};
};

/** Writes the row-major strides of a contiguous array of `shape` into `strides`. */
void contiguousStrides(int ndim, const int64_t* shape, int64_t* strides);

}  // namespace ncps
