"""Writes fixtures/ops.json: PyTorch forward values and gradients for the core ops of @paramlens/tensor
(elementwise, activations, reductions, softmax, matmul, indexing, shape ops), used by src/ops/torch-fixtures.test.ts.

Each case stores its float inputs (float32 values drawn here), an upstream gradient `dy`, PyTorch's output
`y` and the gradients of sum(y * dy) w.r.t. every float input (computed in float64 from the same float32
inputs, so they are the exact reference for our float32 results). Integer inputs (indices) have no gradient.
PyTorch is only the generator, never a dependency.

Run: /usr/bin/python3 packages/tensor/scripts/gen-op-fixtures.py
"""

import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ops.json")
torch.manual_seed(1234)


def f32(*shape, low=None, high=None, scale=1.0):
    if low is not None:
        return (torch.rand(*shape) * (high - low) + low).float()
    return (torch.randn(*shape) * scale).float()


def enc(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist(), "dtype": "int32" if t.dtype in (torch.int32, torch.int64) else "float32"}


cases = {}


def case(name, fn, inputs, args=None):
    # Run in float64 from the float32 values: the reference is exact to float32 rounding.
    xs = [x.double().requires_grad_() if x.is_floating_point() else x for x in inputs]
    y = fn(*xs)
    dy = torch.randn(y.shape).float().double()
    if y.is_floating_point() and any(x.is_floating_point() for x in xs):
        grads = torch.autograd.grad((y * dy).sum(), [x for x in xs if x.is_floating_point()], allow_unused=True)
        grads = [torch.zeros_like(x) if g is None else g for g, x in zip(grads, [x for x in xs if x.is_floating_point()])]
    else:
        grads = []
    cases[name] = {
        "args": args or {},
        "inputs": [enc(x) for x in inputs],
        "y": enc(y),
        "dy": enc(dy),
        "grads": [enc(g) for g in grads],
    }


# elementwise unary
x = f32(3, 4)
pos = f32(3, 4, low=0.2, high=3.0)
case("neg", lambda a: -a, [x])
case("abs", lambda a: a.abs(), [x])
case("sqrt", lambda a: a.sqrt(), [pos])
case("exp", lambda a: a.exp(), [x])
case("log", lambda a: a.log(), [pos])
case("sin", lambda a: a.sin(), [x])
case("cos", lambda a: a.cos(), [x])
case("tanh", lambda a: a.tanh(), [x])
case("sigmoid", lambda a: a.sigmoid(), [f32(3, 4, scale=4)])
case("relu", lambda a: a.relu(), [x])
case("leakyRelu", lambda a: F.leaky_relu(a, 0.1), [x], {"slope": 0.1})
case("gelu", lambda a: F.gelu(a), [f32(3, 4, scale=2)])
case("geluTanh", lambda a: F.gelu(a, approximate="tanh"), [f32(3, 4, scale=2)])
case("silu", lambda a: F.silu(a), [f32(3, 4, scale=2)])
case("softplus", lambda a: F.softplus(a), [f32(3, 4, scale=4)])
case("elu", lambda a: F.elu(a, 0.7), [f32(3, 4, scale=2)], {"alpha": 0.7})
case("erf", lambda a: torch.erf(a), [f32(3, 4, scale=1.5)])
case("logSigmoid", lambda a: F.logsigmoid(a), [f32(3, 4, scale=4)])
case("clamp", lambda a: a.clamp(-0.5, 0.7), [x], {"min": -0.5, "max": 0.7})
case("sigmoidExtreme", lambda a: a.sigmoid(), [torch.tensor([-200.0, -30.0, 0.0, 30.0, 200.0])])
case("softplusExtreme", lambda a: F.softplus(a), [torch.tensor([-200.0, -30.0, 0.0, 30.0, 200.0])])

# elementwise binary with broadcasting
a = f32(2, 3, 4)
b = f32(3, 1)
case("add", lambda p, q: p + q, [a, b])
case("sub", lambda p, q: p - q, [a, b])
case("mul", lambda p, q: p * q, [a, b])
case("div", lambda p, q: p / q, [a, f32(3, 1, low=0.5, high=2.0)])
case("pow", lambda p, q: p**q, [f32(2, 3, 4, low=0.5, high=2.0), f32(4, low=-1.5, high=2.5)])
case("maximum", lambda p, q: torch.maximum(p, q), [a, f32(4)])
case("minimum", lambda p, q: torch.minimum(p, q), [a, f32(4)])
cond = (torch.rand(2, 1, 4) > 0.5).float()
case("where", lambda p, q: torch.where(cond.bool(), p, q), [f32(3, 4), f32(2, 3, 1)], {"cond": enc(cond)})

# reductions
r = f32(2, 3, 4)
case("sumAxes", lambda t: t.sum(dim=(0, 2)), [r], {"dim": [0, 2], "keepdim": False})
case("meanKeep", lambda t: t.mean(dim=1, keepdim=True), [r], {"dim": 1, "keepdim": True})
case("maxDim", lambda t: t.amax(dim=-1), [r], {"dim": -1, "keepdim": False})
case("minAll", lambda t: t.amin(), [r], {})
case("var", lambda t: t.var(dim=1), [r], {"dim": 1, "correction": 1})
case("varPop", lambda t: t.var(dim=(0, 2), unbiased=False, keepdim=True), [r], {"dim": [0, 2], "correction": 0, "keepdim": True})
case("std", lambda t: t.std(dim=2), [r], {"dim": 2, "correction": 1})
case("logsumexp", lambda t: torch.logsumexp(t, dim=1), [f32(2, 3, 4, scale=5)], {"dim": 1})
case("softmax", lambda t: torch.softmax(t, dim=-1), [f32(2, 3, 4, scale=3)], {"dim": -1})
case("softmaxDim0", lambda t: torch.softmax(t, dim=0), [f32(3, 5, scale=3)], {"dim": 0})
case("logSoftmax", lambda t: torch.log_softmax(t, dim=1), [f32(2, 3, 4, scale=3)], {"dim": 1})
case("softmaxLargeLogits", lambda t: torch.softmax(t, dim=-1), [torch.tensor([[1000.0, 0.0, -1000.0], [88.0, 89.0, 90.0]])], {"dim": -1})
case("logSoftmaxLargeLogits", lambda t: torch.log_softmax(t, dim=-1), [torch.tensor([[1000.0, 0.0, -1000.0], [88.0, 89.0, 90.0]])], {"dim": -1})
case("logsumexpLarge", lambda t: torch.logsumexp(t, dim=-1), [torch.tensor([[1000.0, 1000.0, -5.0], [-1000.0, -1000.0, -1000.0]])], {"dim": -1})
arg_in = f32(3, 5)
case("argmax", lambda t: torch.argmax(t, dim=1).int(), [arg_in], {"dim": 1})
case("argminAll", lambda t: torch.argmin(t).int(), [arg_in], {})

# matmul
case("matmulBatched", lambda p, q: p @ q, [f32(2, 1, 3, 4), f32(5, 4, 2)])
case("matmulVecMat", lambda p, q: p @ q, [f32(4), f32(2, 4, 3)])

# indexing and shape ops
g_in = f32(3, 4)
g_idx = torch.tensor([[0, 3, 3], [1, 1, 0], [2, 0, 3]])
case("gather", lambda t, i: torch.gather(t, 1, i), [g_in, g_idx], {"dim": 1})
s_idx = torch.tensor([2, 0, 2])
case("indexSelect", lambda t, i: torch.index_select(t, 0, i), [g_in, s_idx], {"dim": 0})
case("concat", lambda p, q: torch.cat([p, q], dim=1), [f32(2, 3), f32(2, 2)], {"dim": 1})
case("stack", lambda p, q: torch.stack([p, q], dim=1), [f32(2, 3), f32(2, 3)], {"dim": 1})
case("pad", lambda t: F.pad(t, (2, 0, 1, 1), value=0.5), [f32(2, 3)], {"padding": [[1, 1], [2, 0]], "value": 0.5})
case("sliceStep", lambda t: t[:, 1:5:2], [f32(3, 6)], {"dim": 1, "start": 1, "end": 5, "step": 2})
case("permute", lambda t: t.permute(2, 0, 1), [f32(2, 3, 4)], {"dims": [2, 0, 1]})
case("expand", lambda t: t.expand(2, 3, 4), [f32(3, 1)], {"shape": [2, 3, 4]})

with open(OUT, "w") as fh:
    json.dump({"generator": "scripts/gen-op-fixtures.py", "torch": torch.__version__, "cases": cases}, fh)
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
