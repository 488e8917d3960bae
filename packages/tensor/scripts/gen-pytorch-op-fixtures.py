"""Writes fixtures/ops-pytorch-extra.json: PyTorch forward values and gradients for the ops added after the
core set (tril/triu, maskedFill, cumsum, conv1d, sort/argsort/topk, scatter, einsum, interpolate), used by
src/ops/torch-fixtures-extra.test.ts. Same case format as gen-op-fixtures.py: float32 inputs drawn here,
an upstream gradient `dy`, PyTorch's output `y` and the gradients of sum(y * dy) w.r.t. every float input,
computed in float64 from the same float32 inputs. Integer inputs (indices) get no gradient; integer
outputs (sort indices) are stored as int32. PyTorch is only the generator, never a dependency.

Run: /usr/bin/python3 packages/tensor/scripts/gen-pytorch-op-fixtures.py
"""

import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ops-pytorch-extra.json")
torch.manual_seed(4321)


def f32(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).float()


def enc(t):
    return {
        "shape": list(t.shape),
        "data": t.detach().reshape(-1).tolist(),
        "dtype": "int32" if t.dtype in (torch.int32, torch.int64) else "float32",
    }


cases = {}


def case(name, fn, inputs, args=None, out=0):
    """fn returns a tensor or a tuple; `out` picks the differentiated output (the others are stored too)."""
    xs = [x.double().requires_grad_() if x.is_floating_point() else x for x in inputs]
    res = fn(*xs)
    outs = [o.int() if not o.is_floating_point() else o for o in (res if isinstance(res, (tuple, list)) else [res])]
    y = outs[out]
    floats = [x for x in xs if x.is_floating_point()]
    grads = []
    dy = torch.randn(y.shape).float().double()
    if y.is_floating_point() and floats:
        gs = torch.autograd.grad((y * dy).sum(), floats, allow_unused=True)
        grads = [torch.zeros_like(x) if g is None else g for g, x in zip(gs, floats)]
    cases[name] = {
        "args": args or {},
        "inputs": [enc(x) for x in inputs],
        "y": enc(y),
        "outputs": [enc(o) for o in outs],
        "dy": enc(dy),
        "grads": [enc(g) for g in grads],
    }


# tril / triu: square, wide, tall, batched, shifted diagonals
case("tril", lambda a: torch.tril(a), [f32(4, 4)], {"diagonal": 0})
case("trilNeg", lambda a: torch.tril(a, -1), [f32(2, 3, 5)], {"diagonal": -1})
case("triuPos", lambda a: torch.triu(a, 2), [f32(5, 3)], {"diagonal": 2})
case("triuBatched", lambda a: torch.triu(a), [f32(2, 2, 4, 3)], {"diagonal": 0})

# maskedFill: mask broadcast over the input, scalar value and 0-d tensor value (differentiable)
mf_mask = torch.rand(3, 1, 5) > 0.5
case("maskedFill", lambda a: a.masked_fill(mf_mask, -2.5), [f32(3, 4, 5)], {"mask": enc(mf_mask.int()), "value": -2.5})
case(
    "maskedFillTensor",
    lambda a, v: a.masked_fill(mf_mask, v),
    [f32(3, 4, 5), torch.tensor(0.75)],
    {"mask": enc(mf_mask.int())},
)

# cumsum along first, middle and last dims, and on a transposed (strided) input
case("cumsumLast", lambda a: torch.cumsum(a, -1), [f32(3, 7)], {"dim": -1})
case("cumsumMiddle", lambda a: torch.cumsum(a, 1), [f32(2, 5, 3)], {"dim": 1})
case("cumsumFirst", lambda a: torch.cumsum(a, 0), [f32(6, 2)], {"dim": 0})

# conv1d: padding, stride, dilation, groups, "same" with an odd total padding, unbatched input
case("conv1d", lambda x, w, b: F.conv1d(x, w, b, padding=1), [f32(2, 3, 9), f32(4, 3, 3), f32(4)], {"padding": 1})
case(
    "conv1dStrideDilation",
    lambda x, w: F.conv1d(x, w, stride=2, dilation=2, padding=2, groups=2),
    [f32(2, 4, 11), f32(6, 2, 3)],
    {"stride": 2, "dilation": 2, "padding": 2, "groups": 2},
)
case(
    "conv1dGroupsBias",
    lambda x, w, b: F.conv1d(x, w, b, groups=2, stride=3),
    [f32(1, 4, 10), f32(4, 2, 2), f32(4)],
    {"stride": 3, "groups": 2},
)
case("conv1dSameEven", lambda x, w: F.conv1d(x, w, padding="same"), [f32(2, 2, 8), f32(3, 2, 4)], {"padding": "same"})
case(
    "conv1dSameDilated",
    lambda x, w: F.conv1d(x, w, padding="same", dilation=3),
    [f32(1, 2, 9), f32(2, 2, 2)],
    {"padding": "same", "dilation": 3},
)
case("conv1dUnbatched", lambda x, w: F.conv1d(x, w), [f32(3, 6), f32(2, 3, 2)], {})

# sort / argsort / topk: outputs are (values, int32 indices); values are differentiated. Ties use
# torch's stable sort; topk data has no ties (torch.topk's order among equal values is unspecified).
ties = (torch.randint(-2, 3, (3, 8)) / 2).float()
case("sort", lambda a: tuple(torch.sort(a, dim=-1)), [f32(3, 6)], {"dim": -1, "descending": False})
case("sortDescDim0", lambda a: tuple(torch.sort(a, dim=0, descending=True)), [f32(5, 3)], {"dim": 0, "descending": True})
case("sortStableTies", lambda a: tuple(torch.sort(a, dim=1, stable=True)), [ties], {"dim": 1, "descending": False})
case(
    "sortStableTiesDesc",
    lambda a: tuple(torch.sort(a, dim=1, descending=True, stable=True)),
    [ties],
    {"dim": 1, "descending": True},
)
case("argsortStable", lambda a: torch.argsort(a, dim=0, stable=True).int(), [ties.t().contiguous()], {"dim": 0, "descending": False})
case("topk", lambda a: tuple(torch.topk(a, 3, dim=1)), [f32(2, 5, 4)], {"k": 3, "dim": 1, "largest": True})
case("topkSmallest", lambda a: tuple(torch.topk(a, 2, largest=False)), [f32(4, 6)], {"k": 2, "dim": -1, "largest": False})


# scatter: unique target positions for a tensor src (torch leaves repeats undefined; torch 1.13 cannot
# differentiate a src larger than index, so src is index-shaped here), repeats for a
# number value and for scatter_reduce "sum"/"mean" with and without the input's own value
sc_idx = torch.stack([torch.randperm(5)[:3] for _ in range(4)], dim=1)  # [3, 4], unique per column
case("scatter", lambda a, b: torch.scatter(a, 0, sc_idx, b), [f32(5, 4), f32(3, 4)], {"dim": 0, "index": enc(sc_idx.int())})
sc_rep = torch.randint(0, 4, (2, 5))
case("scatterValue", lambda a: torch.scatter(a, 1, sc_rep, -1.5), [f32(3, 4)], {"dim": 1, "index": enc(sc_rep.int()), "value": -1.5})
for red in ("sum", "mean", "amax", "amin"):
    for inc in (True, False):
        # amax/amin: small integers, so values tie exactly and the gradient is split among them. Without
        # include_self, x is kept off the integers: torch 1.13 still counts an x equal to the result in
        # the split there (so src's shares no longer add up to dy); ours splits among src values only
        ints = red in ("amax", "amin")
        xs = (torch.randint(-2, 3, (3, 4)).float() + (0 if inc else 0.5)) if ints else f32(3, 4)
        case(
            f"scatterReduce_{red}_{'self' if inc else 'noself'}",
            lambda a, b, red=red, inc=inc: torch.scatter_reduce(a, 1, sc_rep, b, reduce=red, include_self=inc),
            [xs, torch.randint(-2, 3, (2, 5)).float() if ints else f32(2, 5)],
            {"dim": 1, "index": enc(sc_rep.int()), "reduce": red, "includeSelf": inc},
        )


# einsum: matmul shapes, diagonals (adjacent and not), trace, transposes, reductions, outer products,
# ellipsis broadcasting (and summed when absent from the output), size-1 label broadcasting, three
# operands, implicit outputs (ASCII order: upper case first)
EINSUM = [
    ("einsumMatmul", "ij,jk->ik", [(3, 4), (4, 5)]),
    ("einsumBatched", "bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("einsumAttention", "bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
    ("einsumDiagonal", "ii->i", [(4, 4)]),
    ("einsumTrace", "ii", [(3, 3)]),
    ("einsumDiagonalApart", "iji->ji", [(3, 2, 3)]),
    ("einsumTranspose", "ij->ji", [(3, 5)]),
    ("einsumSumAll", "ijk->", [(2, 3, 4)]),
    ("einsumSumMiddle", "ijk->ik", [(2, 3, 4)]),
    ("einsumOuter", "i,j->ij", [(3,), (4,)]),
    ("einsumHadamardBroadcast", "ij,ij->ij", [(2, 3), (1, 3)]),
    ("einsumEllipsis", "...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("einsumEllipsisSummed", "...i->i", [(2, 4, 3)]),
    ("einsumEllipsisMiddle", "i...j,j...->i...", [(2, 3, 4), (4, 3)]),
    ("einsumChain", "ab,bc,cd->ad", [(2, 3), (3, 4), (4, 2)]),
    ("einsumBilinear", "bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("einsumImplicit", "Ba,aC", [(2, 3), (3, 4)]),
    ("einsumImplicitSummed", "bij,bkj", [(2, 3, 4), (2, 5, 4)]),
    ("einsumSpaces", " ij , j -> i ", [(3, 4), (4,)]),
]
for name, eq, shapes in EINSUM:
    case(name, lambda *xs, eq=eq: torch.einsum(eq, *xs), [f32(*s) for s in shapes], {"equation": eq})


# interpolate: every mode, up and down, by size and by scale factor (passed on to the kernel, or
# recomputed), align_corners both ways; bicubic reads clamped edges and overshoots
INTERP = [
    ("interpNearestUp", (1, 2, 5), {"size": 8, "mode": "nearest"}),
    ("interpNearestDown", (2, 1, 7, 6), {"size": [3, 4], "mode": "nearest"}),
    ("interpNearestScale", (1, 2, 3, 5), {"scale_factor": 1.7, "mode": "nearest"}),
    ("interpNearestDouble", (1, 1, 3, 2), {"scale_factor": 2, "mode": "nearest"}),
    ("interpNearest3d", (1, 1, 2, 3, 4), {"size": [3, 2, 6], "mode": "nearest"}),
    ("interpNearestExact", (1, 2, 5, 7), {"size": [8, 3], "mode": "nearest-exact"}),
    ("interpLinear", (2, 3, 5), {"size": 9, "mode": "linear"}),
    ("interpLinearAlign", (2, 3, 5), {"size": 9, "mode": "linear", "align_corners": True}),
    ("interpLinearDown", (1, 2, 9), {"size": 4, "mode": "linear"}),
    ("interpLinearToOne", (1, 1, 4), {"size": 1, "mode": "linear", "align_corners": True}),
    ("interpBilinear", (1, 2, 4, 5), {"size": [7, 3], "mode": "bilinear"}),
    ("interpBilinearAlign", (2, 1, 4, 5), {"size": [7, 9], "mode": "bilinear", "align_corners": True}),
    ("interpBilinearScale", (1, 2, 4, 6), {"scale_factor": [1.5, 0.6], "mode": "bilinear"}),
    ("interpBilinearRecompute", (1, 2, 4, 6), {"scale_factor": [1.5, 0.6], "mode": "bilinear", "recompute_scale_factor": True}),
    ("interpBicubic", (1, 2, 4, 5), {"size": [9, 7], "mode": "bicubic"}),
    ("interpBicubicAlign", (1, 1, 5, 4), {"size": [3, 8], "mode": "bicubic", "align_corners": True}),
    ("interpBicubicScale", (1, 1, 3, 4), {"scale_factor": 2.5, "mode": "bicubic"}),
    ("interpTrilinear", (1, 2, 3, 4, 2), {"size": [5, 3, 4], "mode": "trilinear"}),
    # a scale factor that keeps the size (5 · 1.1 → 5): the kernels' same-size shortcuts. Not for bicubic:
    # torch 1.13's bicubic forward then resamples with scale 1/1.1 but its backward copies dy, so its
    # gradient is not the gradient of its output (interpolate.test.ts gradchecks ours instead)
    ("interpLinearSameSize", (1, 2, 5), {"scale_factor": 1.1, "mode": "linear"}),
    ("interpNearestSameSize", (1, 1, 5, 3), {"scale_factor": 1.1, "mode": "nearest"}),
]
for name, shape, kw in INTERP:
    case(name, lambda x, kw=kw: F.interpolate(x, **kw), [f32(*shape)], kw)


with open(OUT, "w") as fh:
    json.dump({"generator": "scripts/gen-pytorch-op-fixtures.py", "torch": torch.__version__, "cases": cases}, fh)
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
