// toBackend / dispose / tidy on every backend project: a wasm-resident tensor gives the same results as its
// JS twin through every op family, keeps gradients flowing, and a disposed one throws DISPOSED.
import { beforeAll, describe, expect, it } from "vitest";
import { getBackend, initBackend, setBackend } from "../backend/active";
import {
  BackendError,
  gradcheck,
  indexSelect,
  manualSeed,
  noGrad,
  randn,
  softmax,
  TensorDisposedError,
  tensor,
  tidy,
  toBackend,
} from "../index";

beforeAll(async () => {
  const before = getBackend();
  await initBackend();
  if (before === "js") setBackend("js"); // the js project keeps its reference kernels
});

describe("toBackend", () => {
  it("moves values into wasm memory and back, unchanged", () => {
    const x = tensor([
      [1.5, -2, 3],
      [4, 5e-8, -6e20],
    ]);
    const r = x.to("wasm");
    expect(r.device).toBe("wasm");
    expect(r.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(r.toNested()).toEqual(x.toNested());
    expect(r.to("wasm")).toBe(r);
    const back = toBackend(r, "js");
    expect(back.device).toBe("js");
    expect(back.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(back.toNested()).toEqual(x.toNested());
    expect(x.to("js")).toBe(x);
  });

  it("moves strided views as their values", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.mT.to("wasm").toNested()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(x.select(0, 1).to("wasm").toArray()).toEqual([4, 5, 6]);
    const ids = tensor(new Int32Array([2, 0])).to("wasm");
    expect(ids.dtype).toBe("int32");
    expect(indexSelect(x, 1, ids).toNested()).toEqual([
      [3, 1],
      [6, 4],
    ]);
  });

  it("gives the same results as JS storage through matmul (plain, transposed, batched), elementwise and softmax", () => {
    manualSeed(1);
    const x = randn([5, 48]);
    const w = randn([40, 48]);
    const b = randn([40]);
    const rw = w.to("wasm");
    const rb = b.to("wasm");
    expect(x.matmul(rw.mT).add(rb).toArray()).toEqual(x.matmul(w.mT).add(b).toArray());
    expect(rw.matmul(x.mT).toArray()).toEqual(w.matmul(x.mT).toArray());
    const q = randn([3, 7, 16]);
    const rq = q.to("wasm");
    expect(rq.matmul(rq.transpose(1, 2)).toArray()).toEqual(q.matmul(q.transpose(1, 2)).toArray());
    expect(softmax(rq, -1).toArray()).toEqual(softmax(q, -1).toArray());
    expect(rq.exp().mul(rq).sum(-1).toArray()).toEqual(q.exp().mul(q).sum(-1).toArray());
  });

  it("passes the gradient through (d(move x) = dx)", () => {
    manualSeed(2);
    const x = randn([3, 4]).requiresGrad_();
    const r = gradcheck((t) => t.to("wasm").mul(t).tanh(), [x]);
    expect(r.ok, r.message).toBe(true);
    const y = x.to("wasm");
    expect(y.gradFn).toBe("toBackend");
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual(new Array(12).fill(1));
  });

  it("moves a parameter as a leaf under noGrad, and an optimizer-style update writes it in place", () => {
    const w = noGrad(() => tensor([1, 2, 3]).to("wasm")).requiresGrad_();
    expect(w.isLeaf).toBe(true);
    w.mul(w).sum().backward();
    expect(w.grad?.toArray()).toEqual([2, 4, 6]);
    noGrad(() => w.copy_(w.sub(w.grad!.mul(0.5))));
    expect(w.toArray()).toEqual([0, 0, 0]);
    expect(w.device).toBe("wasm");
  });

  it("counts in-place versions per resident tensor (an update of one does not invalidate another's graph)", () => {
    const a = tensor([1, 2]).to("wasm").requiresGrad_();
    const other = noGrad(() => tensor([5, 6]).to("wasm"));
    const y = a.mul(a).sum();
    noGrad(() => other.fill_(0));
    y.backward();
    expect(a.grad?.toArray()).toEqual([2, 4]);
  });

  it("rejects an unknown backend name", () => {
    expect(() => toBackend(tensor([1]), "gpu" as "js")).toThrow(BackendError);
  });
});

describe("moveTo_", () => {
  it("moves the storage in place: same object, flags and grad; strided tensors become contiguous", () => {
    const w = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]).requiresGrad_();
    w.mul(w).sum().backward();
    const grad = w.grad;
    noGrad(() => w.moveTo_("wasm"));
    expect(w.device).toBe("wasm");
    expect(w.requiresGrad).toBe(true);
    expect(w.grad).toBe(grad);
    expect(w.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const t = tensor([
      [1, 2],
      [3, 4],
    ]).mT;
    t.moveTo_("wasm");
    expect(t.isContiguous).toBe(true);
    expect(t.offset).toBe(0);
    expect(t.toNested()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    t.moveTo_("js");
    expect(t.device).toBe("js");
    expect(t.toArray()).toEqual([1, 3, 2, 4]);
  });

  it("refuses a tensor that requires grad while recording", () => {
    const w = tensor([1]).requiresGrad_();
    expect(() => w.moveTo_("wasm")).toThrow(/moveTo_: in-place change/);
  });
});

describe("dispose", () => {
  it("releases resident storage: the tensor and its views then throw DISPOSED", () => {
    const r = tensor([
      [1, 2],
      [3, 4],
    ]).to("wasm");
    const view = r.mT;
    r.dispose();
    expect(r.isDisposed).toBe(true);
    expect(view.isDisposed).toBe(true);
    expect(() => r.add(1)).toThrow(TensorDisposedError);
    expect(() => view.toArray()).toThrow(/Tensor \[2,2\] float32 was disposed/);
    try {
      view.sum();
    } catch (e) {
      expect((e as TensorDisposedError).code).toBe("DISPOSED");
    }
    expect(() => r.dispose()).not.toThrow();
  });

  it("marks a JS tensor disposed without touching the tensors it came from", () => {
    const x = tensor([1, 2, 3]);
    const y = x.mul(2);
    y.dispose();
    expect(() => y.toArray()).toThrow(TensorDisposedError);
    expect(x.toArray()).toEqual([1, 2, 3]);
  });
});

describe("tidy", () => {
  it("releases resident storage created inside unless the result keeps it", () => {
    let inner: ReturnType<typeof tensor> | undefined;
    const kept = tidy(() => {
      inner = tensor([1, 2]).to("wasm");
      return { out: tensor([3, 4]).to("wasm"), list: [inner.add(1)] };
    });
    expect(inner?.isDisposed).toBe(true);
    expect(kept.out.isDisposed).toBe(false);
    expect(kept.out.toArray()).toEqual([3, 4]);
    expect(kept.list[0]!.toArray()).toEqual([2, 3]);
  });

  it("hands kept storage to the enclosing scope and releases on a throw", () => {
    let middle: ReturnType<typeof tensor> | undefined;
    const outer = tidy(() => {
      middle = tidy(() => tensor([1]).to("wasm"));
      expect(middle.isDisposed).toBe(false);
      return tensor([2]).to("wasm");
    });
    expect(middle?.isDisposed).toBe(true);
    expect(outer.isDisposed).toBe(false);
    let lost: ReturnType<typeof tensor> | undefined;
    expect(() =>
      tidy(() => {
        lost = tensor([1]).to("wasm");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(lost?.isDisposed).toBe(true);
  });
});
