// Memory stays flat in loops: a training loop on wasm-resident parameters and a fixed-window decoding loop
// allocate the same pooled wasm buffers every step (no growth of wasm memory after warm-up, no buffer left in
// use), and resident tensors created and released in a loop (dispose, tidy) return their memory. The long
// versions (10,000 steps, 1,000 tokens, with RSS) are in bench/memory.mjs.
import { beforeAll, describe, expect, it } from "vitest";
import {
  concat,
  manualSeed,
  noGrad,
  randint,
  randn,
  sgdStep_,
  softmax,
  softmaxCrossEntropy,
  tidy,
} from "../../index";
import { initBackend, setBackend } from "../active";
import { getWasmBackend } from "./init";
import type { WasmBackend } from "./wasm-backend";

let wasm: WasmBackend;
beforeAll(async () => {
  await initBackend();
  setBackend("wasm", { thresholds: false });
  wasm = getWasmBackend()!;
});

/** Runs `steps` iterations after `warmup`, returning the arena stats before and after the measured part. */
function flatOver(warmup: number, steps: number, body: (i: number) => void) {
  for (let i = 0; i < warmup; i++) body(i);
  const before = { ...wasm.arena.stats(), bytes: wasm.memory.buffer.byteLength };
  for (let i = 0; i < steps; i++) body(warmup + i);
  const after = { ...wasm.arena.stats(), bytes: wasm.memory.buffer.byteLength };
  return { before, after };
}

describe("flat memory", () => {
  it("an MLP training loop on resident parameters: 300 steps, no wasm growth, nothing left in use", () => {
    manualSeed(0);
    const param = (shape: number[]) => noGrad(() => randn(shape).mul(0.2).to("wasm")).requiresGrad_();
    const [w1, b1, w2, b2] = [param([32, 64]), param([64]), param([64, 10]), param([10])];
    const x = randn([16, 32]);
    const y = randint(0, 10, [16]);
    const losses: number[] = [];
    const step = () => {
      const logits = x.matmul(w1!).add(b1!).relu().matmul(w2!).add(b2!); // [16, 10]
      const loss = softmaxCrossEntropy(logits, y);
      loss.backward();
      noGrad(() => {
        for (const p of [w1!, b1!, w2!, b2!]) {
          sgdStep_(p, p.grad!, null, { lr: 0.1 });
          p.zeroGrad();
        }
      });
      losses.push(loss.item());
    };
    const { before, after } = flatOver(20, 300, step);
    expect(after.bytes).toBe(before.bytes);
    expect(after.growCount).toBe(before.growCount);
    expect(after.inUseBytes).toBe(before.inUseBytes);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 4);
    expect(w1!.device).toBe("wasm");
  });

  it("a fixed-window decoding loop (attention over the last 32 positions): 300 tokens, no wasm growth", () => {
    manualSeed(1);
    const d = 32;
    const wq = randn([d, d]).mul(0.2).to("wasm");
    const wkv = randn([d, 2 * d])
      .mul(0.2)
      .to("wasm");
    const emb = randn([64, d]).to("wasm");
    let keys = randn([32, d]);
    let values = randn([32, d]);
    let token = 0;
    const decode = () => {
      const h = emb.select(0, token).reshape([1, d]); // [1, d]
      const [k, v] = h.matmul(wkv).split(d, 1); // [1, d] each
      keys = concat([keys.slice(0, 1), k!], 0); // keep the last 32 positions
      values = concat([values.slice(0, 1), v!], 0);
      const att = softmax(
        h
          .matmul(wq)
          .matmul(keys.mT)
          .mul(1 / Math.sqrt(d)),
        -1,
      ); // [1, 32]
      const out = att.matmul(values).matmul(emb.mT); // [1, 64] logits
      token = out.argmax(-1).item();
    };
    const { before, after } = noGrad(() => flatOver(20, 300, decode));
    expect(after.bytes).toBe(before.bytes);
    expect(after.inUseBytes).toBe(before.inUseBytes);
  });

  it("resident tensors released by dispose() or tidy() give their memory back", () => {
    const make = () => randn([128, 128]).to("wasm");
    const { before, after } = flatOver(5, 100, (i) => {
      if (i % 2 === 0) make().dispose();
      else tidy(() => make().matmul(make()).sum());
    });
    expect(after.inUseBytes).toBe(before.inUseBytes);
    expect(after.bytes).toBe(before.bytes);
  });
});
