# PyTorch CPU context column for `pnpm bench` (bench/run.mjs): the same workloads, timed in PyTorch on one
# thread, printed as JSON {"matmul": {"<n>": median_ms}, "gpt": median_ms}. Context only, never a target: the
# issue sets targets against our own wasm ceiling and JS peers. run.mjs starts it with OMP_NUM_THREADS=1,
# OPENBLAS_NUM_THREADS=1 and MKL_NUM_THREADS=1 (without them OpenBLAS silently uses every core).
# Usage (what run.mjs runs): OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch-context.py
#   --matmul 128,256,512,1024 --gpt [--quick]
# GPT-2-small shape from https://huggingface.co/openai-community/gpt2/blob/main/config.json (as
# bench/tensor-workloads.mjs): vocab 50257, d 768, 12 layers, 12 heads, 128 tokens, pre-LN, tanh-GELU MLP,
# head tied to the token embedding. Random weights (timing only).
import argparse
import json
import math
import statistics
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def median_ms(fn, runs, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def matmul_ms(n, quick):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    reps = max(1, int(2e9 / (2 * n**3)))  # about 1-2 s of work per sample on a quiet core
    return median_ms(lambda: [a @ b for _ in range(reps)], 3 if quick else 5) / reps


def gpt_ms(quick):
    vocab, d, layers, heads, T = 50257, 768, 12, 12, 128
    hd = d // heads
    r = lambda *s: torch.randn(*s) * 0.04
    wte, wpe = r(vocab, d), r(1024, d)[:T]
    blocks = [dict(wqkv=r(d, 3 * d), bqkv=torch.zeros(3 * d), wo=r(d, d), bo=torch.zeros(d),
                   w1=r(d, 4 * d), b1=torch.zeros(4 * d), w2=r(4 * d, d), b2=torch.zeros(d)) for _ in range(layers)]
    ids = torch.randint(0, vocab, (T,))
    mask = torch.full((T, T), float("-inf")).triu(1)
    ln = lambda x: torch.nn.functional.layer_norm(x, (d,))

    @torch.no_grad()
    def forward():
        x = wte[ids] + wpe
        for b in blocks:
            qkv = ln(x) @ b["wqkv"] + b["bqkv"]
            q, k, v = (z.reshape(T, heads, hd).transpose(0, 1) for z in qkv.split(d, 1))
            att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd) + mask, -1)
            x = x + (att @ v).transpose(0, 1).reshape(T, d) @ b["wo"] + b["bo"]
            x = x + torch.nn.functional.gelu(ln(x) @ b["w1"] + b["b1"], approximate="tanh") @ b["w2"] + b["b2"]
        return ln(x) @ wte.T

    return median_ms(forward, 1 if quick else 3)


p = argparse.ArgumentParser()
p.add_argument("--matmul", default="")
p.add_argument("--gpt", action="store_true")
p.add_argument("--quick", action="store_true")
args = p.parse_args()
out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "matmul": {}}
for n in [int(s) for s in args.matmul.split(",") if s]:
    out["matmul"][str(n)] = matmul_ms(n, args.quick)
if args.gpt:
    out["gpt"] = gpt_ms(args.quick)
print(json.dumps(out))
