#!/usr/bin/env python3
"""Writes a tiny random GPT-2 in Hugging Face's checkpoint layout, plus the logits PyTorch computes for it.

Run with Debian's python3-torch:  /usr/bin/python3 packages/nn/scripts/gpt2-fixture.py
Outputs fixtures/gpt2-tiny.safetensors and fixtures/gpt2-tiny.json.

`transformers` is not installed here, so the forward pass below is written in plain torch and follows
transformers' modeling_gpt2.py (GPT2Model + tied LM head) name for name:
  wte, wpe; h.{i}.ln_1, h.{i}.attn.c_attn (Conv1D, weight [in, out]), h.{i}.attn.c_proj, h.{i}.ln_2,
  h.{i}.mlp.c_fc, h.{i}.mlp.c_proj; ln_f; lm_head tied to wte. LayerNorm eps 1e-5, "gelu_new" (tanh GELU),
  scores scaled by 1/sqrt(head_dim), causal mask from the registered `attn.bias` buffer.
The checkpoint also carries the `h.{i}.attn.bias` / `h.{i}.attn.masked_bias` buffers that older
transformers versions save, so the loader's skipping of them is exercised. The safetensors file is written
by hand (8-byte little-endian header length, JSON header padded with spaces to 8 bytes, raw F32 data).
"""
import json
import math
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "fixtures")
torch.manual_seed(20240601)

# A config far smaller than GPT-2 small (V 50257, n_ctx 1024, d 768, 12 layers, 12 heads) but the same shape.
cfg = dict(vocab_size=61, n_positions=16, n_embd=32, n_layer=2, n_head=4)
V, P, C, L, H = (cfg[k] for k in ["vocab_size", "n_positions", "n_embd", "n_layer", "n_head"])


def rnd(*shape, std=0.2):
    return torch.randn(*shape) * std


sd = {}
sd["wte.weight"] = rnd(V, C, std=0.5)
sd["wpe.weight"] = rnd(P, C, std=0.3)
for i in range(L):
    p = f"h.{i}."
    sd[p + "ln_1.weight"] = 1 + rnd(C, std=0.1)
    sd[p + "ln_1.bias"] = rnd(C, std=0.1)
    sd[p + "attn.bias"] = torch.tril(torch.ones(P, P)).view(1, 1, P, P)
    sd[p + "attn.masked_bias"] = torch.tensor(-1e4)
    sd[p + "attn.c_attn.weight"] = rnd(C, 3 * C)  # Conv1D: [in, out]
    sd[p + "attn.c_attn.bias"] = rnd(3 * C, std=0.1)
    sd[p + "attn.c_proj.weight"] = rnd(C, C)
    sd[p + "attn.c_proj.bias"] = rnd(C, std=0.1)
    sd[p + "ln_2.weight"] = 1 + rnd(C, std=0.1)
    sd[p + "ln_2.bias"] = rnd(C, std=0.1)
    sd[p + "mlp.c_fc.weight"] = rnd(C, 4 * C)
    sd[p + "mlp.c_fc.bias"] = rnd(4 * C, std=0.1)
    sd[p + "mlp.c_proj.weight"] = rnd(4 * C, C)
    sd[p + "mlp.c_proj.bias"] = rnd(C, std=0.1)
sd["ln_f.weight"] = 1 + rnd(C, std=0.1)
sd["ln_f.bias"] = rnd(C, std=0.1)


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def conv1d(x, name):
    return x @ sd[name + ".weight"] + sd[name + ".bias"]  # Conv1D: x [.., in] @ W [in, out] + b


def ln(x, name):
    return torch.nn.functional.layer_norm(x, (C,), sd[name + ".weight"], sd[name + ".bias"], eps=1e-5)


def forward(ids):
    B, T = ids.shape
    hd = C // H
    h = sd["wte.weight"][ids] + sd["wpe.weight"][torch.arange(T)]
    for i in range(L):
        p = f"h.{i}."
        a = ln(h, p + "ln_1")
        q, k, v = conv1d(a, p + "attn.c_attn").split(C, dim=2)
        q, k, v = (t.view(B, T, H, hd).transpose(1, 2) for t in (q, k, v))  # (B, H, T, hd)
        w = q @ k.transpose(-1, -2) / math.sqrt(hd)
        mask = sd[p + "attn.bias"][:, :, :T, :T].bool()
        w = torch.where(mask, w, torch.tensor(torch.finfo(w.dtype).min))
        w = torch.softmax(w, dim=-1)
        y = (w @ v).transpose(1, 2).contiguous().view(B, T, C)
        h = h + conv1d(y, p + "attn.c_proj")
        m = ln(h, p + "ln_2")
        h = h + conv1d(gelu_new(conv1d(m, p + "mlp.c_fc")), p + "mlp.c_proj")
    h = ln(h, "ln_f")
    return h @ sd["wte.weight"].T  # tied LM head


def save_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        t = tensors[name].contiguous().to(torch.float32)
        raw = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for raw in blobs:
            f.write(raw)


ids = torch.tensor([[3, 17, 42, 0, 60, 5, 5, 9, 33, 21, 1, 58], [7, 7, 7, 50, 12, 44, 2, 31, 16, 0, 59, 8]])
with torch.no_grad():
    logits = forward(ids)
os.makedirs(OUT, exist_ok=True)
save_safetensors(os.path.join(OUT, "gpt2-tiny.safetensors"), sd, {"format": "pt"})
with open(os.path.join(OUT, "gpt2-tiny.json"), "w") as f:
    json.dump(dict(config=cfg, ids=ids.tolist(), logitsShape=list(logits.shape),
                   logits=[round(float(v), 7) for v in logits.reshape(-1).tolist()]), f)
print("logits", tuple(logits.shape), "std", float(logits.std()))
