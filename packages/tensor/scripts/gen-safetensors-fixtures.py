"""Writes the safetensors reference fixtures used by src/io/*.test.ts.

The Python `safetensors` package is not installable on this machine (no PyPI access, no Debian
python3-safetensors), so this script carries a minimal writer that follows the reference serializer
(huggingface/safetensors, safetensors/src/tensor.rs `prepare` + `serialize`) step by step:
  * tensors sorted by dtype rank (the order of the Rust `Dtype` enum) descending, then by name
    (Rust String order = UTF-8 bytes);
  * data_offsets contiguous from 0 in that order;
  * header = compact JSON (serde_json: no spaces, non-ASCII written raw), `__metadata__` first, each tensor
    as {"dtype","shape","data_offsets"};
  * header padded with spaces to a multiple of 8 bytes; u64 little-endian length prefix.
Tensor values and their dtype conversions (F16, BF16 rounding) come from PyTorch, the independent reference.

Run: /usr/bin/python3 packages/tensor/scripts/gen-safetensors-fixtures.py
"""

import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "safetensors")

# Rank = position in the Rust enum (safetensors/src/tensor.rs, `enum Dtype`).
RANK = ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16",
        "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64"]
TORCH = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
         "I64": torch.int64, "I32": torch.int32, "BOOL": torch.bool, "U8": torch.uint8}


def raw_bytes(t: torch.Tensor) -> bytes:
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)  # numpy has no bfloat16; same bits
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def num(v: float):
    """JSON has no Infinity/NaN: write them as strings the tests map back."""
    return v if math.isfinite(v) else str(v)


def write(tensors: dict, metadata: dict | None) -> bytes:
    items = sorted(tensors.items(), key=lambda kv: (-RANK.index(kv[1][0]), kv[0].encode("utf-8")))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name, (dtype, t) in items:
        b = raw_bytes(t)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def main() -> None:
    torch.manual_seed(0)
    source = {
        # name: (dtype, float32-or-int source values as a torch tensor)
        "weight": ("F32", torch.randn(3, 4)),
        "bias": ("F32", torch.randn(4)),
        "scalar": ("F32", torch.tensor(3.25)),
        "empty": ("F32", torch.zeros(0, 3)),
        # values chosen to need rounding in F16/BF16, plus limits: F16 max, subnormal, overflow to inf
        "half": ("F16", torch.cat([torch.randn(6) * 100, torch.tensor([65504.0, 65520.0, 1e-6, -3e-8, 0.1, -0.0])])),
        "brain": ("BF16", torch.cat([torch.randn(5) * 1e3, torch.tensor([1.0 + 2**-8, 1.0 + 3 * 2**-8, 3e38, -1e-40])])),
        "double": ("F64", torch.randn(2, 2)),
        "ids": ("I64", torch.tensor([0, 1, -1, 2**31 - 1, -(2**31), 42])),
        "labels": ("I32", torch.tensor([7, -3, 0])),
        "mask": ("BOOL", torch.tensor([True, False, True, True])),
        "bytes": ("U8", torch.tensor([0, 127, 255])),
        "näme.ü": ("F32", torch.tensor([1.5, -2.5])),
    }
    tensors = {}
    expected = {}
    for name, (dtype, values) in source.items():
        stored = values.to(TORCH[dtype])
        tensors[name] = (dtype, stored)
        decoded = stored.to(torch.float32) if dtype in ("F32", "F16", "BF16", "F64") else stored.to(torch.int64)
        expected[name] = {
            "dtype": dtype,
            "shape": list(values.shape),
            "source": values.reshape(-1).tolist() if dtype != "BOOL" else [int(v) for v in values.reshape(-1)],
            "decoded": [num(float(v)) if dtype in ("F32", "F16", "BF16", "F64") else int(v) for v in decoded.reshape(-1)],
        }
    metadata = {"format": "pt"}
    data = write(tensors, metadata)
    with open(os.path.join(OUT, "reference.safetensors"), "wb") as f:
        f.write(data)
    # F64 source values are float64 on purpose: the writer takes them as Float64Array for an exact F64 file.
    expected["double"]["source"] = source["double"][1].to(torch.float64).reshape(-1).tolist()
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "metadata": metadata, "tensors": expected}, f, indent=1, allow_nan=False)
        f.write("\n")

    # An I64 tensor whose values leave int32: reading it must fail naming the tensor.
    big = write({"small": ("I64", torch.tensor([1, 2])), "big": ("I64", torch.tensor([5, 2**40]))}, None)
    with open(os.path.join(OUT, "i64-out-of-range.safetensors"), "wb") as f:
        f.write(big)
    # No tensors, no metadata: the reference's own test expects exactly these 16 bytes.
    with open(os.path.join(OUT, "empty.safetensors"), "wb") as f:
        f.write(write({}, None))


if __name__ == "__main__":
    main()
