// The error function of the js kernels (src/backend/js/erf.ts), operation for operation, so
// that GELU agrees between the two kernel sets.
#pragma once

namespace ncps {

/** `2/sqrt(pi) * integral_0^x exp(-t^2) dt`, within 2 ulp. */
double erf(double x);

}  // namespace ncps
