// @paramlens/nn public API. Part A (module system, layers, init, summary, state dicts) first; other
// sections are appended below with small targeted insertions.

export { ModuleError, type ModuleErrorCode, type ShapeMismatch, StateDictError } from "./errors";
export { linear } from "./functional/linear";
export type { RemovableHandle } from "./hooks";
export * as init from "./init/index";
export { Linear, type LinearOptions } from "./layers/linear";
export {
  type AnyModule,
  type ForwardHook,
  type ForwardPreHook,
  type FullBackwardHook,
  type FullBackwardPreHook,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  Module,
  type NamedOptions,
  type RegisterParameterOptions,
  type StateDict,
} from "./module";
export { parameter } from "./parameter";
export { type CountParametersOptions, countParameters } from "./parameter-count";
// ---- end of part A exports ----
