// In-place initializers with torch.nn.init's formulas: each fills `t` (outside autograd) from the global
// seeded generator (manualSeed) and returns it. They do not reproduce PyTorch's random streams, only its
// distributions. Formulas: PyTorch torch/nn/init.py; Glorot & Bengio 2010 (Xavier); He et al. 2015 (Kaiming).
import { noGrad, rand, randn, type Tensor } from "@paramlens/tensor";
import { calculateGain, type Nonlinearity } from "./calculate-gain";
import { calculateFan, calculateFanInAndFanOut, type FanMode } from "./fan";

function checkFinite(op: string, name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${op}: ${name} must be a finite number, got ${v}`);
}

/** Fills t with U(a, b). */
export function uniform(t: Tensor, a = 0, b = 1): Tensor {
  checkFinite("init.uniform", "a", a);
  checkFinite("init.uniform", "b", b);
  if (a > b) throw new RangeError(`init.uniform: a (${a}) must not exceed b (${b})`);
  return noGrad(() =>
    t.copy_(
      rand(t.shape)
        .mul(b - a)
        .add(a),
    ),
  );
}

/** Fills t with N(mean, std²). */
export function normal(t: Tensor, mean = 0, std = 1): Tensor {
  checkFinite("init.normal", "mean", mean);
  checkFinite("init.normal", "std", std);
  if (std < 0) throw new RangeError(`init.normal: std must be ≥ 0, got ${std}`);
  return noGrad(() => t.copy_(randn(t.shape).mul(std).add(mean)));
}

/** Fills t with `value`. */
export function constant(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

export function zeros(t: Tensor): Tensor {
  return constant(t, 0);
}

export function ones(t: Tensor): Tensor {
  return constant(t, 1);
}

/** Glorot uniform: U(±gain·√(6 / (fanIn + fanOut))). */
export function xavierUniform(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -bound, bound);
}

/** Glorot normal: N(0, gain²·2 / (fanIn + fanOut)). */
export function xavierNormal(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return normal(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** negative slope of the leaky ReLU that follows (used when nonlinearity is "leaky_relu"); default 0 */
  a?: number;
  /** "fan_in" (default) keeps forward variance, "fan_out" backward variance */
  mode?: FanMode;
  /** default "leaky_relu", as in PyTorch */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, t: Tensor, options: KaimingOptions): number {
  const fan = calculateFan(t, options.mode ?? "fan_in");
  if (fan === 0) throw new RangeError(`${op}: cannot initialize a tensor with zero elements along the fan`);
  return calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0) / Math.sqrt(fan);
}

/** He uniform: U(±√3·gain/√fan). */
export function kaimingUniform(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd("init.kaimingUniform", t, options);
  return uniform(t, -bound, bound);
}

/** He normal: N(0, gain²/fan). */
export function kaimingNormal(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd("init.kaimingNormal", t, options));
}
