// The LTC exports: ltcForward, ltcBackward, ltcStepCreate and ltcStep.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fused_cfc_bind.h"
#include "fused_ltc.h"

namespace ncps {
namespace fused_bind {
namespace {
/**
 * spec = [inputSize, units, motorSize, odeUnfolds, implicit, inputMapping, outputMapping,
 * mixed, batch, steps] (mappings 0 affine, 1 linear, 2 none): the model's sizes and flags, for
 * the compute type T of the parameters (double for Float64Array, float for Float32Array).
 */
template <typename T>
LtcModel<T> ltcShape(const Reader& rd, const std::vector<int64_t>& s, double epsilon) {
  LtcModel<T> m;
  m.inputSize = s[0];
  m.units = s[1];
  m.motorSize = s[2];
  m.unfolds = s[3];
  if (m.inputSize < 1 || m.units < 1 || m.motorSize < 1 || m.unfolds < 1) {
    rd.rangeError("spec: inputSize, units, motorSize and odeUnfolds must be >= 1");
  }
  if (m.inputSize > kMaxModelSize || m.units > kMaxModelSize || m.unfolds > kMaxModelSize) {
    rd.rangeError("spec: inputSize, units and odeUnfolds must be at most 2^26");
  }
  if (m.motorSize > m.units) rd.rangeError("spec: motorSize must be at most units");
  if (s[5] > 2 || s[6] > 2) rd.rangeError("spec: mappings must be 0, 1 or 2");
  if (!std::isfinite(epsilon)) rd.rangeError("epsilon must be finite");
  m.implicit = s[4] != 0;
  m.inputMapping = static_cast<LtcMapping>(s[5]);
  m.outputMapping = static_cast<LtcMapping>(s[6]);
  m.epsilon = static_cast<T>(epsilon);
  if (s[7] != 0) {
    m.lstm.inputSize = m.inputSize;
    m.lstm.hiddenSize = m.units;
  }
  return m;
}

/** Reads the parameter arrays (order: see ltcParamArrays in the adapter) into references. */
template <typename T>
LtcRefs<T> ltcRefs(Reader& rd, const LtcModel<T>& m, const std::vector<FloatBuf>& p) {
  LtcRefs<T> r;
  size_t i = 0;
  const auto next = [&](int64_t n, const char* name) -> const T* {
    if (i >= p.size()) rd.rangeError(std::string("params: too few arrays (missing ") + name + ")");
    rd.need(p[i], n, std::string("params.") + name);
    return p[i++].template as<T>();
  };
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  const int64_t nM = m.motorSize;
  r.gleak = next(nH, "gleak");
  r.vleak = next(nH, "vleak");
  r.cm = next(nH, "cm");
  r.sigma = next(nH * nH, "sigma");
  r.mu = next(nH * nH, "mu");
  r.w = next(nH * nH, "w");
  r.erev = next(nH * nH, "erev");
  r.sparsityMask = next(nH * nH, "sparsityMask");
  r.sensorySigma = next(nIn * nH, "sensorySigma");
  r.sensoryMu = next(nIn * nH, "sensoryMu");
  r.sensoryW = next(nIn * nH, "sensoryW");
  r.sensoryErev = next(nIn * nH, "sensoryErev");
  r.sensorySparsityMask = next(nIn * nH, "sensorySparsityMask");
  if (m.inputMapping != LtcMapping::kNone) r.inputW = next(nIn, "inputW");
  if (m.inputMapping == LtcMapping::kAffine) r.inputB = next(nIn, "inputB");
  if (m.outputMapping != LtcMapping::kNone) r.outputW = next(nM, "outputW");
  if (m.outputMapping == LtcMapping::kAffine) r.outputB = next(nM, "outputB");
  if (m.mixed()) {
    r.lstmInputWeight = next(4 * nH * nIn, "lstm.inputWeight");
    r.lstmInputBias = next(4 * nH, "lstm.inputBias");
    r.lstmRecurrentWeight = next(4 * nH * nH, "lstm.recurrentWeight");
  }
  if (i != p.size()) rd.rangeError("params: too many arrays");
  return r;
}

/** The caller's arrays, or null when absent. */
template <typename T>
const T* dataOf(const FloatBuf& b) {
  return b.present ? b.as<T>() : nullptr;
}

/** The inputs of an LTC call, read in place. */
template <typename T>
void readLtcInputs(Reader& rd, napi_value inputs, const LtcModel<T>& m, int64_t batch,
                   int64_t steps, LtcInputs<T>& out) {
  const std::vector<napi_value> v = rd.list(inputs, "inputs");
  if (v.size() != 4) rd.rangeError("inputs: expected [x, timespans, h0, c0]");
  const FloatBuf x = rd.floats(v[0], "inputs.x");
  rd.need(x, rd.product({batch, steps, m.inputSize}), "inputs.x");
  const FloatBuf ts = rd.floatsOrNull(v[1], "inputs.timespans");
  rd.needOptional(ts, rd.product({batch, steps}), "inputs.timespans");
  const FloatBuf h0 = rd.floatsOrNull(v[2], "inputs.h0");
  rd.needOptional(h0, rd.product({batch, m.units}), "inputs.h0");
  const FloatBuf c0 = rd.floatsOrNull(v[3], "inputs.c0");
  if (c0.present && !m.mixed())
    rd.typeError("inputs.c0: expected null without mixedMemory, got a buffer");
  rd.needOptional(c0, rd.product({batch, m.units}), "inputs.c0");
  out.batch = batch;
  out.steps = steps;
  out.x = dataOf<T>(x);
  out.timespans = dataOf<T>(ts);
  out.h0 = dataOf<T>(h0);
  out.c0 = dataOf<T>(c0);
}

struct LtcSavedHandle : TraceHolder {
  explicit LtcSavedHandle(bool isF64) : TraceHolder(kLtcSaved), f64(isF64) {}
  /** The spec and epsilon the forward call ran with (its sizes and flags). */
  std::vector<int64_t> spec;
  double epsilon = 0;
  int64_t batch = 0;
  int64_t steps = 0;
  /** The parameters' element type, which is also the compute type of the trace. */
  const bool f64;
};

template <typename T>
struct LtcSavedTyped : LtcSavedHandle {
  LtcSavedTyped() : LtcSavedHandle(std::is_same<T, double>::value) {}
  void dropTrace() override { trace.reset(); }
  std::unique_ptr<LtcTrace<T>> trace;
};

struct LtcStepHandle : Handle {
  LtcStepHandle() : Handle(kLtcStep) {}
  /** ltcStep with argv as documented there. */
  virtual void step(Reader& rd, napi_value* argv) = 0;
};

// ltcForward(spec, epsilon, params, inputs = [x, timespans, h0, c0],
//            outputs = [readout, hFinal, cFinal], save) -> saved handle, or null unless save.
template <typename T>
napi_value ltcForwardTyped(Reader& rd, napi_value* argv, const std::vector<int64_t>& s,
                           double epsilon, const std::vector<FloatBuf>& params) {
  napi_env env = rd.env();
  LtcModel<T> m = ltcShape<T>(rd, s, epsilon);
  const int64_t batch = s[8];
  const int64_t steps = s[9];
  if (batch < 1 || steps < 1) rd.rangeError("spec: batch and steps must be >= 1");
  loadLtcWeights(m, ltcRefs<T>(rd, m, params));
  LtcInputs<T> in;
  readLtcInputs<T>(rd, argv[3], m, batch, steps, in);
  const std::vector<napi_value> outs = rd.list(argv[4], "outputs");
  if (outs.size() != 3) rd.rangeError("outputs: expected [readout, hFinal, cFinal]");
  const int64_t nH = m.units;
  const FloatBuf readout = rd.floats(outs[0], "outputs.readout");
  rd.need(readout, rd.product({batch, steps, m.motorSize}), "outputs.readout");
  const FloatBuf hFinal = rd.floats(outs[1], "outputs.hFinal");
  rd.need(hFinal, rd.product({batch, nH}), "outputs.hFinal");
  const FloatBuf cFinal = rd.floatsOrNull(outs[2], "outputs.cFinal");
  if (m.mixed()) {
    rd.need(cFinal, rd.product({batch, nH}), "outputs.cFinal");
  } else if (cFinal.present) {
    rd.typeError("outputs.cFinal: expected null, got a buffer");
  }
  const bool save = rd.flag(argv[5], "save");
  std::unique_ptr<LtcTrace<T>> trace(
      new LtcTrace<T>(createLtcTrace(m, in, save ? steps : 1, save, ltcShares(m, in))));
  ltcForward(m, in, *trace, readout.as<T>(), hFinal.as<T>(),
             cFinal.present ? cFinal.as<T>() : nullptr);
  napi_value result = nullptr;
  if (!save) {
    napi_get_null(env, &result);
    return result;
  }
  std::unique_ptr<LtcSavedTyped<T>> handle(new LtcSavedTyped<T>());
  handle->spec = s;
  handle->epsilon = epsilon;
  handle->batch = batch;
  handle->steps = steps;
  const int64_t bytes = trace->bytes;
  handle->trace = std::move(trace);
  LtcSavedTyped<T>* raw = handle.get();
  result = wrapHandle(env, handle);
  TraceRegistry::current().add(env, raw, bytes);
  return result;
}

// ltcBackward(saved, params, inputs = [x, timespans, h0, c0], gradIn = [dReadout, dhFinal,
//             dcFinal], gradOut = [dx, dTimespans, dh0, dc0], grads) with the forward's params
// and inputs; grads in ltcGradArrays order.
template <typename T>
void ltcBackwardTyped(Reader& rd, napi_value* argv, LtcSavedTyped<T>& h) {
  LtcModel<T> m = ltcShape<T>(rd, h.spec, h.epsilon);
  const int64_t batch = h.batch;
  const int64_t steps = h.steps;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  const std::vector<FloatBuf> params = readFloatList(rd, argv[1], "params");
  loadLtcWeights(m, ltcRefs<T>(rd, m, params));
  LtcInputs<T> in;
  readLtcInputs<T>(rd, argv[2], m, batch, steps, in);
  const std::vector<napi_value> gi = rd.list(argv[3], "gradIn");
  const std::vector<napi_value> go = rd.list(argv[4], "gradOut");
  if (gi.size() != 3) rd.rangeError("gradIn: expected [dReadout, dhFinal, dcFinal]");
  if (go.size() != 4) rd.rangeError("gradOut: expected [dx, dTimespans, dh0, dc0]");
  const FloatBuf dReadout = rd.floatsOrNull(gi[0], "gradIn.dReadout");
  rd.needOptional(dReadout, rd.product({batch, steps, m.motorSize}), "gradIn.dReadout");
  const FloatBuf dhFinal = rd.floatsOrNull(gi[1], "gradIn.dhFinal");
  rd.needOptional(dhFinal, rd.product({batch, nH}), "gradIn.dhFinal");
  const FloatBuf dcFinal = rd.floatsOrNull(gi[2], "gradIn.dcFinal");
  if (dcFinal.present && !m.mixed()) {
    rd.typeError("gradIn.dcFinal: expected null without mixedMemory, got a buffer");
  }
  rd.needOptional(dcFinal, rd.product({batch, nH}), "gradIn.dcFinal");
  const FloatBuf dx = rd.floatsOrNull(go[0], "out.dx");
  rd.needOptional(dx, rd.product({batch, steps, nIn}), "out.dx");
  const FloatBuf dts = rd.floatsOrNull(go[1], "out.dTimespans");
  if (dts.present && !in.timespans) {
    rd.typeError("out.dTimespans: expected null, the forward call had no timespans");
  }
  rd.needOptional(dts, rd.product({batch, steps}), "out.dTimespans");
  const FloatBuf dh0 = rd.floatsOrNull(go[2], "out.dh0");
  rd.needOptional(dh0, rd.product({batch, nH}), "out.dh0");
  const FloatBuf dc0 = rd.floatsOrNull(go[3], "out.dc0");
  if (dc0.present && !m.mixed())
    rd.typeError("out.dc0: expected null without mixedMemory, got a buffer");
  rd.needOptional(dc0, rd.product({batch, nH}), "out.dc0");
  const std::vector<FloatBuf> out = [&] {
    std::vector<FloatBuf> list;
    const std::vector<napi_value> items = rd.list(argv[5], "grads");
    for (size_t i = 0; i < items.size(); i++) {
      list.push_back(rd.floats(items[i], "grads[" + std::to_string(i) + "]"));
    }
    return list;
  }();
  if (!h.trace) {
    // Dropped (see TraceHolder): run the forward again to rebuild it.
    std::unique_ptr<LtcTrace<T>> trace(
        new LtcTrace<T>(createLtcTrace(m, in, steps, true, ltcShares(m, in))));
    std::vector<T> readout(rd.product({batch, steps, m.motorSize}));
    std::vector<T> hFinal(rd.product({batch, nH}));
    std::vector<T> cFinal(m.mixed() ? rd.product({batch, nH}) : 0);
    ltcForward(m, in, *trace, readout.data(), hFinal.data(), cFinal.data());
    h.trace = std::move(trace);
  }
  LtcGradInputs<T> gIn;
  gIn.dReadout = dataOf<T>(dReadout);
  gIn.dhFinal = dataOf<T>(dhFinal);
  gIn.dcFinal = dataOf<T>(dcFinal);
  LtcInputGrads ig;
  LtcGrads g;
  ltcBackward(m, in, *h.trace, gIn, ig, g);
  TraceRegistry::current().release(rd.env(), &h);
  h.trace.reset();
  if (dx.present) fromDoubles<T>(ig.dx.data(), dx.length, dx);
  if (dts.present) fromDoubles<T>(ig.dTimespans.data(), dts.length, dts);
  if (dh0.present) fromDoubles<T>(ig.dh0.data(), dh0.length, dh0);
  if (dc0.present) fromDoubles<T>(ig.dc0.data(), dc0.length, dc0);
  size_t i = 0;
  const auto put = [&](const std::vector<double>& src, const char* name) {
    writeGrad<T>(rd, out, i, src.data(), static_cast<int64_t>(src.size()), name);
  };
  put(g.gleak, "gleak");
  put(g.vleak, "vleak");
  put(g.cm, "cm");
  put(g.sigma, "sigma");
  put(g.mu, "mu");
  put(g.w, "w");
  put(g.erev, "erev");
  put(g.sensorySigma, "sensorySigma");
  put(g.sensoryMu, "sensoryMu");
  put(g.sensoryW, "sensoryW");
  put(g.sensoryErev, "sensoryErev");
  if (m.inputMapping != LtcMapping::kNone) put(g.inputW, "inputW");
  if (m.inputMapping == LtcMapping::kAffine) put(g.inputB, "inputB");
  if (m.outputMapping != LtcMapping::kNone) put(g.outputW, "outputW");
  if (m.outputMapping == LtcMapping::kAffine) put(g.outputB, "outputB");
  if (m.mixed()) {
    put(g.lstmInputWeight, "lstm.inputWeight");
    put(g.lstmInputBias, "lstm.inputBias");
    put(g.lstmRecurrentWeight, "lstm.recurrentWeight");
  }
  if (i != out.size()) rd.rangeError("grads: too many arrays");
}

/** Copies a Float32Array or Float64Array of exactly `n` values into `dst`. */
template <typename T>
void readAny(Reader& rd, napi_value v, const char* name, int64_t n, T* dst) {
  Reader own(rd.env(), "ltcStep");
  const FloatBuf b = own.floats(v, name);
  own.need(b, n, name);
  if (own.f64()) {
    std::copy(b.as<double>(), b.as<double>() + n, dst);
  } else {
    std::copy(b.as<float>(), b.as<float>() + n, dst);
  }
}

/** Rounds `n` values into a Float32Array or Float64Array of exactly `n` values. */
template <typename T>
void writeAny(Reader& rd, napi_value v, const char* name, int64_t n, const T* src) {
  Reader own(rd.env(), "ltcStep");
  const FloatBuf b = own.floats(v, name);
  own.need(b, n, name);
  if (own.f64()) {
    std::copy(src, src + n, b.as<double>());
  } else {
    std::copy(src, src + n, b.as<float>());
  }
}

/** A stepper computing in T (the parameters' element type), with its scratch. */
template <typename T>
struct LtcStepTyped : LtcStepHandle {
  LtcStepTyped(LtcModel<T> m, int64_t batch)
      : x(batch * m.inputSize),
        h(batch * m.units),
        c(batch * m.units),
        hOut(batch * m.units),
        cOut(batch * m.units),
        readout(batch * m.motorSize),
        elapsed(batch),
        stepper(std::move(m), batch) {}

  void step(Reader& rd, napi_value* argv) override {
    napi_env env = rd.env();
    const LtcModel<T>& m = stepper.model();
    const int64_t batch = stepper.batch();
    const int64_t nH = m.units;
    readAny(rd, argv[1], "x", batch * m.inputSize, x.data());
    const T* el = nullptr;
    napi_valuetype et = napi_undefined;
    napi_typeof(env, argv[2], &et);
    if (et == napi_number) {
      std::fill(elapsed.begin(), elapsed.end(), static_cast<T>(rd.number(argv[2], "elapsed")));
      el = elapsed.data();
    } else if (!rd.isNullish(argv[2])) {
      readAny(rd, argv[2], "elapsed", batch, elapsed.data());
      el = elapsed.data();
    }
    readAny(rd, argv[3], "hIn", rd.product({batch, nH}), h.data());
    const bool hasC = !rd.isNullish(argv[6]) || !rd.isNullish(argv[7]);
    if (m.mixed()) {
      if (rd.isNullish(argv[6]) || rd.isNullish(argv[7])) {
        rd.typeError("cIn/cOut: expected [B, H] buffers with mixed memory, got null");
      }
      readAny(rd, argv[6], "cIn", rd.product({batch, nH}), c.data());
    } else if (hasC) {
      rd.typeError("cIn/cOut: expected null without mixed memory, got a buffer");
    }
    stepper.step(x.data(), el, h.data(), hOut.data(), readout.data(), c.data(), cOut.data());
    writeAny(rd, argv[4], "hOut", rd.product({batch, nH}), hOut.data());
    writeAny(rd, argv[5], "readout", batch * m.motorSize, readout.data());
    if (m.mixed()) writeAny(rd, argv[7], "cOut", rd.product({batch, nH}), cOut.data());
  }

  /** Scratch for callers' arrays of the other type and per-sample elapsed times. */
  std::vector<T> x, h, c, hOut, cOut, readout, elapsed;
  LtcStepper<T> stepper;
};

// ltcStepCreate(spec, epsilon, params) with spec.batch = the stepper's batch
template <typename T>
napi_value ltcStepCreateTyped(Reader& rd, const std::vector<int64_t>& s, double epsilon,
                              const std::vector<FloatBuf>& params) {
  LtcModel<T> m = ltcShape<T>(rd, s, epsilon);
  const int64_t batch = s[8];
  if (batch < 1) rd.rangeError("spec: batch must be >= 1");
  rd.product({batch, m.units});
  loadLtcWeights(m, ltcRefs<T>(rd, m, params));
  std::unique_ptr<LtcStepTyped<T>> handle(new LtcStepTyped<T>(std::move(m), batch));
  return wrapHandle(rd.env(), handle);
}

}  // namespace

napi_value LtcForward(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "ltcForward");
  const std::vector<int64_t> s = rd.spec(argv[0], 10);
  const double epsilon = rd.number(argv[1], "epsilon");
  ltcShape<double>(rd, s, epsilon);
  const std::vector<FloatBuf> params = readFloatList(rd, argv[2], "params");
  if (params.empty()) rd.rangeError("params: expected the parameter arrays, got none");
  return rd.f64() ? ltcForwardTyped<double>(rd, argv, s, epsilon, params)
                  : ltcForwardTyped<float>(rd, argv, s, epsilon, params);
}

napi_value LtcBackward(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "ltcBackward");
  LtcSavedHandle* h = unwrapHandle<LtcSavedHandle>(rd, argv[0], Handle::kLtcSaved, "saved");
  rd.expectType(h->f64);
  if (h->f64) {
    ltcBackwardTyped<double>(rd, argv, static_cast<LtcSavedTyped<double>&>(*h));
  } else {
    ltcBackwardTyped<float>(rd, argv, static_cast<LtcSavedTyped<float>&>(*h));
  }
  return nullptr;
}

napi_value LtcStepCreate(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "ltcStepCreate");
  const std::vector<int64_t> s = rd.spec(argv[0], 10);
  const double epsilon = rd.number(argv[1], "epsilon");
  ltcShape<double>(rd, s, epsilon);
  const std::vector<FloatBuf> params = readFloatList(rd, argv[2], "params");
  if (params.empty()) rd.rangeError("params: expected the parameter arrays, got none");
  return rd.f64() ? ltcStepCreateTyped<double>(rd, s, epsilon, params)
                  : ltcStepCreateTyped<float>(rd, s, epsilon, params);
}

// ltcStep(handle, x, elapsed (number | array | null), hIn, hOut, readout, cIn, cOut)
napi_value LtcStep(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "ltcStep");
  LtcStepHandle* h = unwrapHandle<LtcStepHandle>(rd, argv[0], Handle::kLtcStep, "handle");
  h->step(rd, argv);
  return nullptr;
}

}  // namespace fused_bind
}  // namespace ncps
