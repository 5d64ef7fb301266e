/** The `js` set of fused recurrences (see ../fused.ts), over the TypeScript kernels. */
import type { FusedRecurrences } from "../fused.js";
import { type CfcSaved, cfcSequenceBackward, cfcSequenceForward } from "./cfc.js";
import { cfcStep, createCfcStepWorkspace } from "./cfcStep.js";
import { ltcSequenceBackward } from "./ltcBackward.js";
import { type LtcSaved, ltcSequenceForward } from "./ltcForward.js";
import { LtcStepper } from "./ltcStepper.js";

export const jsFused: FusedRecurrences = {
  cfcSequenceForward,
  cfcSequenceBackward: (saved, gradIn, out) => cfcSequenceBackward(saved as CfcSaved, gradIn, out),
  createCfcStep(params, batch) {
    const ws = createCfcStepWorkspace(params, batch);
    return { h: ws.h, c: ws.c, readout: ws.readout, step: (x, ts) => cfcStep(ws, x, ts) };
  },
  ltcSequenceForward,
  ltcSequenceBackward: (saved, gradIn, out) => ltcSequenceBackward(saved as LtcSaved, gradIn, out),
  createLtcStep: (config, params, batch) => new LtcStepper(config, params, batch),
};
