// Tensor-level workloads of `pnpm bench` (issue #4's table): an MLP 784-256-128-10 training step (batch
// 128), a small CNN training step (batch 64) and a GPT-2-small-shaped forward pass (128 tokens), each built
// from @paramlens/tensor ops and run on the "js" and "wasm" backends, beside the same computation in
// TF.js 4.22 core ops on its cpu and wasm backends. Every engine does the same FLOPs from the same random
// weights. Deliberately not here: @paramlens/nn (built from tensor ops so the bench does not depend on a
// package under construction) and threads (the Tensor ops run single-threaded).

/** Deterministic uniform values in [-scale/2, scale/2). */
export function randomData(n, seed, scale = 1) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * scale;
  }
  return out;
}

function labels(n, classes, seed) {
  const out = new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % classes;
  }
  return out;
}

// ---- MLP 784-256-128-10, batch 128: forward, cross-entropy, backward, SGD ----

const MLP = [784, 256, 128, 10];
const MLP_BATCH = 128;

export function mlpParamlens(pl) {
  const params = [];
  for (let i = 0; i + 1 < MLP.length; i++) {
    params.push(
      pl.tensor(randomData(MLP[i] * MLP[i + 1], 10 + i, 0.1), [MLP[i], MLP[i + 1]]).requiresGrad_(),
    );
    params.push(pl.zeros([MLP[i + 1]]).requiresGrad_());
  }
  const x = pl.tensor(randomData(MLP_BATCH * 784, 1), [MLP_BATCH, 784]);
  const y = pl.tensor(labels(MLP_BATCH, 10, 2));
  return () => {
    let h = x;
    for (let i = 0; i < params.length; i += 2) {
      h = h.matmul(params[i]).add(params[i + 1]); // [128, out]
      if (i + 2 < params.length) h = h.relu();
    }
    const loss = pl.softmaxCrossEntropy(h, y);
    loss.backward();
    pl.noGrad(() => {
      for (const p of params) {
        pl.sgdStep_(p, p.grad, null, { lr: 0.01 });
        p.zeroGrad();
      }
    });
  };
}

export function mlpTfjs(tf) {
  const vars = [];
  for (let i = 0; i + 1 < MLP.length; i++) {
    vars.push(tf.variable(tf.tensor2d(randomData(MLP[i] * MLP[i + 1], 10 + i, 0.1), [MLP[i], MLP[i + 1]])));
    vars.push(tf.variable(tf.zeros([MLP[i + 1]])));
  }
  const x = tf.tensor2d(randomData(MLP_BATCH * 784, 1), [MLP_BATCH, 784]);
  const y = tf.oneHot(tf.tensor1d(labels(MLP_BATCH, 10, 2), "int32"), 10);
  const opt = tf.train.sgd(0.01);
  const step = () =>
    tf.tidy(() => {
      opt.minimize(() => {
        let h = x;
        for (let i = 0; i < vars.length; i += 2) {
          h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
          if (i + 2 < vars.length) h = tf.relu(h);
        }
        return tf.losses.softmaxCrossEntropy(y, h);
      }, false);
    });
  const dispose = () => {
    for (const v of [...vars, x, y]) v.dispose();
    opt.dispose();
  };
  return { step, dispose };
}

// ---- small CNN, batch 64: conv 1→8 3×3 pad 1, relu, maxpool 2, conv 8→16 3×3 pad 1, relu, maxpool 2,
// linear 784→10, cross-entropy, backward, SGD (28×28 single-channel input, MNIST-sized) ----

const CNN_BATCH = 64;

export function cnnParamlens(pl) {
  const w1 = pl.tensor(randomData(8 * 1 * 9, 20, 0.5), [8, 1, 3, 3]).requiresGrad_();
  const b1 = pl.zeros([8]).requiresGrad_();
  const w2 = pl.tensor(randomData(16 * 8 * 9, 21, 0.2), [16, 8, 3, 3]).requiresGrad_();
  const b2 = pl.zeros([16]).requiresGrad_();
  const w3 = pl.tensor(randomData(784 * 10, 22, 0.1), [784, 10]).requiresGrad_();
  const b3 = pl.zeros([10]).requiresGrad_();
  const params = [w1, b1, w2, b2, w3, b3];
  const x = pl.tensor(randomData(CNN_BATCH * 784, 3), [CNN_BATCH, 1, 28, 28]);
  const y = pl.tensor(labels(CNN_BATCH, 10, 4));
  return () => {
    let h = pl.maxPool2d(pl.conv2d(x, w1, b1, { padding: 1 }).relu(), { kernelSize: 2 }); // [64, 8, 14, 14]
    h = pl.maxPool2d(pl.conv2d(h, w2, b2, { padding: 1 }).relu(), { kernelSize: 2 }); // [64, 16, 7, 7]
    const logits = h.reshape([CNN_BATCH, 784]).matmul(w3).add(b3);
    pl.softmaxCrossEntropy(logits, y).backward();
    pl.noGrad(() => {
      for (const p of params) {
        pl.sgdStep_(p, p.grad, null, { lr: 0.01 });
        p.zeroGrad();
      }
    });
  };
}

export function cnnTfjs(tf) {
  // NHWC input, HWIO filters: TF.js' native layouts, same FLOPs.
  const w1 = tf.variable(tf.tensor4d(randomData(9 * 8, 20, 0.5), [3, 3, 1, 8]));
  const b1 = tf.variable(tf.zeros([8]));
  const w2 = tf.variable(tf.tensor4d(randomData(9 * 8 * 16, 21, 0.2), [3, 3, 8, 16]));
  const b2 = tf.variable(tf.zeros([16]));
  const w3 = tf.variable(tf.tensor2d(randomData(784 * 10, 22, 0.1), [784, 10]));
  const b3 = tf.variable(tf.zeros([10]));
  const x = tf.tensor4d(randomData(CNN_BATCH * 784, 3), [CNN_BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(labels(CNN_BATCH, 10, 4), "int32"), 10);
  const opt = tf.train.sgd(0.01);
  const step = () =>
    tf.tidy(() => {
      opt.minimize(() => {
        let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, w1, 1, "same"), b1)), 2, 2, "valid");
        h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w2, 1, "same"), b2)), 2, 2, "valid");
        const logits = tf.add(tf.matMul(tf.reshape(h, [CNN_BATCH, 784]), w3), b3);
        return tf.losses.softmaxCrossEntropy(y, logits);
      }, false);
    });
  const dispose = () => {
    for (const v of [w1, b1, w2, b2, w3, b3, x, y]) v.dispose();
    opt.dispose();
  };
  return { step, dispose };
}

// ---- GPT-2-small-shaped forward, 128 tokens: token + position embeddings, 12 pre-LN blocks (causal
// 12-head attention, 4× MLP with tanh-GELU), final LN, head tied to the token embedding ----
// Shape from the GPT-2 small config (https://huggingface.co/openai-community/gpt2/blob/main/config.json):
// n_vocab 50257, n_ctx 1024, n_embd 768, n_layer 12, n_head 12.

export const GPT = { vocab: 50257, ctx: 1024, d: 768, layers: 12, heads: 12, tokens: 128 };

/** Random GPT-2-small-shaped weights (shared by every engine). */
export function gptWeights() {
  const { vocab, ctx, d, layers } = GPT;
  const blocks = [];
  for (let l = 0; l < layers; l++) {
    const s = 100 + 10 * l;
    blocks.push({
      ln1g: new Float32Array(d).fill(1),
      ln1b: new Float32Array(d),
      wqkv: randomData(d * 3 * d, s, 0.04),
      bqkv: new Float32Array(3 * d),
      wo: randomData(d * d, s + 1, 0.04),
      bo: new Float32Array(d),
      ln2g: new Float32Array(d).fill(1),
      ln2b: new Float32Array(d),
      w1: randomData(d * 4 * d, s + 2, 0.04),
      b1: new Float32Array(4 * d),
      w2: randomData(4 * d * d, s + 3, 0.04),
      b2: new Float32Array(d),
    });
  }
  return {
    wte: randomData(vocab * d, 5, 0.04),
    wpe: randomData(ctx * d, 6, 0.02),
    lnfg: new Float32Array(d).fill(1),
    lnfb: new Float32Array(d),
    blocks,
    ids: labels(GPT.tokens, vocab, 7),
  };
}

/**
 * `backend: "wasm"` moves every weight into wasm memory once (`t.to("wasm")`), so the wasm kernels read
 * them in place; by default they stay JS arrays and the wasm kernels copy each one in on every call.
 */
export function gptParamlens(pl, W, { backend = "js" } = {}) {
  const { d, heads, tokens: T, vocab } = GPT;
  const hd = d / heads;
  const t = (data, shape) => pl.tensor(data, shape).to(backend);
  const wte = t(W.wte, [vocab, d]);
  const wpe = t(W.wpe.subarray(0, T * d), [T, d]);
  const blocks = W.blocks.map((b) => ({
    ln1g: t(b.ln1g, [d]),
    ln1b: t(b.ln1b, [d]),
    wqkv: t(b.wqkv, [d, 3 * d]),
    bqkv: t(b.bqkv, [3 * d]),
    wo: t(b.wo, [d, d]),
    bo: t(b.bo, [d]),
    ln2g: t(b.ln2g, [d]),
    ln2b: t(b.ln2b, [d]),
    w1: t(b.w1, [d, 4 * d]),
    b1: t(b.b1, [4 * d]),
    w2: t(b.w2, [4 * d, d]),
    b2: t(b.b2, [d]),
  }));
  const lnfg = t(W.lnfg, [d]);
  const lnfb = t(W.lnfb, [d]);
  const ids = t(W.ids);
  const maskData = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) maskData[i * T + j] = Number.NEGATIVE_INFINITY;
  const mask = t(maskData, [T, T]);
  const ln = (x, g, b) => {
    const mu = x.mean(-1, true);
    const xc = x.sub(mu);
    return xc.div(xc.square().mean(-1, true).add(1e-5).sqrt()).mul(g).add(b);
  };
  return () =>
    pl.noGrad(() => {
      let x = pl.indexSelect(wte, 0, ids).add(wpe); // [T, d]
      for (const b of blocks) {
        const qkv = ln(x, b.ln1g, b.ln1b).matmul(b.wqkv).add(b.bqkv); // [T, 3d]
        const [q, k, v] = pl.split(qkv, d, 1).map((z) => z.reshape([T, heads, hd]).permute([1, 0, 2])); // [H, T, hd]
        const att = pl.softmax(
          q
            .matmul(k.transpose(1, 2))
            .mul(1 / Math.sqrt(hd))
            .add(mask),
          -1,
        ); // [H, T, T]
        const o = att.matmul(v).permute([1, 0, 2]).reshape([T, d]); // [T, d]
        x = x.add(o.matmul(b.wo).add(b.bo));
        const h = pl.gelu(ln(x, b.ln2g, b.ln2b).matmul(b.w1).add(b.b1), "tanh"); // [T, 4d]
        x = x.add(h.matmul(b.w2).add(b.b2));
      }
      return ln(x, lnfg, lnfb).matmul(wte.transpose(0, 1)); // [T, vocab], tied head
    });
}

/**
 * TF.js peer of gptParamlens. `head`: "pretransposed" (default) keeps a [d, vocab] copy of the tied
 * embedding made once at setup, so the head is a plain matMul; "transposeB" is matMul(x, wte, false, true)
 * on the [vocab, d] embedding itself. On tfjs-backend-wasm 4.22 (1 thread, load 0.9) a whole forward took
 * 1.63 s with the pretransposed head and 5.4 s with transposeB, so TF.js gets its faster layout (and the
 * extra 154 MB copy that costs). The embedding values are the same either way.
 */
export function gptTfjs(tf, W, { head = "pretransposed" } = {}) {
  const { d, heads, tokens: T, vocab } = GPT;
  const hd = d / heads;
  const kept = [];
  const t = (data, shape) => {
    const x = tf.tensor(data, shape);
    kept.push(x);
    return x;
  };
  const wte = t(W.wte, [vocab, d]);
  const wteT = head === "pretransposed" ? tf.transpose(wte) : null; // [d, vocab]
  if (wteT) kept.push(wteT);
  const wpe = t(W.wpe.subarray(0, T * d), [T, d]);
  const blocks = W.blocks.map((b) => ({
    ln1g: t(b.ln1g, [d]),
    ln1b: t(b.ln1b, [d]),
    wqkv: t(b.wqkv, [d, 3 * d]),
    bqkv: t(b.bqkv, [3 * d]),
    wo: t(b.wo, [d, d]),
    bo: t(b.bo, [d]),
    ln2g: t(b.ln2g, [d]),
    ln2b: t(b.ln2b, [d]),
    w1: t(b.w1, [d, 4 * d]),
    b1: t(b.b1, [4 * d]),
    w2: t(b.w2, [4 * d, d]),
    b2: t(b.b2, [d]),
  }));
  const lnfg = t(W.lnfg, [d]);
  const lnfb = t(W.lnfb, [d]);
  const ids = t(W.ids, [T]);
  const maskData = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) maskData[i * T + j] = -1e9;
  const mask = t(maskData, [T, T]);
  const c = Math.sqrt(2 / Math.PI);
  const ln = (x, g, b) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
  };
  const gelu = (x) =>
    tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), c)), 1));
  // The logits tensor leaves tf.tidy and is read outside it: tidy walks whatever its callback returns
  // looking for tensors, and returning the 128×50257 Float32Array of dataSync() made it visit 6.4M
  // elements (~5 s per forward, most of the old harness's time).
  const forward = () =>
    tf.tidy(() => {
      let x = tf.add(tf.gather(wte, ids), wpe);
      for (const b of blocks) {
        const qkv = tf.add(tf.matMul(ln(x, b.ln1g, b.ln1b), b.wqkv), b.bqkv);
        const [q, k, v] = tf
          .split(qkv, 3, 1)
          .map((z) => tf.transpose(tf.reshape(z, [T, heads, hd]), [1, 0, 2]));
        const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), mask));
        const o = tf.reshape(tf.transpose(tf.matMul(att, v), [1, 0, 2]), [T, d]);
        x = tf.add(x, tf.add(tf.matMul(o, b.wo), b.bo));
        const h = gelu(tf.add(tf.matMul(ln(x, b.ln2g, b.ln2b), b.w1), b.b1));
        x = tf.add(x, tf.add(tf.matMul(h, b.w2), b.b2));
      }
      const xf = ln(x, lnfg, lnfb); // [T, d]
      // [T, vocab], tied head
      return wteT ? tf.matMul(xf, wteT) : tf.matMul(xf, wte, false, true);
    });
  const step = () => {
    const logits = forward();
    const out = logits.dataSync();
    logits.dispose();
    return out;
  };
  const dispose = () => {
    for (const x of kept) x.dispose();
  };
  return { step, dispose };
}
