// The CfC exports: cfcForward, cfcBackward, cfcStepCreate and cfcStep. A call computes in the
// element type T of its parameters (fused_cfc.h), reading and writing the caller's arrays in
// place.
#include "fused_cfc_bind.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fused_cfc.h"
#include "fused_cfc_step.h"

namespace ncps {
namespace fused_bind {
namespace {
/**
 * spec = [mode, activation, layers, mixed, batch, steps, then per layer: inputSize,
 * hiddenSize, depth, units, hasMask]. Checks the sizes (as createCfcPlan does) and returns
 * a model with its sizes set (no weights yet).
 */
template <typename T>
CfcModel<T> cfcShape(const Reader& rd, const std::vector<int64_t>& s) {
  CfcModel<T> m;
  if (s[0] > 2) rd.rangeError("spec: mode must be 0, 1 or 2");
  if (s[1] > 4) rd.rangeError("spec: activation must be 0..4");
  m.mode = static_cast<CfcMode>(s[0]);
  m.activation = static_cast<int>(s[1]);
  const int64_t nLayers = s[2];
  if (nLayers < 1) rd.rangeError("spec: expected at least one layer, got 0");
  if (static_cast<int64_t>(s.size()) < 6 + 5 * nLayers) rd.rangeError("spec is too short");
  const bool pure = m.mode == CfcMode::kPure;
  int64_t offset = 0;
  int64_t prev = -1;
  for (int64_t l = 0; l < nLayers; l++) {
    const int64_t* v = s.data() + 6 + 5 * l;
    CfcLayer<T> L;
    L.inputSize = v[0];
    L.hiddenSize = v[1];
    L.depth = v[2];
    L.units = v[3];
    const std::string w = "layer " + std::to_string(l);
    if (L.hiddenSize < 1) rd.rangeError(w + ": hiddenSize must be >= 1");
    if (L.inputSize > kMaxModelSize || L.hiddenSize > kMaxModelSize || L.units > kMaxModelSize ||
        L.depth > kMaxModelSize) {
      rd.rangeError(w + ": sizes must be at most 2^26");
    }
    if (l > 0 && L.inputSize != prev)
      rd.rangeError(w + ": inputSize must be the previous hiddenSize");
    if (L.depth > 0 && L.units < 1) rd.rangeError(w + ": a backbone needs units >= 1");
    if (L.depth == 0) L.units = 0;
    if (v[4] != 0 && L.depth > 0) rd.typeError(w + ": a sparsity mask needs no backbone");
    L.stateOffset = offset;
    L.z0Width = L.inputSize + L.hiddenSize;
    L.headInput = L.depth > 0 ? L.units : L.z0Width;
    L.headOutputs = pure ? L.hiddenSize : 4 * L.hiddenSize;
    L.headSaved = pure ? 2 * L.hiddenSize : 4 * L.hiddenSize;
    L.hasMask = v[4] != 0;
    offset += L.hiddenSize;
    prev = L.hiddenSize;
    m.layers.push_back(L);
  }
  m.inputSize = m.layers[0].inputSize;
  m.stateSize = offset;
  m.outputSize = m.layers.back().hiddenSize;
  if (s[3] != 0) {
    m.lstm.inputSize = m.inputSize;
    m.lstm.hiddenSize = offset;
  }
  return m;
}

/** Reads the parameter arrays (canonical order, see the adapter) into references. */
template <typename T>
CfcRefs<T> cfcRefs(Reader& rd, const CfcModel<T>& m, const std::vector<FloatBuf>& p) {
  CfcRefs<T> r;
  size_t i = 0;
  const auto next = [&](int64_t n, const std::string& name) -> const T* {
    if (i >= p.size()) rd.rangeError("params: too few arrays (missing " + name + ")");
    rd.need(p[i], n, "params " + name);
    return p[i++].template as<T>();
  };
  const bool pure = m.mode == CfcMode::kPure;
  for (size_t l = 0; l < m.layers.size(); l++) {
    const CfcLayer<T>& L = m.layers[l];
    const std::string w = "layers[" + std::to_string(l) + "].";
    CfcLayerRefs<T> lr;
    int64_t in = L.z0Width;
    for (int64_t k = 0; k < L.depth; k++) {
      lr.backboneWeight.push_back(next(L.units * in, w + "backbone weight"));
      lr.backboneBias.push_back(next(L.units, w + "backbone bias"));
      in = L.units;
    }
    const int64_t nHeads = pure ? 1 : 4;
    for (int64_t k = 0; k < nHeads; k++) {
      lr.headWeight[k] = next(L.hiddenSize * L.headInput, w + "head weight");
      lr.headBias[k] = next(L.hiddenSize, w + "head bias");
    }
    if (pure) {
      lr.wTau = next(L.hiddenSize, w + "wTau");
      lr.a = next(L.hiddenSize, w + "a");
    }
    if (L.hasMask) lr.mask = next(L.hiddenSize * L.z0Width, w + "sparsityMask");
    r.layers.push_back(lr);
  }
  if (m.mixed()) {
    const int64_t n = m.stateSize;
    r.lstmInputWeight = next(4 * n * m.inputSize, "lstm inputWeight");
    r.lstmInputBias = next(4 * n, "lstm inputBias");
    r.lstmRecurrentWeight = next(4 * n * n, "lstm recurrentWeight");
  }
  if (i != p.size()) rd.rangeError("params: too many arrays");
  return r;
}

/** A forward call's saved activations; a CfcSavedOf<T> of the call's element type. */
struct CfcSavedHandle : TraceHolder {
  CfcSavedHandle() : TraceHolder(kCfcSaved) {}
  int64_t batch = 0;
  int64_t steps = 0;
  bool f64 = true;
};

template <typename T>
struct CfcSavedOf : CfcSavedHandle {
  void dropTrace() override { trace.reset(); }
  /** The sizes the forward call ran with (no weights). */
  CfcModel<T> shape;
  std::unique_ptr<CfcTrace<T>> trace;
};

struct CfcStepHandle : Handle {
  CfcStepHandle() : Handle(kCfcStep) {}
  std::unique_ptr<CfcStepper> stepper;
  int64_t batch = 0;
  int64_t inputSize = 0;
  bool f64 = true;
};

/**
 * Reads inputs = [x, timespans, h0, c0] and the dropout masks (an array or null) of a call
 * over `m` with `batch` samples and `steps` steps into `out` (pointers to the caller's arrays).
 */
template <typename T>
void readCfcInputs(Reader& rd, napi_value inputs, napi_value masks, const CfcModel<T>& m,
                   int64_t batch, int64_t steps, CfcInputs<T>& out) {
  const std::vector<napi_value> v = rd.list(inputs, "inputs");
  if (v.size() != 4) rd.rangeError("inputs: expected [x, timespans, h0, c0]");
  const int64_t nState = m.stateSize;
  const FloatBuf x = rd.floats(v[0], "inputs.x");
  rd.need(x, rd.product({batch, steps, m.inputSize}), "inputs.x");
  const FloatBuf ts = rd.floatsOrNull(v[1], "inputs.timespans");
  rd.needOptional(ts, rd.product({batch, steps}), "inputs.timespans");
  const FloatBuf h0 = rd.floatsOrNull(v[2], "inputs.h0");
  rd.needOptional(h0, rd.product({batch, nState}), "inputs.h0");
  const FloatBuf c0 = rd.floatsOrNull(v[3], "inputs.c0");
  if (c0.present && !m.mixed()) rd.typeError("inputs.c0: expected null without mixed memory");
  rd.needOptional(c0, rd.product({batch, nState}), "inputs.c0");
  out.batch = batch;
  out.steps = steps;
  out.x = x.as<const T>();
  out.timespans = ts.as<const T>();
  out.h0 = h0.as<const T>();
  out.c0 = c0.as<const T>();
  if (!rd.isNullish(masks)) {
    const std::vector<napi_value> list = rd.list(masks, "inputs.dropoutMasks");
    const CfcLayer<T>& L0 = m.layers[0];
    if (static_cast<int64_t>(list.size()) != L0.depth) {
      rd.rangeError("inputs.dropoutMasks: expected " + std::to_string(L0.depth) +
                    " entries (one per backbone layer), got " + std::to_string(list.size()));
    }
    for (size_t i = 0; i < list.size(); i++) {
      const std::string name = "inputs.dropoutMasks[" + std::to_string(i) + "]";
      const FloatBuf k = rd.floatsOrNull(list[i], name);
      if (i == 0 && k.present)
        rd.typeError(name + ": expected null (no dropout after the first backbone layer)");
      rd.needOptional(k, rd.product({batch, steps, L0.units}), name);
      out.dropout.push_back(k.as<const T>());
    }
  }
}

/** Copies a gradient into the next buffer of the list (checked to have `n` elements). */
template <typename T>
void putGrad(Reader& rd, const std::vector<FloatBuf>& out, size_t& i, const T* src, int64_t n,
             const std::string& name) {
  if (i >= out.size()) rd.rangeError("grads: too few arrays (missing " + name + ")");
  rd.need(out[i], n, "grads " + name);
  std::copy(src, src + n, out[i].as<T>());
  i++;
}

// cfcForward(spec, params, inputs = [x, timespans, h0, c0], dropoutMasks,
//            outputs = [readout, hFinal, cFinal], save) -> saved handle, or null unless save.
template <typename T>
napi_value cfcForwardTyped(Reader& rd, napi_value* argv, const std::vector<int64_t>& s,
                           const std::vector<FloatBuf>& params) {
  napi_env env = rd.env();
  CfcModel<T> m = cfcShape<T>(rd, s);
  const int64_t batch = s[4];
  const int64_t steps = s[5];
  if (batch < 1 || steps < 1) rd.rangeError("spec: batch and steps must be >= 1");
  const CfcModel<T> shape = m;
  loadCfcWeights(m, cfcRefs<T>(rd, m, params));
  CfcInputs<T> in;
  readCfcInputs<T>(rd, argv[2], argv[3], m, batch, steps, in);
  const std::vector<napi_value> outs = rd.list(argv[4], "outputs");
  if (outs.size() != 3) rd.rangeError("outputs: expected [readout, hFinal, cFinal]");
  const int64_t nState = m.stateSize;
  const int64_t nOut = m.outputSize;
  const FloatBuf readout = rd.floats(outs[0], "outputs.readout");
  rd.need(readout, rd.product({batch, steps, nOut}), "outputs.readout");
  const FloatBuf hFinal = rd.floats(outs[1], "outputs.hFinal");
  rd.need(hFinal, rd.product({batch, nState}), "outputs.hFinal");
  const FloatBuf cFinal = rd.floatsOrNull(outs[2], "outputs.cFinal");
  if (m.mixed()) {
    rd.need(cFinal, rd.product({batch, nState}), "outputs.cFinal");
  } else if (cFinal.present) {
    rd.typeError("outputs.cFinal: expected null without mixed memory, got a buffer");
  }
  const bool save = rd.flag(argv[5], "save");
  std::unique_ptr<CfcTrace<T>> trace(new CfcTrace<T>(createCfcTrace(m, in, save ? steps : 1)));
  cfcForward(m, in, *trace, readout.as<T>(), hFinal.as<T>(), cFinal.as<T>());
  napi_value result = nullptr;
  if (!save) {
    napi_get_null(env, &result);
    return result;
  }
  std::unique_ptr<CfcSavedOf<T>> handle(new CfcSavedOf<T>());
  handle->shape = shape;
  handle->batch = batch;
  handle->steps = steps;
  handle->f64 = std::is_same<T, double>::value;
  const int64_t bytes = trace->bytes;
  handle->trace = std::move(trace);
  CfcSavedOf<T>* raw = handle.get();
  result = wrapHandle(env, handle);
  TraceRegistry::current().add(env, raw, bytes);
  return result;
}

// cfcBackward(saved, params, inputs = [x, timespans, h0, c0], dropoutMasks,
//             gradIn = [dReadout, dhFinal, dcFinal], gradOut = [dx, dTimespans, dh0, dc0], grads)
// with the params and inputs of the forward call.
template <typename T>
void cfcBackwardTyped(Reader& rd, napi_value* argv, CfcSavedOf<T>& h) {
  CfcModel<T> m = h.shape;
  const int64_t batch = h.batch;
  const int64_t steps = h.steps;
  const int64_t nState = m.stateSize;
  const std::vector<FloatBuf> params = readFloatList(rd, argv[1], "params");
  loadCfcWeights(m, cfcRefs<T>(rd, m, params));
  CfcInputs<T> in;
  readCfcInputs<T>(rd, argv[2], argv[3], m, batch, steps, in);
  const std::vector<napi_value> gi = rd.list(argv[4], "gradIn");
  const std::vector<napi_value> go = rd.list(argv[5], "gradOut");
  if (gi.size() != 3) rd.rangeError("gradIn: expected [dReadout, dhFinal, dcFinal]");
  if (go.size() != 4) rd.rangeError("gradOut: expected [dx, dTimespans, dh0, dc0]");
  const FloatBuf dReadout = rd.floatsOrNull(gi[0], "gradInputs.dReadout");
  rd.needOptional(dReadout, rd.product({batch, steps, m.outputSize}), "gradInputs.dReadout");
  const FloatBuf dhFinal = rd.floatsOrNull(gi[1], "gradInputs.dhFinal");
  rd.needOptional(dhFinal, rd.product({batch, nState}), "gradInputs.dhFinal");
  const FloatBuf dcFinal = rd.floatsOrNull(gi[2], "gradInputs.dcFinal");
  if (dcFinal.present && !m.mixed()) {
    rd.typeError("gradInputs.dcFinal: expected null without mixed memory, got a buffer");
  }
  rd.needOptional(dcFinal, rd.product({batch, nState}), "gradInputs.dcFinal");
  const FloatBuf dx = rd.floatsOrNull(go[0], "gradOutputs.dx");
  rd.needOptional(dx, rd.product({batch, steps, m.inputSize}), "gradOutputs.dx");
  const FloatBuf dts = rd.floatsOrNull(go[1], "gradOutputs.dTimespans");
  if (dts.present && !in.hasTimespans()) {
    rd.typeError(
        "gradOutputs.dTimespans: expected null when the forward call had no timespans, got a "
        "buffer");
  }
  rd.needOptional(dts, rd.product({batch, steps}), "gradOutputs.dTimespans");
  const FloatBuf dh0 = rd.floatsOrNull(go[2], "gradOutputs.dh0");
  rd.needOptional(dh0, rd.product({batch, nState}), "gradOutputs.dh0");
  const FloatBuf dc0 = rd.floatsOrNull(go[3], "gradOutputs.dc0");
  if (dc0.present && !m.mixed()) {
    rd.typeError("gradOutputs.dc0: expected null without mixed memory, got a buffer");
  }
  rd.needOptional(dc0, rd.product({batch, nState}), "gradOutputs.dc0");
  const std::vector<FloatBuf> out = readFloatList(rd, argv[6], "grads");
  if (!h.trace) {
    // Dropped (see TraceHolder): run the forward again to rebuild it.
    std::unique_ptr<CfcTrace<T>> trace(new CfcTrace<T>(createCfcTrace(m, in, steps)));
    std::vector<T> readout(rd.product({batch, steps, m.outputSize}));
    std::vector<T> hFinal(rd.product({batch, nState}));
    std::vector<T> cFinal(m.mixed() ? rd.product({batch, nState}) : 0);
    cfcForward(m, in, *trace, readout.data(), hFinal.data(), cFinal.data());
    h.trace = std::move(trace);
  }
  CfcGradInputs<T> gIn;
  gIn.dReadout = dReadout.as<const T>();
  gIn.dhFinal = dhFinal.as<const T>();
  gIn.dcFinal = dcFinal.as<const T>();
  CfcInputGrads<T> ig;
  CfcGrads<T> g;
  cfcBackward(m, in, *h.trace, gIn, ig, g);
  // The trace is done with (a second backward would rebuild it).
  TraceRegistry::current().release(rd.env(), &h);
  h.trace.reset();
  if (dx.present) std::copy(ig.dx.begin(), ig.dx.end(), dx.as<T>());
  if (dts.present) std::copy(ig.dTimespans.begin(), ig.dTimespans.end(), dts.as<T>());
  if (dh0.present) std::copy(ig.dh0.begin(), ig.dh0.end(), dh0.as<T>());
  if (dc0.present) std::copy(ig.dc0.begin(), ig.dc0.end(), dc0.as<T>());
  size_t i = 0;
  const bool pure = m.mode == CfcMode::kPure;
  for (size_t l = 0; l < m.layers.size(); l++) {
    const CfcLayer<T>& L = m.layers[l];
    const CfcLayerGrads<T>& gl = g.layers[l];
    const std::string w = "layers[" + std::to_string(l) + "].";
    for (int64_t k = 0; k < L.depth; k++) {
      putGrad<T>(rd, out, i, gl.backboneWeight[k].data(),
                 static_cast<int64_t>(gl.backboneWeight[k].size()), w + "backbone weight");
      putGrad<T>(rd, out, i, gl.backboneBias[k].data(), L.units, w + "backbone bias");
    }
    const int64_t nH = L.hiddenSize;
    const int64_t d = L.headInput;
    for (int64_t k = 0; k * nH < L.headOutputs; k++) {
      putGrad<T>(rd, out, i, gl.headWeight.data() + k * nH * d, nH * d, w + "head weight");
      putGrad<T>(rd, out, i, gl.headBias.data() + k * nH, nH, w + "head bias");
    }
    if (pure) {
      putGrad<T>(rd, out, i, gl.wTau.data(), nH, w + "wTau");
      putGrad<T>(rd, out, i, gl.a.data(), nH, w + "a");
    }
  }
  if (m.mixed()) {
    putGrad<T>(rd, out, i, g.lstmInputWeight.data(),
               static_cast<int64_t>(g.lstmInputWeight.size()), "lstm inputWeight");
    putGrad<T>(rd, out, i, g.lstmInputBias.data(), static_cast<int64_t>(g.lstmInputBias.size()),
               "lstm inputBias");
    putGrad<T>(rd, out, i, g.lstmRecurrentWeight.data(),
               static_cast<int64_t>(g.lstmRecurrentWeight.size()), "lstm recurrentWeight");
  }
  if (i != out.size()) rd.rangeError("grads: too many arrays");
}

// cfcStepCreate(spec, params, h, c, readout) with spec.batch = the stepper's batch; h, c and
// readout have the parameters' element type.
template <typename T>
napi_value cfcStepCreateTyped(Reader& rd, napi_value* argv, const std::vector<int64_t>& s,
                              const std::vector<FloatBuf>& params) {
  napi_env env = rd.env();
  const CfcModel<T> m = cfcShape<T>(rd, s);
  const int64_t batch = s[4];
  if (batch < 1) rd.rangeError("spec: batch must be >= 1");
  const CfcRefs<T> refs = cfcRefs<T>(rd, m, params);
  const int64_t n = rd.product({batch, m.stateSize});
  const FloatBuf h = rd.floats(argv[2], "h");
  rd.need(h, n, "h");
  FloatBuf c;
  if (m.mixed()) {
    c = rd.floats(argv[3], "c");
    rd.need(c, n, "c");
  }
  const FloatBuf readout = rd.floats(argv[4], "readout");
  rd.need(readout, rd.product({batch, m.outputSize}), "readout");
  std::unique_ptr<CfcStepHandle> handle(new CfcStepHandle());
  handle->batch = batch;
  handle->inputSize = m.inputSize;
  handle->f64 = std::is_same<T, double>::value;
  for (const napi_value& p : rd.list(argv[1], "params")) keep(env, *handle, p);
  keep(env, *handle, argv[2]);
  if (c.present) keep(env, *handle, argv[3]);
  keep(env, *handle, argv[4]);
  handle->stepper = createCfcStepper<T>(m, refs, batch, h.as<T>(), c.as<T>(), readout.as<T>());
  return wrapHandle(env, handle);
}

}  // namespace

napi_value CfcForward(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "cfcForward");
  const std::vector<int64_t> s = rd.spec(argv[0], 6);
  cfcShape<double>(rd, s);  // checks the sizes before the parameters
  const std::vector<FloatBuf> params = readFloatList(rd, argv[1], "params");
  if (params.empty()) rd.rangeError("params: expected the parameter arrays, got none");
  return rd.f64() ? cfcForwardTyped<double>(rd, argv, s, params)
                  : cfcForwardTyped<float>(rd, argv, s, params);
}

napi_value CfcBackward(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "cfcBackward");
  CfcSavedHandle* h = unwrapHandle<CfcSavedHandle>(rd, argv[0], Handle::kCfcSaved, "saved");
  rd.expectType(h->f64);
  if (h->f64) {
    cfcBackwardTyped<double>(rd, argv, static_cast<CfcSavedOf<double>&>(*h));
  } else {
    cfcBackwardTyped<float>(rd, argv, static_cast<CfcSavedOf<float>&>(*h));
  }
  return nullptr;
}

napi_value CfcStepCreate(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "cfcStepCreate");
  const std::vector<int64_t> s = rd.spec(argv[0], 6);
  cfcShape<double>(rd, s);  // checks the sizes before the parameters
  const std::vector<FloatBuf> params = readFloatList(rd, argv[1], "params");
  if (params.empty()) rd.rangeError("params: expected the parameter arrays, got none");
  return rd.f64() ? cfcStepCreateTyped<double>(rd, argv, s, params)
                  : cfcStepCreateTyped<float>(rd, argv, s, params);
}

// cfcStep(handle, x, timespans | null)
napi_value CfcStep(napi_env env, napi_value* argv, size_t /*argc*/) {
  Reader rd(env, "cfcStep");
  CfcStepHandle* h = unwrapHandle<CfcStepHandle>(rd, argv[0], Handle::kCfcStep, "handle");
  rd.expectType(h->f64);
  const FloatBuf x = rd.floats(argv[1], "x");
  rd.need(x, h->batch * h->inputSize, "x");
  const FloatBuf ts = rd.floatsOrNull(argv[2], "timespans");
  rd.needOptional(ts, h->batch, "timespans");
  h->stepper->step(x.data, ts.present ? ts.data : nullptr);
  return nullptr;
}

}  // namespace fused_bind
}  // namespace ncps
