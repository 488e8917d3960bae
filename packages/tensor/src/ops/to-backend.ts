// toBackend: the explicit move of a tensor's storage between backends (t.to("wasm") / t.to("js")).
// "wasm" copies the values once into the wasm backend's memory; the wasm kernels then read that tensor in
// place on every op (weights stop being copied per call). "js" copies a resident tensor back to the JS heap.
// The gradient passes through unchanged. Deliberately not here: moving op outputs (they are JS arrays).
import { record } from "../autograd/node";
import { wasmForStorage } from "../backend/active";
import type { BackendName } from "../backend/backend";
import { residentCopy } from "../backend/resident";
import { BackendError } from "../errors";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";

export type { BackendName };

/**
 * A tensor with x's values whose storage belongs to `backend`; x itself when it already does.
 * "wasm" needs `await initBackend()` (BackendError BACKEND_NOT_READY before, BACKEND_UNSUPPORTED without
 * WebAssembly SIMD). Where wasm memory cannot be shared (a browser page without cross-origin isolation), a
 * grown memory would detach the tensor's view, so the result keeps JS storage (`.device` says "js").
 * Recorded: d(move x) = dx. To move a parameter, move it outside the graph and mark the result:
 * `noGrad(() => w.to("wasm")).requiresGrad_()`.
 */
export function toBackend(x: Tensor, backend: BackendName): Tensor {
  const op = "toBackend";
  if (backend !== "js" && backend !== "wasm") {
    throw new BackendError(
      "UNKNOWN_BACKEND",
      `unknown backend ${JSON.stringify(String(backend).slice(0, 40))}; expected 'js' or 'wasm'`,
      op,
    );
  }
  if (x.device === backend) return x;
  const wasm = backend === "wasm" ? wasmForStorage(op) : undefined;
  let y: Tensor;
  if (wasm?.sharedMemory) {
    const src = contiguous(x.detach());
    const values =
      src.offset === 0 && src.data.length === src.size
        ? src.data
        : src.data.subarray(src.offset, src.offset + src.size);
    y = new Tensor(residentCopy(wasm, values), x.shape);
  } else {
    y = contiguous(x.detach(), true); // to "js", or to a wasm whose memory cannot hold views
  }
  // d(move x) = dx
  return record(y, op, [x], (g) => [g]);
}
