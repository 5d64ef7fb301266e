/**
 * Checks one golden model case: builds the ncps model with our classes, loads the exact
 * parameters, runs the recorded call, and compares the readout, final states and the gradients
 * of `sum(y * weights)` with respect to every parameter, the input, the timespans and `hx`.
 */

import { CfC, type CfCOptions } from "../../nn/cfc.js";
import { LTC, type LTCOptions } from "../../nn/ltc.js";
import type { Module } from "../../nn/module.js";
import type { RecurrentState, SequenceCall } from "../../nn/recurrent/sequenceIO.js";
import type { DType } from "../../tensor/dtype.js";
import { mul } from "../../tensor/ops/arithmetic.js";
import { sum } from "../../tensor/ops/reduce.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Wiring } from "../../wirings/index.js";
import { compareArrays, GOLDEN_TOLERANCES, type Tolerance } from "./compare.js";
import { type CaseResult, camelKeys, wiringFromGoldenArgs } from "./goldenWiring.js";
import type { GoldenModelCase, GoldenTensor } from "./schema.js";

interface SequenceModel extends Module {
  forward(x: Tensor, call?: SequenceCall): [Tensor, RecurrentState];
}

/** Our model for a golden case, freshly built (weights still to be loaded). */
export function buildGoldenModel(c: GoldenModelCase, dtype: DType): SequenceModel {
  const m = c.model;
  let units: number | Wiring;
  if (m.wiring !== null && !m.wiring_is_implicit) {
    units = wiringFromGoldenArgs(m.wiring);
  } else {
    units = m.units ?? m.state_size;
  }
  const kwargs = camelKeys(m.kwargs);
  if (m.class === "CfC")
    return new CfC(m.input_size, units, { ...(kwargs as CfCOptions), dtype, seed: 0 });
  const { implicitParamConstraints, ...rest } = kwargs;
  return new LTC(m.input_size, units, {
    ...(rest as LTCOptions),
    ...(implicitParamConstraints !== undefined && {
      implicitParamConstraints: implicitParamConstraints as boolean,
    }),
    dtype,
    seed: 0,
  });
}

function toTensor(g: GoldenTensor, dtype: DType, requiresGrad: boolean): Tensor {
  const data = dtype === "float64" ? Float64Array.from(g.values) : Float32Array.from(g.values);
  return new Tensor(data, g.shape, { requiresGrad });
}

/** Runs a golden case in `dtype` and compares everything with the acceptance tolerances. */
export function checkGoldenModel(c: GoldenModelCase, dtype: DType): CaseResult {
  const tol = GOLDEN_TOLERANCES[dtype];
  const model = buildGoldenModel(c, dtype).eval();
  model.loadStateDict(
    Object.fromEntries(c.parameters.map((p) => [p.name, { shape: p.shape, data: p.values }])),
  );
  const x = toTensor(c.inputs.x, dtype, true);
  const timespans = c.inputs.timespans === null ? null : toTensor(c.inputs.timespans, dtype, true);
  const h0 = c.inputs.hx === null ? null : toTensor(c.inputs.hx.h0, dtype, true);
  const c0 = c.inputs.hx?.c0 === undefined ? null : toTensor(c.inputs.hx.c0, dtype, true);
  const hx: RecurrentState | null = h0 === null ? null : c0 === null ? h0 : [h0, c0];
  const [y, state] = model.forward(x, { hx, timespans });
  const [hFinal, cFinal] = state instanceof Tensor ? [state, null] : state;
  const loss = sum(mul(y, toTensor(c.loss.weights, dtype, false)));
  loss.backward();

  let maxAbs = 0;
  let maxRel = 0;
  const failures: string[] = [];
  const check = (
    what: string,
    actual: ArrayLike<number> | null | undefined,
    expected: GoldenTensor | null,
    t: Tolerance,
  ) => {
    if (expected === null) return;
    if (actual === null || actual === undefined) {
      failures.push(`${what} missing`);
      return;
    }
    const r = compareArrays(actual, expected.values, t);
    maxAbs = Math.max(maxAbs, r.maxAbs);
    maxRel = Math.max(maxRel, r.maxRel);
    if (!r.ok) failures.push(`${what} (max abs ${r.maxAbs.toExponential(2)})`);
  };
  check("y", y.data, c.outputs.y, tol.values);
  check("h_final", hFinal.data, c.outputs.h_final, tol.values);
  check("c_final", cFinal?.data, c.outputs.c_final, tol.values);
  const params = model.stateDict();
  for (const [name, g] of Object.entries(c.grads.params)) {
    if (g === null) continue;
    check(`grad ${name}`, params[name]?.grad?.data, g, tol.grads);
  }
  check("grad x", x.grad?.data, c.grads.x, tol.grads);
  check("grad timespans", timespans?.grad?.data, c.grads.timespans, tol.grads);
  check("grad h0", h0?.grad?.data, c.grads.hx?.h0 ?? null, tol.grads);
  check("grad c0", c0?.grad?.data, c.grads.hx?.c0 ?? null, tol.grads);
  return { caseId: c.case_id, ok: failures.length === 0, maxAbs, maxRel, failures };
}
