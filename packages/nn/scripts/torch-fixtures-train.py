#!/usr/bin/env python3
"""PyTorch reference values for @paramlens/nn losses, optimizers, gradient clipping and LR schedulers.

Run with Debian's python3-torch:  /usr/bin/python3 packages/nn/scripts/torch-fixtures-train.py
Writes src/losses/fixtures/losses.json and src/optim/fixtures/optim.json (inputs included, so the
TypeScript tests feed the same numbers). PyTorch is only used here, never as a dependency.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
torch.manual_seed(1234)


def tl(t):
    return t.detach().reshape(-1).tolist()


def write(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
    print("wrote", rel)


# ---------------------------------------------------------------- losses
losses = []
N, C = 5, 4
logits = torch.randn(N, C) * 2
idx = torch.tensor([0, 3, 1, 2, 3])
idx_ign = torch.tensor([0, -100, 1, 2, -100])
probs = torch.softmax(torch.randn(N, C), dim=1)
for red in ["mean", "sum", "none"]:
    for ls in [0.0, 0.2]:
        for name, tgt, ii in [("index", idx, -100), ("ignore", idx_ign, -100), ("prob", probs, None)]:
            x = logits.clone().requires_grad_(True)
            kw = dict(reduction=red, label_smoothing=ls)
            if ii is not None:
                kw["ignore_index"] = ii
            out = F.cross_entropy(x, tgt, **kw)
            out.backward(torch.ones_like(out))
            losses.append(dict(loss="crossEntropy", target=name, reduction=red, labelSmoothing=ls,
                               input=tl(logits), shape=[N, C], targetValues=tl(tgt.float() if tgt.dtype != torch.float32 else tgt),
                               out=tl(out), grad=tl(x.grad)))
# nll
logp = torch.log_softmax(torch.randn(N, C), dim=1)
for red in ["mean", "sum", "none"]:
    for name, tgt in [("index", idx), ("ignore", idx_ign)]:
        x = logp.clone().requires_grad_(True)
        out = F.nll_loss(x, tgt, reduction=red)
        out.backward(torch.ones_like(out))
        losses.append(dict(loss="nllLoss", target=name, reduction=red, input=tl(logp), shape=[N, C],
                           targetValues=tl(tgt.float()), out=tl(out), grad=tl(x.grad)))
# mse, l1
a = torch.randn(3, 4)
b = torch.randn(3, 4)
for red in ["mean", "sum", "none"]:
    for name, fn in [("mseLoss", F.mse_loss), ("l1Loss", F.l1_loss)]:
        x = a.clone().requires_grad_(True)
        out = fn(x, b, reduction=red)
        out.backward(torch.ones_like(out))
        losses.append(dict(loss=name, reduction=red, input=tl(a), shape=[3, 4], targetValues=tl(b),
                           out=tl(out), grad=tl(x.grad)))
# bce with logits (including large logits to check stability)
z = torch.randn(3, 4) * 3
z[0, 0] = 40.0
z[1, 1] = -40.0
y = (torch.rand(3, 4) > 0.5).float()
y[2, 3] = 0.3  # soft label
pw = torch.tensor([1.0, 2.0, 0.5, 3.0])
for red in ["mean", "sum", "none"]:
    for use_pw in [False, True]:
        x = z.clone().requires_grad_(True)
        out = F.binary_cross_entropy_with_logits(x, y, reduction=red, pos_weight=pw if use_pw else None)
        out.backward(torch.ones_like(out))
        losses.append(dict(loss="binaryCrossEntropyWithLogits", reduction=red, posWeight=tl(pw) if use_pw else None,
                           input=tl(z), shape=[3, 4], targetValues=tl(y), out=tl(out), grad=tl(x.grad)))
write("src/losses/fixtures/losses.json", losses)

# ---------------------------------------------------------------- optimizers
X = torch.randn(8, 3)
Y = torch.randn(8, 2)
W0 = torch.randn(3, 2) * 0.5
B0 = torch.randn(2) * 0.1
STEPS = 6


def objective(w, b):
    # a small least-squares net: mean((tanh(X W + b) - Y)^2)
    return ((torch.tanh(X @ w + b) - Y) ** 2).mean()


configs = [
    ("sgd", dict(lr=0.1)),
    ("sgd", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", dict(lr=0.05)),
    ("adam", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ("adam", dict(lr=0.05, amsgrad=True)),
    ("adamw", dict(lr=0.05, weight_decay=0.1)),
    ("rmsprop", dict(lr=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)),
]
ctor = dict(sgd=torch.optim.SGD, adam=torch.optim.Adam, adamw=torch.optim.AdamW, rmsprop=torch.optim.RMSprop)
optim = dict(X=tl(X), Y=tl(Y), W0=tl(W0), B0=tl(B0), steps=STEPS, runs=[])
for kind, kw in configs:
    w = W0.clone().requires_grad_(True)
    b = B0.clone().requires_grad_(True)
    opt = ctor[kind]([w, b], **kw)
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        objective(w, b).backward()
        opt.step()
        traj.append(dict(w=tl(w), b=tl(b)))
    optim["runs"].append(dict(kind=kind, options={k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
                              trajectory=traj))

# clip_grad_norm_
g1 = torch.randn(3, 2)
g2 = torch.randn(2)
clips = []
for max_norm, norm_type in [(0.5, 2.0), (100.0, 2.0), (0.5, float("inf")), (0.3, 1.0)]:
    p1 = torch.zeros(3, 2, requires_grad=True)
    p2 = torch.zeros(2, requires_grad=True)
    p1.grad = g1.clone()
    p2.grad = g2.clone()
    total = torch.nn.utils.clip_grad_norm_([p1, p2], max_norm, norm_type=norm_type)
    clips.append(dict(maxNorm=max_norm, normType="inf" if math.isinf(norm_type) else norm_type,
                      total=float(total), g1=tl(p1.grad), g2=tl(p2.grad)))
optim["clip"] = dict(g1=tl(g1), g2=tl(g2), cases=clips)

# schedulers: lr (and momentum for OneCycle) after each scheduler.step(), starting with the initial value
def lrs(make, steps, key="lr"):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    sched = make(opt)
    out = [opt.param_groups[0][key]]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(opt.param_groups[0][key])
    return out


sch = {}
sch["stepLR"] = dict(stepSize=3, gamma=0.5, lrs=lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5), 10))
oc = lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20)
sch["oneCycle"] = dict(maxLr=0.1, totalSteps=20, lrs=lrs(oc, 19), momentum=lrs(oc, 19, "momentum"))
oc3 = lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.2, total_steps=15, pct_start=0.4,
                                                    anneal_strategy="linear", div_factor=10, final_div_factor=100,
                                                    three_phase=True)
sch["oneCycleLinear3"] = dict(maxLr=0.2, totalSteps=15, lrs=lrs(oc3, 14), momentum=lrs(oc3, 14, "momentum"))


# cosine with warmup: Hugging Face transformers' get_cosine_schedule_with_warmup lambda (num_cycles 0.5)
def cosine_lambda(warmup, total):
    def f(step):
        if step < warmup:
            return step / max(1, warmup)
        progress = (step - warmup) / max(1, total - warmup)
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * 2.0 * 0.5 * progress)))
    return f


sch["cosineWarmup"] = dict(warmupSteps=4, totalSteps=16,
                           lrs=lrs(lambda o: torch.optim.lr_scheduler.LambdaLR(o, cosine_lambda(4, 16)), 18))
optim["schedulers"] = sch
write("src/optim/fixtures/optim.json", optim)
