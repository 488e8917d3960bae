"""Generates the committed test fixtures of @paramlens/gpt-params from PyTorch modules.

PyTorch is the independent reference here: parameter and buffer totals come from
`module.named_parameters()` / `module.named_buffers()`, never from our TypeScript code.
Modules are built on the "meta" device, so no weights are allocated (GPT-2 small included).

Outputs (test/fixtures/):
  gpt2-header.safetensors   header-only prefix of a GPT-2 small safetensors file (hub naming, attn.bias buffers)
  gpt2-shard-{1,2}.safetensors  the same tensors split across two shard headers
  gpt2-config.json          GPT-2 small config.json (hub values)
  tiny-llama.safetensors    complete file (header + zero data) of a 2-layer Llama-style model with inv_freq buffers
  tiny-llama-config.json    its config.json
  tiny-llama.gguf           complete GGUF v3 file of a tiny Llama (F32/F16/Q8_0/Q4_0 tensors, rope_freqs buffer)
  tiny-llama-be.gguf        the same header big-endian
  expected.json             totals PyTorch reports for each fixture

Run: /usr/bin/python3 scripts/generate-fixtures.py   (from packages/gpt-params; torch >= 1.13)
"""
import json
import os
import struct

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures")
os.makedirs(OUT, exist_ok=True)
META = torch.device("meta")

# ---------------------------------------------------------------- GPT-2 small (hub naming of model.safetensors)


class Conv1D(nn.Module):
    # transformers.pytorch_utils.Conv1D stores weight as (in, out) plus a bias of size out.
    def __init__(self, nf, nx):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nx, nf, device=META))
        self.bias = nn.Parameter(torch.empty(nf, device=META))


class GPT2Attention(nn.Module):
    def __init__(self, d, n_pos):
        super().__init__()
        # The causal mask buffer the hub checkpoint stores as h.N.attn.bias: (1, 1, n_pos, n_pos).
        self.register_buffer("bias", torch.empty(1, 1, n_pos, n_pos, device=META))
        self.c_attn = Conv1D(3 * d, d)
        self.c_proj = Conv1D(d, d)


class GPT2MLP(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.c_fc = Conv1D(4 * d, d)
        self.c_proj = Conv1D(d, 4 * d)


class GPT2Block(nn.Module):
    def __init__(self, d, n_pos):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d, device=META)
        self.attn = GPT2Attention(d, n_pos)
        self.ln_2 = nn.LayerNorm(d, device=META)
        self.mlp = GPT2MLP(d)


class GPT2Model(nn.Module):
    def __init__(self, vocab=50257, n_pos=1024, d=768, n_layer=12):
        super().__init__()
        self.wte = nn.Embedding(vocab, d, device=META)
        self.wpe = nn.Embedding(n_pos, d, device=META)
        self.h = nn.ModuleList([GPT2Block(d, n_pos) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(d, device=META)


# ---------------------------------------------------------------- tiny Llama (transformers LlamaForCausalLM naming)


class Rotary(nn.Module):
    def __init__(self, head_dim):
        super().__init__()
        self.register_buffer("inv_freq", torch.empty(head_dim // 2, device=META))


class LlamaAttention(nn.Module):
    def __init__(self, d, heads, kv_heads):
        super().__init__()
        hd = d // heads
        self.q_proj = nn.Linear(d, heads * hd, bias=False, device=META)
        self.k_proj = nn.Linear(d, kv_heads * hd, bias=False, device=META)
        self.v_proj = nn.Linear(d, kv_heads * hd, bias=False, device=META)
        self.o_proj = nn.Linear(heads * hd, d, bias=False, device=META)
        self.rotary_emb = Rotary(hd)


class LlamaMLP(nn.Module):
    def __init__(self, d, ff):
        super().__init__()
        self.gate_proj = nn.Linear(d, ff, bias=False, device=META)
        self.up_proj = nn.Linear(d, ff, bias=False, device=META)
        self.down_proj = nn.Linear(ff, d, bias=False, device=META)


class RMSNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d, device=META))


class LlamaLayer(nn.Module):
    def __init__(self, d, heads, kv_heads, ff):
        super().__init__()
        self.self_attn = LlamaAttention(d, heads, kv_heads)
        self.mlp = LlamaMLP(d, ff)
        self.input_layernorm = RMSNorm(d)
        self.post_attention_layernorm = RMSNorm(d)


class LlamaInner(nn.Module):
    def __init__(self, vocab, d, layers, heads, kv_heads, ff):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, d, device=META)
        self.layers = nn.ModuleList([LlamaLayer(d, heads, kv_heads, ff) for _ in range(layers)])
        self.norm = RMSNorm(d)


class LlamaForCausalLM(nn.Module):
    def __init__(self, vocab=256, d=64, layers=2, heads=4, kv_heads=2, ff=128):
        super().__init__()
        self.model = LlamaInner(vocab, d, layers, heads, kv_heads, ff)
        self.lm_head = nn.Linear(d, vocab, bias=False, device=META)


# ---------------------------------------------------------------- safetensors writer (spec: 8-byte LE length + JSON)


def safetensors_header(tensors, dtype="F32", metadata=None):
    size = {"F32": 4, "F16": 2, "BF16": 2}[dtype]
    header, offset = {}, 0
    if metadata:
        header["__metadata__"] = metadata
    for name, shape in tensors:
        n = 1
        for s in shape:
            n *= s
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + n * size]}
        offset += n * size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # the reference writer pads the header to 8 bytes with spaces
    return struct.pack("<Q", len(text)) + text, offset


def state_shapes(module):
    return [(k, tuple(v.shape)) for k, v in module.state_dict(keep_vars=True).items()]


def totals(module):
    return {
        "parameters": sum(p.numel() for p in module.parameters()),
        "buffers": sum(b.numel() for b in module.buffers()),
    }


expected = {}

gpt2 = GPT2Model()
shapes = state_shapes(gpt2)
head, _ = safetensors_header(shapes, metadata={"format": "pt"})
open(os.path.join(OUT, "gpt2-header.safetensors"), "wb").write(head)
half = len(shapes) // 2
for i, part in enumerate([shapes[:half], shapes[half:]], start=1):
    h, _ = safetensors_header(part)
    open(os.path.join(OUT, f"gpt2-shard-{i}.safetensors"), "wb").write(h)
expected["gpt2"] = {**totals(gpt2), "tensors": len(shapes), "dataBytes": 4 * (totals(gpt2)["parameters"] + totals(gpt2)["buffers"])}
json.dump(
    {
        "_name_or_path": "gpt2",
        "model_type": "gpt2",
        "vocab_size": 50257,
        "n_positions": 1024,
        "n_ctx": 1024,
        "n_embd": 768,
        "n_layer": 12,
        "n_head": 12,
        "n_inner": None,
        "activation_function": "gelu_new",
        "layer_norm_epsilon": 1e-05,
    },
    open(os.path.join(OUT, "gpt2-config.json"), "w"),
    indent=2,
)

llama = LlamaForCausalLM()
shapes = state_shapes(llama)
head, data_bytes = safetensors_header(shapes, dtype="BF16")
open(os.path.join(OUT, "tiny-llama.safetensors"), "wb").write(head + bytes(data_bytes))
expected["tinyLlama"] = {**totals(llama), "tensors": len(shapes), "dataBytes": data_bytes}
json.dump(
    {
        "_name_or_path": "tiny-llama",
        "model_type": "llama",
        "vocab_size": 256,
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 128,
        "hidden_act": "silu",
        "rms_norm_eps": 1e-06,
        "tie_word_embeddings": False,
    },
    open(os.path.join(OUT, "tiny-llama-config.json"), "w"),
    indent=2,
)

# ---------------------------------------------------------------- GGUF writer (ggml docs/gguf.md, version 3)

GGML = {"F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q8_0": (8, 32, 34)}


def gguf_bytes(endian):
    e = endian

    def s(text):
        b = text.encode()
        return struct.pack(e + "Q", len(b)) + b

    def kv(key, vtype, payload):
        return s(key) + struct.pack(e + "I", vtype) + payload

    tokens = [f"tok{i}" for i in range(256)]
    meta = [
        kv("general.architecture", 8, s("llama")),
        kv("general.name", 8, s("tiny-llama")),
        kv("general.alignment", 4, struct.pack(e + "I", 32)),
        kv("llama.block_count", 4, struct.pack(e + "I", 2)),
        kv("llama.embedding_length", 4, struct.pack(e + "I", 64)),
        kv("llama.feed_forward_length", 4, struct.pack(e + "I", 128)),
        kv("llama.attention.head_count", 4, struct.pack(e + "I", 4)),
        kv("llama.attention.head_count_kv", 4, struct.pack(e + "I", 2)),
        kv("llama.context_length", 4, struct.pack(e + "I", 128)),
        kv("llama.rope.freq_base", 6, struct.pack(e + "f", 10000.0)),
        kv("llama.attention.layer_norm_rms_epsilon", 12, struct.pack(e + "d", 1e-6)),
        kv("general.file_type", 10, struct.pack(e + "Q", 7)),
        kv("general.quantized", 7, struct.pack(e + "B", 1)),
        kv("tokenizer.ggml.bos_token_id", 5, struct.pack(e + "i", -1)),
        kv("tokenizer.ggml.tokens", 9, struct.pack(e + "IQ", 8, len(tokens)) + b"".join(s(t) for t in tokens)),
        kv("tokenizer.ggml.scores", 9, struct.pack(e + "IQ", 6, 3) + struct.pack(e + "3f", 0.5, -1.0, 2.0)),
        kv("test.nested", 9, struct.pack(e + "IQ", 9, 2) + struct.pack(e + "IQ", 0, 2) + bytes([1, 2]) + struct.pack(e + "IQ", 3, 1) + struct.pack(e + "h", -7)),
    ]
    # (name, shape in ggml order: ne0 = row length first, type)
    tensors = [("token_embd.weight", (64, 256), "Q8_0"), ("rope_freqs.weight", (8,), "F32")]
    for i in range(2):
        tensors += [
            (f"blk.{i}.attn_q.weight", (64, 64), "Q4_0"),
            (f"blk.{i}.attn_k.weight", (64, 32), "Q4_0"),
            (f"blk.{i}.attn_v.weight", (64, 32), "Q8_0"),
            (f"blk.{i}.attn_output.weight", (64, 64), "Q4_0"),
            (f"blk.{i}.ffn_gate.weight", (64, 128), "Q4_0"),
            (f"blk.{i}.ffn_up.weight", (64, 128), "Q4_0"),
            (f"blk.{i}.ffn_down.weight", (128, 64), "Q8_0"),
            (f"blk.{i}.attn_norm.weight", (64,), "F32"),
            (f"blk.{i}.ffn_norm.weight", (64,), "F32"),
        ]
    tensors += [("output_norm.weight", (64,), "F32"), ("output.weight", (64, 256), "F16")]
    infos, offset, sizes = [], 0, []
    for name, shape, t in tensors:
        tid, block, bsize = GGML[t]
        n = 1
        for x in shape:
            n *= x
        nbytes = n // block * bsize
        infos.append(s(name) + struct.pack(e + "I", len(shape)) + b"".join(struct.pack(e + "Q", x) for x in shape) + struct.pack(e + "IQ", tid, offset))
        offset += (nbytes + 31) // 32 * 32
        sizes.append(nbytes)
    body = b"GGUF" + struct.pack(e + "IQQ", 3, len(tensors), len(meta)) + b"".join(meta) + b"".join(infos)
    header_len = len(body)
    body += bytes((32 - len(body) % 32) % 32) + bytes(offset)
    numel = {name: eval("*".join(map(str, shape))) for name, shape, _ in tensors}
    return body, header_len, numel, sizes


le, header_len, numel, sizes = gguf_bytes("<")
open(os.path.join(OUT, "tiny-llama.gguf"), "wb").write(le)
be, _, _, _ = gguf_bytes(">")
open(os.path.join(OUT, "tiny-llama-be.gguf"), "wb").write(be)
expected["tinyLlamaGGUF"] = {
    # The same tiny Llama as the safetensors fixture, so PyTorch's count is the GGUF parameter count.
    "parameters": totals(llama)["parameters"],
    "ropeFreqs": numel["rope_freqs.weight"],
    "tensors": len(numel),
    "headerBytes": header_len,
    "bytesByTensor": {name: size for name, size in zip(numel.keys(), sizes)},
}

json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=2)
print(json.dumps(expected, indent=2)[:2000])
