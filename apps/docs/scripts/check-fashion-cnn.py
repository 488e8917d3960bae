# Independent check of the committed saliency-demo model: loads public/models/fashion-cnn.safetensors into
# the same architecture written in PyTorch (conv 1->8 3x3 pad 1, ReLU, maxpool 2, conv 8->16 3x3 pad 1, ReLU,
# maxpool 2, flatten, linear 784->32, ReLU, linear 32->10, layer names as nn's smallCnn), evaluates it on the
# 10,000 Fashion-MNIST test images from Debian's dataset-fashion-mnist and writes
# src/lib/demos/fixtures/fashion-cnn-pytorch.json (the weights' SHA-256, the parameter count, correct
# predictions, accuracy, mean cross-entropy). demos.test.ts compares the sidecar and README numbers with it.
# PyTorch is not a dependency: run this by hand after regenerating the model (apt-get install python3-torch).
# It does not train anything or read the sidecar.
#
# Run from apps/docs: /usr/bin/python3 scripts/check-fashion-cnn.py [DATASET_DIR]
import gzip
import hashlib
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
WEIGHTS = HERE.parent / "public" / "models" / "fashion-cnn.safetensors"
OUT = HERE.parent / "src" / "lib" / "demos" / "fixtures" / "fashion-cnn-pytorch.json"
DATA = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")


def read_safetensors(raw: bytes) -> dict:
    # safetensors: u64 little-endian header length, JSON header, then the raw little-endian tensor bytes.
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}, expected F32"
        start, end = info["data_offsets"]
        arr = np.frombuffer(body[start:end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(arr.copy())
    return tensors


def read_idx(path: Path) -> np.ndarray:
    # IDX: magic 0x00 0x00 dtype ndim, big-endian u32 dims, then the data (uint8 here).
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    ndim = data[3]
    dims = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    return np.frombuffer(data[4 + 4 * ndim :], dtype=np.uint8).reshape(dims)


def find(name: str) -> Path:
    for candidate in (DATA / f"{name}.gz", DATA / name):
        if candidate.exists():
            return candidate
    raise SystemExit(f"no {name}(.gz) in {DATA}: apt-get install -y dataset-fashion-mnist")


raw = WEIGHTS.read_bytes()
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),  # "0"
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1),  # "3"
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 7 * 7, 32),  # "7"
    nn.ReLU(),
    nn.Linear(32, 10),  # "9"
)
model.load_state_dict(read_safetensors(raw), strict=True)
model.eval()

images = read_idx(find("t10k-images-idx3-ubyte"))  # [10000, 28, 28] uint8
labels = read_idx(find("t10k-labels-idx1-ubyte")).astype(np.int64)  # [10000]
x = torch.from_numpy(images.astype(np.float32) / 255).unsqueeze(1)  # [N, 1, 28, 28], pixels in [0, 1]
y = torch.from_numpy(labels)
with torch.no_grad():
    logits = model(x)  # [N, 10]
    loss = nn.functional.cross_entropy(logits.double(), y).item()
    correct = int((logits.argmax(dim=1) == y).sum().item())

result = {
    "generator": "apps/docs/scripts/check-fashion-cnn.py (PyTorch " + torch.__version__ + ")",
    "weightsSha256": hashlib.sha256(raw).hexdigest(),
    "bytes": len(raw),
    "parameters": sum(p.numel() for p in model.parameters()),
    "images": len(labels),
    "correct": correct,
    "accuracy": correct / len(labels),
    "loss": loss,
}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps(result, indent=2) + "\n")
print(json.dumps(result))
