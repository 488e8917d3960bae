#!/usr/bin/env python3
"""PyTorch reference values for the @paramlens/nn layers (part A).

Run with Debian's python3-torch:  /usr/bin/python3 packages/nn/scripts/torch-fixtures-layers.py
Writes fixtures/layers.json. For every case: the layer's constructor arguments, its state dict (so the
TypeScript layer is loaded with the same weights), the input, an upstream gradient, and what PyTorch
computes: the output, the gradient w.r.t. the input and w.r.t. every parameter, and the buffers after
the forward (BatchNorm running statistics). PyTorch is only used here, never as a dependency.
RMSNorm is written out from its formula (torch 1.13 has no nn.RMSNorm; formula as torch 2.4's docs:
y = x / sqrt(mean(x², normalized dims) + eps) * weight, eps defaulting to finfo(float32).eps).
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
torch.manual_seed(20261129)


def enc(t):
    t = t.detach()
    return {
        "shape": list(t.shape),
        "dtype": "int32" if not t.is_floating_point() else "float32",
        "data": t.reshape(-1).tolist(),
    }


class RMSNormRef(nn.Module):
    def __init__(self, shape, eps=None):
        super().__init__()
        self.shape = (shape,) if isinstance(shape, int) else tuple(shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.shape))

    def forward(self, x):
        eps = torch.finfo(x.dtype).eps if self.eps is None else self.eps
        dims = tuple(range(-len(self.shape), 0))
        return x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps) * self.weight


def randomize(m):
    # move every parameter off its default init so the test sees real weights (γ ≠ 1, β ≠ 0, …)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.randn_like(p) * 0.5 + (1.0 if p.dim() == 1 and p.numel() < 10 else 0.0))
    return m


cases = []


def case(name, layer, args, module, x, train=True, int_input=False, randomize_params=True, second=None):
    """Runs module on x (grad enabled), with an upstream gradient g = randn_like(y)."""
    if randomize_params:
        randomize(module)
    module.train(train)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    if not int_input:
        x = x.clone().requires_grad_(True)
    y = module(x)
    g = torch.randn_like(y)
    y.backward(g)
    entry = {
        "name": name,
        "layer": layer,
        "args": args,
        "training": train,
        "state": state,
        "input": enc(x),
        "upstream": enc(g),
        "output": enc(y),
        "gradInput": None if int_input else enc(x.grad),
        "gradParams": {k: enc(p.grad) for k, p in module.named_parameters() if p.grad is not None},
        "stateAfter": {k: enc(v) for k, v in module.state_dict().items()},
    }
    if second is not None:
        # a second forward (e.g. in eval mode after a training step) on new input, no gradient
        module.train(second["train"])
        x2 = second["input"]
        with torch.no_grad():
            y2 = module(x2)
        entry["second"] = {"training": second["train"], "input": enc(x2), "output": enc(y2),
                           "stateAfter": {k: enc(v) for k, v in module.state_dict().items()}}
    cases.append(entry)


r = torch.randn

case("linear", "Linear", [5, 3, {}], nn.Linear(5, 3), r(2, 4, 5))
case("linear-nobias", "Linear", [4, 2, {"bias": False}], nn.Linear(4, 2, bias=False), r(3, 4))
case("conv2d", "Conv2d", [3, 4, 3, {"padding": 1}], nn.Conv2d(3, 4, 3, padding=1), r(2, 3, 6, 6))
case("conv2d-grouped", "Conv2d", [4, 6, 3, {"stride": 2, "padding": 2, "dilation": 2, "groups": 2}],
     nn.Conv2d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2), r(1, 4, 9, 9))
case("conv2d-rect-nobias", "Conv2d", [2, 3, [2, 3], {"stride": [1, 2], "padding": [1, 0], "bias": False}],
     nn.Conv2d(2, 3, (2, 3), stride=(1, 2), padding=(1, 0), bias=False), r(2, 2, 5, 7))
case("maxpool2d", "MaxPool2d", [2, {}], nn.MaxPool2d(2), r(2, 3, 6, 6))
case("maxpool2d-pad", "MaxPool2d", [3, {"stride": 2, "padding": 1}], nn.MaxPool2d(3, stride=2, padding=1), r(1, 2, 7, 7))
case("avgpool2d", "AvgPool2d", [3, {"stride": 2, "padding": 1}], nn.AvgPool2d(3, stride=2, padding=1), r(1, 2, 7, 7))
case("avgpool2d-nopadcount", "AvgPool2d", [3, {"stride": 2, "padding": 1, "countIncludePad": False}],
     nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), r(1, 2, 7, 7))
case("flatten", "Flatten", [{}], nn.Flatten(), r(2, 3, 2, 2))
case("flatten-mid", "Flatten", [{"startDim": 1, "endDim": 2}], nn.Flatten(1, 2), r(2, 3, 2, 2))
case("batchnorm1d-train", "BatchNorm1d", [4, {}], nn.BatchNorm1d(4), r(6, 4) * 2 + 1,
     second={"train": False, "input": r(3, 4)})
case("batchnorm1d-3d", "BatchNorm1d", [3, {"momentum": 0.3}], nn.BatchNorm1d(3, momentum=0.3), r(4, 3, 5),
     second={"train": True, "input": r(4, 3, 5)})
case("batchnorm2d-train", "BatchNorm2d", [3, {}], nn.BatchNorm2d(3), r(2, 3, 4, 4) * 3 - 1,
     second={"train": False, "input": r(2, 3, 4, 4)})
case("batchnorm2d-cumulative", "BatchNorm2d", [2, {"momentum": None}], nn.BatchNorm2d(2, momentum=None),
     r(3, 2, 3, 3), second={"train": True, "input": r(3, 2, 3, 3) + 2})
case("batchnorm2d-noaffine", "BatchNorm2d", [2, {"affine": False}], nn.BatchNorm2d(2, affine=False), r(3, 2, 3, 3))
case("batchnorm2d-nostats", "BatchNorm2d", [2, {"trackRunningStats": False}],
     nn.BatchNorm2d(2, track_running_stats=False), r(3, 2, 3, 3), train=False)
case("batchnorm1d-eval", "BatchNorm1d", [4, {}], nn.BatchNorm1d(4), r(5, 4), train=False)
bn = nn.BatchNorm1d(4)
with torch.no_grad():
    bn.running_mean.copy_(r(4))
    bn.running_var.copy_(r(4).abs() + 0.5)
case("batchnorm1d-eval-stats", "BatchNorm1d", [4, {}], bn, r(5, 4), train=False)
case("layernorm", "LayerNorm", [4, {}], nn.LayerNorm(4), r(3, 4) * 2 + 1)
case("layernorm-2d", "LayerNorm", [[3, 4], {"eps": 1e-3}], nn.LayerNorm([3, 4], eps=1e-3), r(2, 3, 4))
case("layernorm-noaffine", "LayerNorm", [4, {"elementwiseAffine": False}], nn.LayerNorm(4, elementwise_affine=False), r(2, 4))
case("rmsnorm", "RMSNorm", [4, {}], RMSNormRef(4), r(3, 4))
case("rmsnorm-eps", "RMSNorm", [[2, 3], {"eps": 1e-6}], RMSNormRef([2, 3], eps=1e-6), r(2, 2, 3))
emb = nn.Embedding(6, 3, padding_idx=0)
case("embedding-padding", "Embedding", [6, 3, {"paddingIdx": 0}], emb,
     torch.tensor([[0, 2, 1], [3, 0, 5]], dtype=torch.int64), int_input=True)
case("embedding", "Embedding", [5, 2, {}], nn.Embedding(5, 2), torch.tensor([4, 1, 1, 0], dtype=torch.int64),
     int_input=True)
acts = [
    ("relu", "ReLU", [], nn.ReLU()),
    ("leakyrelu", "LeakyReLU", [0.2], nn.LeakyReLU(0.2)),
    ("leakyrelu-default", "LeakyReLU", [], nn.LeakyReLU()),
    ("sigmoid", "Sigmoid", [], nn.Sigmoid()),
    ("tanh", "Tanh", [], nn.Tanh()),
    ("gelu", "GELU", [], nn.GELU()),
    ("gelu-tanh", "GELU", [{"approximate": "tanh"}], nn.GELU(approximate="tanh")),
    ("silu", "SiLU", [], nn.SiLU()),
    ("softmax", "Softmax", [1], nn.Softmax(dim=1)),
    ("softmax-last", "Softmax", [-1], nn.Softmax(dim=-1)),
    ("identity", "Identity", [], nn.Identity()),
]
for name, layer, args, m in acts:
    x = r(3, 4, 2) * 2
    x = torch.where(x.abs() < 0.05, x + 0.1, x)  # away from relu's kink
    case(name, layer, args, m, x)
# Dropout's training mask comes from a different generator, so only eval mode (the identity) is compared
# here; training behaviour is tested statistically in layers.test.ts.
case("dropout-eval", "Dropout", [0.5], nn.Dropout(0.5), r(3, 4), train=False)
seq = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 2))
case("sequential", "Sequential", [], seq, r(3, 4))

# A whole PyTorch state dict in safetensors (written by hand in the format's layout: 8-byte little-endian
# header length, JSON header, raw little-endian data; num_batches_tracked stays int64 as torch stores it),
# plus the eval-mode output for one input, to check that such a file loads into our modules directly.
def save_safetensors(sd, path):
    import struct
    header, blobs, offset = {}, [], 0
    dtypes = {torch.float32: "F32", torch.int64: "I64"}
    for name in sorted(sd):
        t = sd[name].detach().contiguous()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(2 * 3 * 3, 3))
cnn.train()
with torch.no_grad():
    for _ in range(3):
        cnn(r(4, 1, 6, 6) * 2 + 0.5)  # moves the running statistics; num_batches_tracked = 3
cnn.eval()
cnn_x = r(2, 1, 6, 6)
with torch.no_grad():
    cnn_y = cnn(cnn_x)
save_safetensors(cnn.state_dict(), os.path.join(ROOT, "fixtures", "cnn-torch.safetensors"))
with open(os.path.join(ROOT, "fixtures", "cnn-torch.json"), "w") as f:
    json.dump({"torch": torch.__version__, "input": enc(cnn_x), "output": enc(cnn_y)}, f)
print("wrote fixtures/cnn-torch.safetensors and fixtures/cnn-torch.json")

path = os.path.join(ROOT, "fixtures", "layers.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print("wrote fixtures/layers.json with", len(cases), "cases")
