// The optimizer wrappers of WasmBackend: one SGD or Adam/AdamW step, in place (params and state buffers
// are updated where they are; Float32Array operands are copied in and back), torch.optim semantics
// (assembly/optim.ts). Deliberately not here: parameter groups, schedules, step counting (the caller's).
import { WasmArgumentError } from "./errors";
import type { WasmBackend } from "./wasm-backend";
import { type F32Input, withCall } from "./wasm-call";
import { finite } from "./wasm-checks";

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  /** True on the first step with momentum: the velocity buffer is initialised to the gradient. */
  firstStep?: boolean;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: weight decay applied to the parameters, not added to the gradient. */
  decoupled?: boolean;
  /** 1-based step count (bias correction). */
  step: number;
}

type Operand = [name: string, x: F32Input | undefined, readOnly?: boolean];

/** One SGD step (torch.optim.SGD semantics). velocity is required when momentum ≠ 0. */
export function sgdUpdate(
  backend: WasmBackend,
  params: F32Input,
  grads: F32Input,
  velocity: F32Input | undefined,
  options: SgdOptions,
): void {
  const op = "sgdUpdate";
  const lr = finite(op, "lr", options.lr);
  const momentum = finite(op, "momentum", options.momentum ?? 0);
  const dampening = finite(op, "dampening", options.dampening ?? 0);
  const weightDecay = finite(op, "weightDecay", options.weightDecay ?? 0);
  if (options.nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new WasmArgumentError(
      `${op}: nesterov needs momentum > 0 and dampening = 0 (got ${momentum}, ${dampening})`,
    );
  }
  if (momentum !== 0 && velocity === undefined) {
    throw new WasmArgumentError(`${op}: momentum = ${momentum} needs a velocity buffer`);
  }
  const n = params.length;
  const operands: Operand[] = [
    ["params", params],
    ["grads", grads, true],
  ];
  if (momentum !== 0) operands.push(["velocity", velocity]);
  inPlace(backend, op, operands, n, (p) =>
    backend.raw.sgdUpdate(
      p[0]!,
      p[1]!,
      p[2] ?? 0,
      n,
      lr,
      momentum,
      dampening,
      weightDecay,
      +!!options.nesterov,
      +!!options.firstStep,
    ),
  );
}

/** One Adam / AdamW step (torch.optim.Adam / AdamW semantics); m and v are the moment buffers. */
export function adamUpdate(
  backend: WasmBackend,
  params: F32Input,
  grads: F32Input,
  m: F32Input,
  v: F32Input,
  options: AdamOptions,
): void {
  const op = "adamUpdate";
  const lr = finite(op, "lr", options.lr);
  const beta1 = finite(op, "beta1", options.beta1 ?? 0.9);
  const beta2 = finite(op, "beta2", options.beta2 ?? 0.999);
  const eps = finite(op, "eps", options.eps ?? 1e-8);
  const weightDecay = finite(op, "weightDecay", options.weightDecay ?? 0);
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
    throw new WasmArgumentError(`${op}: betas (${beta1}, ${beta2}) must lie in [0, 1)`);
  }
  if (!Number.isInteger(options.step) || options.step < 1) {
    throw new WasmArgumentError(
      `${op}: step = ${options.step} must be an integer ≥ 1 (PyTorch counts from 1)`,
    );
  }
  const n = params.length;
  const operands: Operand[] = [
    ["params", params],
    ["grads", grads, true],
    ["m", m],
    ["v", v],
  ];
  inPlace(backend, op, operands, n, (p) =>
    backend.raw.adamUpdate(
      p[0]!,
      p[1]!,
      p[2]!,
      p[3]!,
      n,
      lr,
      beta1,
      beta2,
      eps,
      weightDecay,
      +!!options.decoupled,
      options.step,
    ),
  );
}

// Runs an in-place kernel: Float32Array operands are copied in and (unless read-only) copied back.
function inPlace(
  backend: WasmBackend,
  op: string,
  operands: Operand[],
  n: number,
  kernel: (ptrs: number[]) => void,
): void {
  withCall(backend.arena, op, (call) => {
    const seen = new Set<F32Input>();
    const slots = operands.map(([name, x, readOnly]) => {
      if (x === undefined) throw new WasmArgumentError(`${op}: ${name} is missing`);
      if (!readOnly && seen.has(x))
        throw new WasmArgumentError(`${op}: ${name} is the same buffer as another operand`);
      seen.add(x);
      return readOnly ? { ptr: call.in(name, x, n), result: x } : call.out(name, x, n, true);
    });
    kernel(slots.map((s) => s.ptr));
    for (const s of slots) if ("temp" in s) call.finish(s);
  });
}
