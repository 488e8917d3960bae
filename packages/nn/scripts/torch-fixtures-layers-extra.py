#!/usr/bin/env python3
"""PyTorch reference values for the @paramlens/nn layers Conv1d and GroupNorm.

Run with Debian's python3-torch:  /usr/bin/python3 packages/nn/scripts/torch-fixtures-layers-extra.py
Writes fixtures/layers-extra.json in the case format of torch-fixtures-layers.py (constructor arguments,
state dict, input, upstream gradient, output, input and parameter gradients, state after the forward),
read by src/layers/layers-extra.fixture.test.ts. PyTorch is only used here, never as a dependency.
"""
import json
import os

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
torch.manual_seed(20261208)


def enc(t):
    t = t.detach()
    return {
        "shape": list(t.shape),
        "dtype": "int32" if not t.is_floating_point() else "float32",
        "data": t.reshape(-1).tolist(),
    }


def randomize(m):
    # move every parameter off its default init so the test sees real weights (γ ≠ 1, β ≠ 0, …)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.randn_like(p) * 0.5 + (1.0 if p.dim() == 1 else 0.0))
    return m


cases = []


def case(name, layer, args, module, x):
    randomize(module)
    module.train(True)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    x = x.clone().requires_grad_(True)
    y = module(x)
    g = torch.randn_like(y)
    y.backward(g)
    cases.append({
        "name": name,
        "layer": layer,
        "args": args,
        "training": True,
        "state": state,
        "input": enc(x),
        "upstream": enc(g),
        "output": enc(y),
        "gradInput": enc(x.grad),
        "gradParams": {k: enc(p.grad) for k, p in module.named_parameters() if p.grad is not None},
        "stateAfter": {k: enc(v) for k, v in module.state_dict().items()},
    })


r = torch.randn

case("conv1d", "Conv1d", [3, 4, 3, {"padding": 1}], nn.Conv1d(3, 4, 3, padding=1), r(2, 3, 8))
case("conv1d-grouped", "Conv1d", [4, 6, 3, {"stride": 2, "padding": 2, "dilation": 2, "groups": 2}],
     nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2), r(2, 4, 11))
case("conv1d-same-nobias", "Conv1d", [2, 3, 4, {"padding": "same", "bias": False}],
     nn.Conv1d(2, 3, 4, padding="same", bias=False), r(1, 2, 7))
case("conv1d-unbatched", "Conv1d", [2, 2, 2, {}], nn.Conv1d(2, 2, 2), r(2, 5))
case("groupnorm", "GroupNorm", [2, 4, {}], nn.GroupNorm(2, 4), r(3, 4, 5) * 2 + 1)
case("groupnorm-2d", "GroupNorm", [3, 6, {"eps": 1e-3}], nn.GroupNorm(3, 6, eps=1e-3), r(2, 6, 3, 4))
case("groupnorm-instance", "GroupNorm", [4, 4, {}], nn.GroupNorm(4, 4), r(2, 4, 6))
case("groupnorm-layer-noaffine", "GroupNorm", [1, 3, {"affine": False}], nn.GroupNorm(1, 3, affine=False), r(2, 3, 2, 2))
case("groupnorm-nospatial", "GroupNorm", [2, 6, {}], nn.GroupNorm(2, 6), r(4, 6))

path = os.path.join(ROOT, "fixtures", "layers-extra.json")
with open(path, "w") as f:
    json.dump({"generator": "scripts/torch-fixtures-layers-extra.py", "torch": torch.__version__, "cases": cases}, f)
print("wrote fixtures/layers-extra.json with", len(cases), "cases")
