// The packed product for x86-64 CPUs with AVX2 and FMA (compiled with -mavx2 -mfma, called
// only after a run-time check): 32-byte vectors, 6-row micro-tiles (12 accumulators).
#define NCPS_GEMM_ISA avx2
#define NCPS_GEMM_VEC_BYTES 32
#define NCPS_GEMM_MR 6
#include "gemm_blocked.h"
