// The shared correctness suite of the backend interface: every kernel the ops dispatch, on every backend,
// at odd sizes (1×N, N×1, lengths that are not multiples of the SIMD width 4, the 4×8 micro-tile or the
// cache blocks), against float64 loops written here; gradchecks through composed ops; setBackend's errors.
import { describe, expect, it, vi } from "vitest";
import {
  avgPool2d,
  conv2d,
  gradcheck,
  logSoftmax,
  manualSeed,
  matmul,
  max,
  maxPool2d,
  maxPool2dWithIndices,
  randint,
  randn,
  softmax,
  split,
  sum,
  type Tensor,
  tensor,
} from "../index";
import { getBackend, initBackend, setBackend } from "./active";
import { KERNEL_NAMES } from "./backend";
import { describeEachBackend } from "./each-backend";
import { jsBackend } from "./js/js-backend";

/** Row-major float64 matmul of the values of a [..., m, k] and b [..., k, n] (same batch shape). */
function refMatmul(a: Tensor, b: Tensor): { c: number[]; bound: number[] } {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.ndim - 1]!;
  const av = a.toArray();
  const bv = b.toArray();
  const batch = av.length / (m * k);
  const c: number[] = [];
  const bound: number[] = [];
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const v = av[t * m * k + i * k + p]! * bv[t * k * n + p * n + j]!;
          s += v;
          abs += Math.abs(v);
        }
        c.push(s);
        bound.push(abs);
      }
  return { c, bound };
}

/** |got − want| ≤ (k + 2)·2⁻²⁴·bound, the float32 dot-product error bound (plus a tiny absolute floor). */
function expectWithinBound(got: ArrayLike<number>, want: number[], bound: number[], k: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = (k + 2) * 2 ** -24 * bound[i]! + 1e-30;
    if (!(Math.abs(got[i]! - want[i]!) <= tol))
      throw new Error(`index ${i}: got ${got[i]}, want ${want[i]} (tolerance ${tol})`);
  }
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= atol + rtol * Math.abs(w)))
      throw new Error(`index ${i}: got ${g}, want ${w}`);
  }
}

describe("backend interface", () => {
  it("the reference backend implements every kernel", () => {
    for (const k of KERNEL_NAMES) expect(typeof jsBackend[k], k).toBe("function");
  });
  it("setBackend rejects unknown names, naming them", () => {
    const before = getBackend();
    expect(() => setBackend("gpu" as never)).toThrow(/unknown backend "gpu"; expected 'js' or 'wasm'/);
    expect(getBackend()).toBe(before);
  });
  it("'wasm' before initBackend() throws BACKEND_NOT_READY and the ops stay on js", async () => {
    vi.resetModules();
    const fresh = await import("./active");
    expect(fresh.getBackend()).toBe("js");
    expect(() => fresh.setBackend("wasm")).toThrow(expect.objectContaining({ code: "BACKEND_NOT_READY" }));
    // initBackend makes wasm the default where SIMD exists (Node 20 has it), unless chosen explicitly.
    expect(await fresh.initBackend()).toBe("wasm");
    fresh.setBackend("js");
    expect(await fresh.initBackend()).toBe("js");
  });
});

describe("wasm with its default size thresholds", () => {
  it("small ops on the JS kernels and large ones on wasm give the same values as the reference", async () => {
    const previous = getBackend();
    await initBackend();
    try {
      manualSeed(14);
      for (const thresholds of [true, { elements: 10, matmulMacs: 30, convMacs: 100 }] as const) {
        setBackend("wasm", { thresholds });
        for (const n of [2, 3, 40]) {
          const a = randn([n, n + 1]);
          const b = randn([n + 1, n]);
          const { c, bound } = refMatmul(a, b);
          expectWithinBound(matmul(a, b).toArray(), c, bound, n + 1);
          const av = a.toArray();
          expect(a.add(a).toArray()).toEqual(av.map((v) => Math.fround(v + v)));
        }
      }
    } finally {
      setBackend(previous, { thresholds: false });
    }
  });
});

describeEachBackend("matmul", (name) => {
  manualSeed(11);
  const shapes: [number[], number[]][] = [
    [
      [1, 1],
      [1, 1],
    ],
    [
      [1, 37],
      [37, 5],
    ], // 1×N row
    [
      [37, 1],
      [1, 6],
    ], // N×1 column, k = 1
    [
      [5, 7],
      [7, 9],
    ],
    [
      [9, 3],
      [3, 1],
    ],
    [
      [67, 129],
      [129, 33],
    ], // past the micro-tile and GEMM blocks, no multiple of 4/8
    [
      [3, 5, 7],
      [3, 7, 4],
    ], // batched
  ];
  for (const [sa, sb] of shapes) {
    it(`[${sa}] @ [${sb}] within the float32 dot-product bound`, () => {
      const a = randn(sa);
      const b = randn(sb);
      const { c, bound } = refMatmul(a, b);
      expect(getBackend()).toBe(name);
      expectWithinBound(matmul(a, b).toArray(), c, bound, sa[sa.length - 1]!);
    });
  }
  it("transposed operands (read in place) and a broadcast batch", () => {
    const a = randn([13, 6]).transpose(0, 1); // [6, 13] stored transposed
    const b = randn([10, 13]).transpose(0, 1); // [13, 10] stored transposed
    const { c, bound } = refMatmul(a.contiguous(), b.contiguous());
    expectWithinBound(matmul(a, b).toArray(), c, bound, 13);
    const w = randn([7, 5]);
    const x = randn([4, 3, 7]);
    const r = refMatmul(x, tensor(Array.from({ length: 4 }, () => w.toNested()) as number[][][]));
    expectWithinBound(matmul(x, w).toArray(), r.c, r.bound, 7);
  });
  it("strided views: attention heads sliced from a fused projection, column slices, two non-unit strides", () => {
    // [T, 3·d] → q, k, v as [H, T, hd] views: rows 3·d apart, heads hd apart (no dense layout).
    const [T, H, hd] = [9, 3, 5];
    const qkv = randn([T, 3 * H * hd]);
    const [q, k, v] = split(qkv, H * hd, 1).map((z) => z.reshape([T, H, hd]).permute([1, 0, 2])) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const scores = refMatmul(q.contiguous(), k.transpose(1, 2).contiguous());
    expectWithinBound(q.matmul(k.transpose(1, 2)).toArray(), scores.c, scores.bound, hd);
    const att = randn([H, T, T]);
    const o = refMatmul(att, v.contiguous());
    expectWithinBound(att.matmul(v).toArray(), o.c, o.bound, T);
    // 2-d: a column slice (rows 11 apart) times the transpose of a row-strided slice.
    const a = randn([6, 11]).slice(1, 2, 9); // [6, 7], rs 11
    const b = randn([4, 10]).slice(1, 1, 8).transpose(0, 1); // [7, 4], cs 10
    const ab = refMatmul(a.contiguous(), b.contiguous());
    expectWithinBound(a.matmul(b).toArray(), ab.c, ab.bound, 7);
    // Every other column of every other row: neither stride is 1, so the JS kernel reads it.
    const x = randn([10, 14]).slice(0, 0, 10, 2).slice(1, 0, 14, 2); // [5, 7], rs 28, cs 2
    const w = randn([7, 3]);
    const xw = refMatmul(x.contiguous(), w);
    expectWithinBound(x.matmul(w).toArray(), xw.c, xw.bound, 7);
  });
  it("gradchecks through a linear layer with relu and logSoftmax", () => {
    const x = randn([5, 7]);
    const w = randn([7, 3]);
    const b = randn([3]);
    const r = gradcheck((x_, w_, b_) => logSoftmax(matmul(x_, w_).add(b_).relu().add(0.5)), [x, w, b], {
      eps: 1e-2,
      atol: 2e-3,
    });
    expect(r.ok, r.message).toBe(true);
  });
});

describeEachBackend("conv2d and pooling", () => {
  manualSeed(12);
  const cases: [string, number[], number[], Parameters<typeof conv2d>[3]][] = [
    ["3×3, padding 1, odd image", [2, 3, 7, 5], [5, 3, 3, 3], { padding: 1 }],
    ["1×1 kernel (no im2col)", [3, 6, 5, 3], [7, 6, 1, 1], {}],
    ["stride 2, dilation 2", [1, 2, 9, 8], [3, 2, 3, 2], { stride: 2, dilation: 2, padding: [1, 2] }],
    ["groups 2 (JS fallback on wasm)", [1, 4, 5, 5], [4, 2, 3, 3], { groups: 2 }],
  ];
  for (const [label, xs, ws, opts] of cases) {
    it(`${label}: forward equals a direct float64 loop, and gradchecks`, () => {
      const x = randn(xs);
      const w = randn(ws);
      const bias = randn([ws[0]!]);
      const y = conv2d(x, w, bias, opts);
      // Direct convolution in float64.
      const [n, cIn, h, wd] = xs as [number, number, number, number];
      const [cOut, cInG, kH, kW] = ws as [number, number, number, number];
      const groups = opts?.groups ?? 1;
      const [sh, sw] =
        typeof opts?.stride === "number" ? [opts.stride, opts.stride] : (opts?.stride ?? [1, 1]);
      const [ph, pw] =
        typeof opts?.padding === "number" ? [opts.padding, opts.padding] : (opts?.padding ?? [0, 0]);
      const [dh, dw] =
        typeof opts?.dilation === "number" ? [opts.dilation, opts.dilation] : (opts?.dilation ?? [1, 1]);
      const [, , oH, oW] = y.shape as [number, number, number, number];
      const xv = x.toArray();
      const wv = w.toArray();
      const bv = bias.toArray();
      const want: number[] = [];
      const bound: number[] = [];
      for (let b = 0; b < n; b++)
        for (let o = 0; o < cOut; o++) {
          const g = Math.floor(o / (cOut / groups));
          for (let i = 0; i < oH; i++)
            for (let j = 0; j < oW; j++) {
              let s = bv[o]!;
              let abs = Math.abs(s);
              for (let c = 0; c < cInG; c++)
                for (let ki = 0; ki < kH; ki++)
                  for (let kj = 0; kj < kW; kj++) {
                    const ih = i * sh - ph + ki * dh;
                    const iw = j * sw - pw + kj * dw;
                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                    const v =
                      xv[((b * cIn + g * cInG + c) * h + ih) * wd + iw]! *
                      wv[((o * cInG + c) * kH + ki) * kW + kj]!;
                    s += v;
                    abs += Math.abs(v);
                  }
              want.push(s);
              bound.push(abs);
            }
        }
      expectWithinBound(y.toArray(), want, bound, cInG * kH * kW + 1);
      // conv2d is linear in each input: a large step has no truncation error and little rounding noise.
      const r = gradcheck((a, k, c) => conv2d(a, k, c, opts), [x, w, bias], { eps: 1e-2 });
      expect(r.ok, r.message).toBe(true);
    });
  }
  it("a conv → tanh → avgPool → sum chain gradchecks (smooth: no kink for the finite differences to cross)", () => {
    const x = randn([2, 2, 6, 6]);
    const w = randn([3, 2, 3, 3]).mul(0.3);
    const r = gradcheck(
      (a, k) => sum(avgPool2d(conv2d(a, k, null, { padding: 1 }).tanh(), { kernelSize: 2 })),
      [x, w],
      {
        atol: 2e-3,
      },
    );
    expect(r.ok, r.message).toBe(true);
  });
  it("maxPool2d forward picks the window maxima", () => {
    const x = randn([1, 2, 5, 7]);
    const xv = x.toArray();
    const want: number[] = [];
    for (let c = 0; c < 2; c++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++)
          want.push(
            Math.max(
              ...[0, 1].flatMap((di) => [0, 1].map((dj) => xv[(c * 5 + 2 * i + di) * 7 + 2 * j + dj]!)),
            ),
          );
    expect(maxPool2d(x, { kernelSize: 2 }).toArray()).toEqual(want);
  });
  // [label, x shape, kernel, stride, padding, integer values (many ties)]
  const poolCases: [
    string,
    [number, number, number, number],
    [number, number],
    [number, number],
    [number, number],
    boolean,
  ][] = [
    ["3×3 stride 2 padding 1, odd image", [2, 3, 7, 9], [3, 3], [2, 2], [1, 1], false],
    ["2×3 stride 1×2 padding 1×1, overlapping windows", [1, 2, 5, 6], [2, 3], [1, 2], [1, 1], false],
    ["2×2 stride 2 on integers 0..2 (ties: first maximum wins)", [3, 5, 9, 11], [2, 2], [2, 2], [0, 0], true],
    ["3×3 stride 1 on integers, overlapping ties", [1, 3, 6, 7], [3, 3], [1, 1], [1, 0], true],
  ];
  for (const [label, xs, k, st, pd, ints] of poolCases) {
    it(`maxPool2dWithIndices ${label}: values, indices and backward equal a direct loop`, () => {
      const x = ints ? randint(0, 3, xs).float() : randn(xs);
      const [n, c, h, w] = xs;
      const oH = Math.floor((h + 2 * pd[0] - k[0]) / st[0]) + 1;
      const oW = Math.floor((w + 2 * pd[1] - k[1]) / st[1]) + 1;
      const xv = x.toArray();
      const wantY: number[] = [];
      const wantI: number[] = [];
      for (let plane = 0; plane < n * c; plane++)
        for (let i = 0; i < oH; i++)
          for (let j = 0; j < oW; j++) {
            let best = Number.NEGATIVE_INFINITY;
            let arg = -1;
            for (let di = 0; di < k[0]; di++)
              for (let dj = 0; dj < k[1]; dj++) {
                const ih = i * st[0] - pd[0] + di;
                const iw = j * st[1] - pd[1] + dj;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                const v = xv[plane * h * w + ih * w + iw]!;
                if (v > best || arg < 0) {
                  best = v;
                  arg = ih * w + iw;
                }
              }
            wantY.push(best);
            wantI.push(arg);
          }
      const opts = { kernelSize: k, stride: st, padding: pd };
      const { values, indices } = maxPool2dWithIndices(x, opts);
      expect(values.shape).toEqual([n, c, oH, oW]);
      expect(values.toArray()).toEqual(wantY);
      expect(indices.toArray()).toEqual(wantI);
      // Backward: each dy entry lands on its window's argmax, accumulated in float32 in window order.
      const xg = x.detach().requiresGrad_();
      const dy = randn([n, c, oH, oW]);
      maxPool2d(xg, opts).backward(dy);
      const dyv = dy.toArray();
      const wantDx = new Float32Array(n * c * h * w);
      for (let plane = 0; plane < n * c; plane++)
        for (let p = 0; p < oH * oW; p++) {
          const q = plane * oH * oW + p;
          wantDx[plane * h * w + wantI[q]!]! += dyv[q]!;
        }
      expect(xg.grad!.toArray()).toEqual(Array.from(wantDx));
    });
  }
  it("maxPool2d: a NaN in a window wins it, as in PyTorch", () => {
    const x = randn([1, 1, 4, 6]);
    x.data[7] = Number.NaN; // row 1, col 1: window (0, 0)
    const { values, indices } = maxPool2dWithIndices(x, { kernelSize: 2 });
    expect(Number.isNaN(values.toArray()[0]!)).toBe(true);
    expect(indices.toArray()[0]).toBe(7);
    expect(values.toArray().slice(1).some(Number.isNaN)).toBe(false);
  });
});

describeEachBackend("elementwise, reductions, softmax", () => {
  manualSeed(13);
  const sizes = [1, 3, 4, 5, 8, 17, 1001];
  for (const n of sizes) {
    it(`unary and binary ops on ${n} elements (contiguous, scalar and row broadcast)`, () => {
      const a = randn([n]);
      const b = randn([n]).abs().add(0.5);
      const av = a.toArray();
      const bv = b.toArray();
      close(a.exp().toArray(), av.map(Math.exp), 3e-7, 0);
      close(b.log().toArray(), bv.map(Math.log), 3e-7, 1e-7);
      close(a.tanh().toArray(), av.map(Math.tanh), 3e-7, 1e-7);
      close(
        a.sigmoid().toArray(),
        av.map((v) => 1 / (1 + Math.exp(-v))),
        3e-7,
        1e-7,
      );
      // Correctly rounded on every backend: compare exactly with float32 rounding of the float64 result.
      expect(a.relu().toArray()).toEqual(av.map((v) => Math.max(v, 0)));
      expect(b.sqrt().toArray()).toEqual(bv.map((v) => Math.fround(Math.sqrt(v))));
      expect(a.neg().toArray()).toEqual(av.map((v) => -v));
      expect(a.abs().toArray()).toEqual(av.map(Math.abs));
      expect(a.add(b).toArray()).toEqual(av.map((v, i) => Math.fround(v + bv[i]!)));
      expect(a.sub(b).toArray()).toEqual(av.map((v, i) => Math.fround(v - bv[i]!)));
      expect(a.mul(b).toArray()).toEqual(av.map((v, i) => Math.fround(v * bv[i]!)));
      expect(a.div(b).toArray()).toEqual(av.map((v, i) => Math.fround(v / bv[i]!)));
      expect(a.mul(2.5).toArray()).toEqual(av.map((v) => Math.fround(v * 2.5)));
      expect(tensor(3).sub(a).toArray()).toEqual(av.map((v) => Math.fround(3 - v)));
      // Row broadcast: [3, n] op [n] and [n] op [3, n].
      const m = randn([3, n]);
      const mv = m.toArray();
      expect(m.add(a).toArray()).toEqual(mv.map((v, i) => Math.fround(v + av[i % n]!)));
      expect(a.div(m.abs().add(1)).toArray()).toEqual(
        mv.map((v, i) => Math.fround(av[i % n]! / Math.fround(Math.abs(v) + 1))),
      );
    });
    it(`softmax, logSoftmax, max and sum over rows of ${n}`, () => {
      const x = randn([3, n]).mul(4);
      const xv = x.toArray();
      const sm: number[] = [];
      const lsm: number[] = [];
      const mx: number[] = [];
      const sums: number[] = [];
      for (let r = 0; r < 3; r++) {
        const row = xv.slice(r * n, (r + 1) * n);
        const m = Math.max(...row);
        const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
        sm.push(...row.map((v) => Math.exp(v - m) / z));
        lsm.push(...row.map((v) => v - m - Math.log(z)));
        mx.push(m);
        sums.push(row.reduce((s, v) => s + v, 0));
      }
      close(softmax(x).toArray(), sm, 1e-6 + n * 2 ** -24, 1e-9);
      close(logSoftmax(x).toArray(), lsm, 1e-6, 1e-6);
      expect(max(x, 1).toArray()).toEqual(mx);
      close(sum(x, 1).toArray(), sums, 1e-6, 1e-6);
    });
  }
  it("relu and comparisons keep IEEE special values (NaN stays NaN, relu(−∞) = 0)", () => {
    const x = tensor([Number.NEGATIVE_INFINITY, -0, Number.NaN, Number.POSITIVE_INFINITY, -1, 2, 0.5]);
    const zeroSign = (v: number) => (v === 0 ? 0 : v); // the sign of a zero is not part of the contract
    expect(x.relu().toArray().map(zeroSign)).toEqual([0, 0, Number.NaN, Number.POSITIVE_INFINITY, 0, 2, 0.5]);
    expect(x.gt(0).toArray()).toEqual([0, 0, 0, 1, 0, 1, 1]);
    expect(x.le(0).toArray()).toEqual([1, 1, 0, 0, 1, 0, 0]);
    expect(x.ne(x).toArray()).toEqual([0, 0, 1, 0, 0, 0, 0]);
  });
  it("gradchecks unary, binary broadcast and softmax on odd shapes", () => {
    const x = randn([3, 5]);
    const row = randn([5]);
    const r = gradcheck((a, b) => softmax(a.mul(b).tanh().add(a.sigmoid())).exp(), [x, row], {
      eps: 1e-2,
      atol: 2e-3,
    });
    expect(r.ok, r.message).toBe(true);
  });
});
