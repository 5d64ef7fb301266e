/**
 * File formats (Node and browser codecs, Node file helpers): safetensors, atomic writes and
 * verified checkpoints.
 */
export {
  type FileData,
  type WriteDirOptions,
  writeDirAtomic,
  writeFileAtomic,
  writeFileAtomicSync,
} from "./atomic.js";
export {
  CHECKPOINT_FILES,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  type CheckpointContents,
  type JsonValue,
  loadCheckpoint,
  type StateValue,
  saveCheckpoint,
} from "./checkpoint.js";
export {
  loadModel,
  loadTorchStateDict,
  saveModel,
  saveTorchStateDict,
  stateArrays,
} from "./model.js";
export {
  type DecodedSafetensors,
  type DType as SafetensorsDType,
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  type NamedArray,
  type SafetensorsData,
  saveSafetensors,
} from "./safetensors.js";
