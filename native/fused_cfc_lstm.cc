#include "fused_cfc_lstm.h"

#include <algorithm>

#include "fused_cfc_math.h"
#include "gemm.h"

namespace ncps {

void lstmForwardRows(const LstmWeights& w, int64_t rows, const double* x, int64_t ldx,
                     const double* h, int64_t ldh, const double* c, int64_t ldc, double* z,
                     double* hOut, int64_t ldho, double* cOut, int64_t ldco, double* save) {
  const int64_t nIn = w.inputSize;
  const int64_t nH = w.hiddenSize;
  const int64_t n4 = 4 * nH;
  for (int64_t r = 0; r < rows; r++) std::copy(w.inputBias.begin(), w.inputBias.end(), z + r * n4);
  gemmSerial<double>(false, true, rows, n4, nIn, 1.0, x, ldx, w.inputWeight.data(), nIn, 1.0, z,
                     n4);
  gemmSerial<double>(false, true, rows, n4, nH, 1.0, h, ldh, w.recurrentWeight.data(), nH, 1.0, z,
                     n4);
  cfcMath().lstmGates(rows, nH, z, n4, c, ldc, hOut, ldho, cOut, ldco, save,
                      kLstmSavedPerUnit * nH);
}

void lstmBackwardRows(const LstmWeights& w, int64_t rows, const double* save, const double* c,
                      int64_t ldc, const double* dhNext, int64_t lddhNext, double* dc, int64_t lddc,
                      double* dz, double* dx, int64_t lddx, double* dh, int64_t lddh) {
  const int64_t nIn = w.inputSize;
  const int64_t nH = w.hiddenSize;
  const int64_t n4 = 4 * nH;
  const int64_t ns = kLstmSavedPerUnit * nH;
  for (int64_t r = 0; r < rows; r++) {
    const double* s = save + r * ns;
    const double* cr = c + r * ldc;
    const double* dhn = dhNext + r * lddhNext;
    double* dcr = dc + r * lddc;
    double* d = dz + r * n4;
    for (int64_t j = 0; j < nH; j++) {
      const double ai = s[j];
      const double sig = s[nH + j];
      const double sfg = s[2 * nH + j];
      const double sog = s[3 * nH + j];
      const double tc = s[4 * nH + j];
      const double dcTotal = dcr[j] + dhn[j] * sog * (1 - tc * tc);
      d[j] = dcTotal * sig * (1 - ai * ai);
      d[nH + j] = dcTotal * ai * sig * (1 - sig);
      d[2 * nH + j] = dcTotal * cr[j] * sfg * (1 - sfg);
      d[3 * nH + j] = dhn[j] * tc * sog * (1 - sog);
      dcr[j] = dcTotal * sfg;
    }
  }
  if (dx != nullptr) {
    gemmSerial<double>(false, false, rows, nIn, n4, 1.0, dz, n4, w.inputWeight.data(), nIn, 1.0, dx,
                       lddx);
  }
  gemmSerial<double>(false, false, rows, nH, n4, 1.0, dz, n4, w.recurrentWeight.data(), nH, 0.0, dh,
                     lddh);
}

void lstmWeightGradients(const LstmWeights& w, int64_t rows, const double* dz, const double* x,
                         const double* h, double* gInputWeight, double* gInputBias,
                         double* gRecurrentWeight) {
  const int64_t nIn = w.inputSize;
  const int64_t nH = w.hiddenSize;
  const int64_t n4 = 4 * nH;
  gemm<double>(true, false, n4, nIn, rows, 1.0, dz, n4, x, nIn, 0.0, gInputWeight, nIn);
  gemm<double>(true, false, n4, nH, rows, 1.0, dz, n4, h, nH, 0.0, gRecurrentWeight, nH);
  std::fill(gInputBias, gInputBias + n4, 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const double* d = dz + r * n4;
    for (int64_t j = 0; j < n4; j++) gInputBias[j] += d[j];
  }
}

}  // namespace ncps
