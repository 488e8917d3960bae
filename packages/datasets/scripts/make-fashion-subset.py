#!/usr/bin/env python3
"""Make the Fashion-MNIST subset shipped in packages/datasets/data/fashion-mnist-subset/.

Reads the full set from Debian's `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist) with numpy
(independently of our TypeScript IDX parser), and writes:
  - train-{images-idx3,labels-idx1}-ubyte.gz: the first 200 images of each class in file order (2,000)
  - t10k-{images-idx3,labels-idx1}-ubyte.gz:  the first 100 images of each class in file order (1,000)
    (selected images keep their original relative order, so classes stay interleaved as in the source)
  - ../../fixtures/fashion-mnist-subset.json (test fixture, not shipped): selected original indices, label counts, per-image pixel sums (golden values for tests)
    and the pixel mean/std of the FULL training set (the normalisation constants used in src/).

Deterministic: no randomness; gzip mtime is fixed at 0 so re-running gives byte-identical files.
Usage: /usr/bin/python3 packages/datasets/scripts/make-fashion-subset.py [SRC_DIR]
"""

import gzip
import hashlib
import json
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "fashion-mnist-subset")
FIXTURE = os.path.join(HERE, "..", "fixtures", "fashion-mnist-subset.json")
SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
PER_CLASS = {"train": 200, "t10k": 100}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: unexpected magic"
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    assert data.size == int(np.prod(dims)), f"{path}: size mismatch"
    return data.reshape(dims)


def write_idx_gz(path, arr):
    header = struct.pack(">HBB", 0, 0x08, arr.ndim) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    payload = header + np.ascontiguousarray(arr, dtype=np.uint8).tobytes()
    with open(path, "wb") as raw_file:
        # mtime=0 and no file name in the header: reproducible bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw_file, mtime=0, compresslevel=9) as f:
            f.write(payload)


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {"source": SRC, "selection": "first N of each class in original file order", "splits": {}}
    for split, n in PER_CLASS.items():
        images = read_idx(os.path.join(SRC, f"{split}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(SRC, f"{split}-labels-idx1-ubyte.gz"))
        if split == "train":
            # Normalisation constants over all 60,000 x 784 training pixels scaled to [0, 1].
            px = images.astype(np.float64) / 255.0
            manifest["fullTrainPixelMean"] = float(px.mean())
            manifest["fullTrainPixelStd"] = float(px.std())  # population std (ddof=0)
        manifest.setdefault("fullCounts", {})[split] = int(labels.shape[0])
        picked = np.sort(np.concatenate([np.flatnonzero(labels == c)[:n] for c in range(10)]))
        sub_images, sub_labels = images[picked], labels[picked]
        img_path = os.path.join(OUT, f"{split}-images-idx3-ubyte.gz")
        lbl_path = os.path.join(OUT, f"{split}-labels-idx1-ubyte.gz")
        write_idx_gz(img_path, sub_images)
        write_idx_gz(lbl_path, sub_labels)
        manifest["splits"][split] = {
            "count": int(picked.size),
            "originalIndices": picked.tolist(),
            "labelCounts": np.bincount(sub_labels, minlength=10).tolist(),
            "labels": sub_labels.tolist(),
            "pixelSums": sub_images.reshape(picked.size, -1).sum(axis=1, dtype=np.int64).tolist(),
            "firstImageRow14": sub_images[0, 14].tolist(),
            "sha256": {
                os.path.basename(p): hashlib.sha256(open(p, "rb").read()).hexdigest() for p in (img_path, lbl_path)
            },
        }
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w") as f:
        json.dump(manifest, f, separators=(",", ":"))
        f.write("\n")
    print(json.dumps({k: v for k, v in manifest.items() if k != "splits"}, indent=1))


if __name__ == "__main__":
    main()
