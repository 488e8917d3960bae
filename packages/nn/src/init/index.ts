// The `init` namespace: torch.nn.init's initializers and helpers under camelCase names.
export { calculateGain, type Nonlinearity } from "./calculate-gain";
export { calculateFan, calculateFanInAndFanOut, type FanMode } from "./fan";
export {
  constant,
  type KaimingOptions,
  kaimingNormal,
  kaimingUniform,
  normal,
  ones,
  uniform,
  xavierNormal,
  xavierUniform,
  zeros,
} from "./init";
