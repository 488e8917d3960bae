// The convolution wrappers of WasmBackend: im2col / col2im of one image, and batched conv2d forward and
// backward (im2col + GEMM per image, assembly/im2col.ts). Deliberately not here: geometry checks
// (wasm-conv-geometry.ts), thread splits (threads.ts, sync-threads.ts), other layouts than NCHW.

import { WasmArgumentError } from "./errors";
import type { WasmBackend } from "./wasm-backend";
import { type F32Input, run, withCall } from "./wasm-call";
import { count, distinct } from "./wasm-checks";
import { type Conv2dGeometry, type Conv2dShape, convSizes, geometry } from "./wasm-conv-geometry";

/** col [C·kh·kw, outH·outW] from one image x [C, H, W]. */
export function im2col<O extends F32Input>(
  backend: WasmBackend,
  x: F32Input,
  geometry_: Conv2dGeometry,
  out: O | undefined,
): NoInfer<O> {
  return imageColumns(backend, "im2col", x, geometry_, out);
}

/** The adjoint of im2col: x [C, H, W] = Σ of every col entry into the pixel it came from (x overwritten). */
export function col2im<O extends F32Input>(
  backend: WasmBackend,
  col: F32Input,
  geometry_: Conv2dGeometry,
  out: O | undefined,
): NoInfer<O> {
  return imageColumns(backend, "col2im", col, geometry_, out);
}

// im2col and col2im differ only in direction: image → columns, or columns → image.
function imageColumns<O extends F32Input>(
  backend: WasmBackend,
  op: "im2col" | "col2im",
  src: F32Input,
  geometry_: Conv2dGeometry,
  out: O | undefined,
): NoInfer<O> {
  const g = geometry(op, geometry_);
  const [srcName, dstName] = op === "im2col" ? (["x", "col"] as const) : (["col", "x"] as const);
  const size = (name: "x" | "col"): number =>
    name === "x" ? count(op, "x", g.c, g.h, g.w) : count(op, "col", g.c, g.kh, g.kw, g.outH, g.outW);
  distinct(op, out, [srcName, src]);
  return run<O>(backend.arena, op, (call) => {
    const ps = call.in(srcName, src, size(srcName));
    const o = call.out("out", out, size(dstName), false);
    backend.raw[op](ps, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, o.ptr);
    return o;
  });
}

/**
 * 2-d convolution (cross-correlation, as PyTorch's conv2d) through im2col + GEMM, one image at a time:
 * x [N, C, H, W], w [Cout, C, kh, kw], bias [Cout] or undefined → y [N, Cout, outH, outW].
 */
export function conv2d<O extends F32Input>(
  backend: WasmBackend,
  x: F32Input,
  w: F32Input,
  bias: F32Input | undefined,
  shape: Conv2dShape,
  out: O | undefined,
): NoInfer<O> {
  const op = "conv2d";
  const { g, batch, cout, imageIn, patch, pixels, imageOut, direct } = convSizes(op, shape);
  distinct(op, out, ["x", x], ["w", w], ["bias", bias]);
  return run<O>(backend.arena, op, (call) => {
    const px = call.in("x", x, count(op, "x", batch, imageIn));
    const pw = call.in("w", w, count(op, "w", cout, patch));
    const pbias = bias === undefined ? 0 : call.in("bias", bias, cout);
    const y = call.out("out", out, count(op, "out", batch, imageOut), false);
    const col = direct ? 0 : call.temp(count(op, "col", patch, pixels)).ptr;
    const { c, h, w: width, kh, kw, sh, sw, ph, pw: padW, dh, dw } = g;
    backend.raw.conv2dImages(
      px,
      pw,
      pbias,
      batch,
      c,
      h,
      width,
      cout,
      kh,
      kw,
      sh,
      sw,
      ph,
      padW,
      dh,
      dw,
      col,
      y.ptr,
      backend.workspace,
    );
    return y;
  });
}

/**
 * Gradients of conv2d for y = conv2d(x, w, bias) given dy [N, Cout, outH, outW], per image:
 *   dw [Cout, C·kh·kw] += dy_i · col_iᵀ,  dx_i = col2im(wᵀ · dy_i),  dbias[c] = Σ_{i,p} dy_i[c, p].
 */
export function conv2dBackward<DX extends F32Input, DW extends F32Input, DB extends F32Input>(
  backend: WasmBackend,
  x: F32Input,
  w: F32Input,
  dy: F32Input,
  shape: Conv2dShape,
  outs: { dx?: DX; dw?: DW; dbias?: DB },
): NoInfer<{ dx: DX; dw: DW; dbias: DB }> {
  const op = "conv2dBackward";
  const { g, batch, cout, imageIn, patch, pixels, imageOut, direct } = convSizes(op, shape);
  const given = ([outs.dx, outs.dw, outs.dbias] as (F32Input | undefined)[]).filter((o) => o !== undefined);
  if (new Set(given).size !== given.length)
    throw new WasmArgumentError(`${op}: dx, dw and dbias must be different buffers`);
  for (const o of given) distinct(op, o, ["x", x], ["w", w], ["dy", dy]);
  const raw = backend.raw;
  return withCall(backend.arena, op, (call) => {
    const px = call.in("x", x, count(op, "x", batch, imageIn));
    const pw = call.in("w", w, count(op, "w", cout, patch));
    const pdy = call.in("dy", dy, count(op, "dy", batch, imageOut));
    const dx = call.out("dx", outs.dx, batch * imageIn, false);
    const dw = call.out("dw", outs.dw, cout * patch, false);
    const db = call.out("dbias", outs.dbias, cout, false);
    const col = direct ? undefined : call.temp(patch * pixels);
    const dcol = direct ? undefined : call.temp(patch * pixels);
    const rowSums = call.temp(count(op, "N·Cout", batch, cout));
    if (batch === 0) {
      new Float32Array(backend.memory.buffer, dw.ptr, cout * patch).fill(0);
    }
    for (let i = 0; i < batch; i++) {
      const xi = px + i * imageIn * 4;
      const dxi = dx.ptr + i * imageIn * 4;
      const dyi = pdy + i * imageOut * 4;
      const colPtr = col ? col.ptr : xi;
      if (col) raw.im2col(xi, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, col.ptr);
      // dw [Cout, CKK] (+)= dy_i [Cout, P] · col_iᵀ (col_i stored [CKK, P] = transposed B)
      raw.gemm(0, 1, cout, patch, pixels, dyi, colPtr, dw.ptr, i > 0 ? 1 : 0, backend.workspace);
      // dcol [CKK, P] = wᵀ (w stored [Cout, CKK] = transposed A) · dy_i [Cout, P]
      raw.gemm(1, 0, patch, pixels, cout, pw, dyi, dcol ? dcol.ptr : dxi, 0, backend.workspace);
      if (dcol) raw.col2im(dcol.ptr, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, dxi);
    }
    // dbias: dy viewed as [N·Cout, P] → row sums [N, Cout] → column sums [Cout].
    raw.sumLastAxis(pdy, rowSums.ptr, batch * cout, pixels);
    raw.sumFirstAxis(rowSums.ptr, db.ptr, batch, cout);
    return { dx: call.finish<DX>(dx), dw: call.finish<DW>(dw), dbias: call.finish<DB>(db) };
  });
}
