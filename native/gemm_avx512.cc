// The packed product for x86-64 CPUs with AVX-512F (compiled with -mavx512f -mavx512dq -mavx2
// -mfma, called only after a run-time check): 64-byte vectors. With 32 vector registers a
// micro-tile can hold 8 rows of two vectors (16 accumulators) and still keep B's vectors and
// A's broadcasts in registers.
#define NCPS_GEMM_ISA avx512
#define NCPS_GEMM_VEC_BYTES 64
#define NCPS_GEMM_MR 8
#include "gemm_blocked.h"
