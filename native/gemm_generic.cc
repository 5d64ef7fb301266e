// The packed product for the baseline instruction set (SSE2 on x86-64, NEON on arm64):
// 16-byte vectors, 4-row micro-tiles (8 accumulator registers).
#define NCPS_GEMM_ISA generic
#define NCPS_GEMM_VEC_BYTES 16
#define NCPS_GEMM_MR 4
#include "gemm_blocked.h"
