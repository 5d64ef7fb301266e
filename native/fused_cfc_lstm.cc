#include "fused_cfc_lstm.h"

#include <algorithm>
#include <vector>

#include "fused_cfc_math.h"
#include "gemm.h"

namespace ncps {

template <typename T>
void lstmForwardRows(const LstmWeightsOf<T>& w, int64_t rows, const T* x, int64_t ldx, const T* h,
                     int64_t ldh, const T* c, int64_t ldc, T* z, T* hOut, int64_t ldho, T* cOut,
                     int64_t ldco, T* save) {
  const int64_t nIn = w.inputSize;
  const int64_t nH = w.hiddenSize;
  const int64_t n4 = 4 * nH;
  for (int64_t r = 0; r < rows; r++) std::copy(w.inputBias.begin(), w.inputBias.end(), z + r * n4);
  gemmSerial<T>(false, true, rows, n4, nIn, 1.0, x, ldx, w.inputWeight.data(), nIn, 1.0, z, n4);
  gemmSerial<T>(false, true, rows, n4, nH, 1.0, h, ldh, w.recurrentWeight.data(), nH, 1.0, z, n4);
  cfcMath<T>().lstmGates(rows, nH, z, n4, c, ldc, hOut, ldho, cOut, ldco, save,
                         kLstmSavedPerUnit * nH);
}

template <typename T>
void lstmBackwardRows(const LstmWeightsOf<T>& w, int64_t rows, const T* save, const T* c,
                      int64_t ldc, const T* dhNext, int64_t lddhNext, T* dc, int64_t lddc,
                      T* dz, T* dx, int64_t lddx, T* dh, int64_t lddh) {
  const int64_t nIn = w.inputSize;
  const int64_t nH = w.hiddenSize;
  const int64_t n4 = 4 * nH;
  const int64_t ns = kLstmSavedPerUnit * nH;
  for (int64_t r = 0; r < rows; r++) {
    const T* s = save + r * ns;
    const T* cr = c + r * ldc;
    const T* dhn = dhNext + r * lddhNext;
    T* dcr = dc + r * lddc;
    T* d = dz + r * n4;
    for (int64_t j = 0; j < nH; j++) {
      const T ai = s[j];
      const T sig = s[nH + j];
      const T sfg = s[2 * nH + j];
      const T sog = s[3 * nH + j];
      const T tc = s[4 * nH + j];
      const T dcTotal = dcr[j] + dhn[j] * sog * (1 - tc * tc);
      d[j] = dcTotal * sig * (1 - ai * ai);
      d[nH + j] = dcTotal * ai * sig * (1 - sig);
      d[2 * nH + j] = dcTotal * cr[j] * sfg * (1 - sfg);
      d[3 * nH + j] = dhn[j] * tc * sog * (1 - sog);
      dcr[j] = dcTotal * sfg;
    }
  }
  if (dx != nullptr) {
    gemmSerial<T>(false, false, rows, nIn, n4, 1.0, dz, n4, w.inputWeight.data(), nIn, 1.0, dx,
                  lddx);
  }
  gemmSerial<T>(false, false, rows, nH, n4, 1.0, dz, n4, w.recurrentWeight.data(), nH, 0.0, dh,
                lddh);
}

template <typename T>
void lstmWeightGradients(const LstmWeightsOf<T>& w, int64_t rows, const T* dz, const T* x,
                         const T* h, T* gInputWeight, T* gInputBias, T* gRecurrentWeight) {
  const int64_t nIn = w.inputSize;
  const int64_t nH = w.hiddenSize;
  const int64_t n4 = 4 * nH;
  gemm<T>(true, false, n4, nIn, rows, 1.0, dz, n4, x, nIn, 0.0, gInputWeight, nIn);
  gemm<T>(true, false, n4, nH, rows, 1.0, dz, n4, h, nH, 0.0, gRecurrentWeight, nH);
  // The bias gradient sums every row: in double, as the CfC column sums.
  std::vector<double> bias(n4, 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const T* d = dz + r * n4;
    for (int64_t j = 0; j < n4; j++) bias[j] += d[j];
  }
  for (int64_t j = 0; j < n4; j++) gInputBias[j] = static_cast<T>(bias[j]);
}

#define NCPS_LSTM_INSTANTIATE(T)                                                               \
  template void lstmForwardRows<T>(const LstmWeightsOf<T>&, int64_t, const T*, int64_t,        \
                                   const T*, int64_t, const T*, int64_t, T*, T*, int64_t, T*,  \
                                   int64_t, T*);                                               \
  template void lstmBackwardRows<T>(const LstmWeightsOf<T>&, int64_t, const T*, const T*,      \
                                    int64_t, const T*, int64_t, T*, int64_t, T*, T*, int64_t,  \
                                    T*, int64_t);                                              \
  template void lstmWeightGradients<T>(const LstmWeightsOf<T>&, int64_t, const T*, const T*,   \
                                       const T*, T*, T*, T*);
NCPS_LSTM_INSTANTIATE(double)
NCPS_LSTM_INSTANTIATE(float)
#undef NCPS_LSTM_INSTANTIATE

}  // namespace ncps
