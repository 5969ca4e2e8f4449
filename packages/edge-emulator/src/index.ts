export {
  type EdgeEmulator,
  type EmulatorClientOptions,
  type EmulatorEnv,
  startEdgeEmulator,
} from './emulator.js';
export { FAULT_KINDS, type FaultKind, parseFaultHeader } from './faults/fault-kinds.js';
export type { FaultRuleInput } from './faults/fault-rules.js';
export { KOKORO_VOICES, type ModelType, modelType } from './catalog.js';
export {
  API_KEY_PATTERN,
  DEFAULT_API_KEY,
  DEFAULT_EDGES,
  type EdgeEmulatorOptions,
  type EdgeLatency,
  type EdgeSpec,
  type EmulatorTiming,
} from './options.js';
export type { RecordedRequest } from './state.js';
