#!/usr/bin/env python3
"""PyTorch reference values for @paramlens/nn parameter groups and per-class cross-entropy weights.

Run with Debian's python3-torch:  /usr/bin/python3 packages/nn/scripts/torch-fixtures-groups.py
Writes src/optim/fixtures/param-groups.json (torch.optim with two parameter groups, alone and under LR
schedulers) and src/losses/fixtures/cross-entropy-weight.json (F.cross_entropy / F.nll_loss with weight=).
Inputs are included, so the TypeScript tests feed the same numbers. PyTorch is only used here.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
torch.manual_seed(4321)


def tl(t):
    return t.detach().reshape(-1).tolist()


def write(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
    print("wrote", rel)


# ---------------------------------------------------------------- parameter groups
# y = (tanh(X W + b) * g) V, loss mean((y - Y)^2). "decay" = the matrices W, V; "noDecay" = the bias b and
# the norm-like scale g: the usual split that keeps weight decay off biases and norm weights.
X = torch.randn(8, 3)
Y = torch.randn(8, 2)
INIT = dict(W=torch.randn(3, 4) * 0.5, b=torch.randn(4) * 0.1, g=1 + torch.randn(4) * 0.1, V=torch.randn(4, 2) * 0.5)
STEPS = 6
GROUPS = [["W", "V"], ["b", "g"]]


def objective(p):
    return (((torch.tanh(X @ p["W"] + p["b"]) * p["g"]) @ p["V"] - Y) ** 2).mean()


def cosine_lambda(warmup, total):
    # Hugging Face transformers' get_cosine_schedule_with_warmup (num_cycles 0.5)
    def f(step):
        if step < warmup:
            return step / max(1, warmup)
        progress = (step - warmup) / max(1, total - warmup)
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    return f


ctor = dict(sgd=torch.optim.SGD, adam=torch.optim.Adam, adamw=torch.optim.AdamW, rmsprop=torch.optim.RMSprop)
configs = [
    # kind, defaults, per-group overrides, scheduler
    ("sgd", dict(lr=0.1, momentum=0.9, weight_decay=0.01), [{}, dict(lr=0.05, weight_decay=0.0)], None),
    ("sgd", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
     [{}, dict(lr=0.2, momentum=0.8, dampening=0.0, nesterov=True, weight_decay=0.0)], None),
    ("adamw", dict(lr=0.01, weight_decay=0.1), [{}, dict(lr=0.03, weight_decay=0.0, betas=(0.8, 0.99))], None),
    ("adam", dict(lr=0.02, weight_decay=0.01), [{}, dict(amsgrad=True, eps=1e-6, weight_decay=0.0)], None),
    ("rmsprop", dict(lr=0.01, weight_decay=0.01), [{}, dict(lr=0.005, centered=True, momentum=0.5, alpha=0.9)], None),
    ("sgd", dict(lr=0.1, momentum=0.9, weight_decay=0.01), [{}, dict(lr=0.03, weight_decay=0.0)],
     dict(kind="stepLR", stepSize=2, gamma=0.5)),
    ("adamw", dict(lr=0.02, weight_decay=0.1), [{}, dict(lr=0.05, weight_decay=0.0)],
     dict(kind="cosineWarmup", warmupSteps=2, totalSteps=STEPS)),
    ("sgd", dict(lr=0.1, momentum=0.9, weight_decay=0.01), [{}, dict(weight_decay=0.0)],
     dict(kind="oneCycle", maxLr=[0.2, 0.05], totalSteps=STEPS)),
]


def make_scheduler(opt, s):
    if s["kind"] == "stepLR":
        return torch.optim.lr_scheduler.StepLR(opt, s["stepSize"], s["gamma"])
    if s["kind"] == "cosineWarmup":
        return torch.optim.lr_scheduler.LambdaLR(opt, cosine_lambda(s["warmupSteps"], s["totalSteps"]))
    return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=s["maxLr"], total_steps=s["totalSteps"])


def jsonable(d):
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


runs = []
for kind, defaults, overrides, sched in configs:
    p = {k: v.clone().requires_grad_(True) for k, v in INIT.items()}
    groups = [dict(params=[p[n] for n in names], **o) for names, o in zip(GROUPS, overrides)]
    opt = ctor[kind](groups, **defaults)
    s = make_scheduler(opt, sched) if sched else None
    lrs = [[g["lr"] for g in opt.param_groups]]
    mom = [[g["momentum"] for g in opt.param_groups]] if sched and sched["kind"] == "oneCycle" else None
    traj = []
    for step in range(STEPS):
        opt.zero_grad()
        objective(p).backward()
        opt.step()
        # OneCycle may not step past totalSteps: its last optimizer step needs no further scheduler step
        if s and not (sched["kind"] == "oneCycle" and step == STEPS - 1):
            s.step()
            lrs.append([g["lr"] for g in opt.param_groups])
            if mom is not None:
                mom.append([g["momentum"] for g in opt.param_groups])
        traj.append({k: tl(v) for k, v in p.items()})
    run = dict(kind=kind, defaults=jsonable(defaults),
               groups=[dict(names=n, options=jsonable(o)) for n, o in zip(GROUPS, overrides)],
               trajectory=traj)
    if sched:
        run["scheduler"] = sched
        run["lrs"] = lrs
        if mom is not None:
            run["momentum"] = mom
    runs.append(run)

write("src/optim/fixtures/param-groups.json",
      dict(X=tl(X), Y=tl(Y), init={k: dict(shape=list(v.shape), values=tl(v)) for k, v in INIT.items()},
           steps=STEPS, runs=runs))

# ---------------------------------------------------------------- cross-entropy / nll with weight=
N, C = 6, 4
logits = torch.randn(N, C) * 2
weight = torch.tensor([0.5, 2.0, 1.0, 0.25])
idx = torch.tensor([0, 3, 1, 2, 3, 1])
idx_ign = torch.tensor([0, -100, 1, 2, -100, 3])
idx_ign1 = torch.tensor([0, 1, 1, 2, 3, 1])  # ignoreIndex=1: rows 1, 2 and 5 drop out
probs = torch.softmax(torch.randn(N, C), dim=1)
cases = []
for red in ["mean", "sum", "none"]:
    for ls in [0.0, 0.2]:
        for name, t, ign in [("index", idx, -100), ("index", idx_ign, -100), ("index", idx_ign1, 1),
                             ("prob", probs, -100)]:
            if name == "prob" and ign != -100:
                continue
            x = logits.clone().requires_grad_(True)
            out = F.cross_entropy(x, t, weight=weight, reduction=red, label_smoothing=ls, ignore_index=ign)
            out.backward(torch.ones_like(out))
            cases.append(dict(loss="crossEntropy", target=name, reduction=red, labelSmoothing=ls, ignoreIndex=ign,
                              input=tl(logits), shape=[N, C], targetValues=tl(t), weight=tl(weight),
                              out=tl(out), grad=tl(x.grad)))
logp = torch.log_softmax(torch.randn(N, C), dim=1)
for red in ["mean", "sum", "none"]:
    for t, ign in [(idx, -100), (idx_ign, -100), (idx_ign1, 1)]:
        x = logp.clone().requires_grad_(True)
        out = F.nll_loss(x, t, weight=weight, reduction=red, ignore_index=ign)
        out.backward(torch.ones_like(out))
        cases.append(dict(loss="nllLoss", target="index", reduction=red, labelSmoothing=0.0, ignoreIndex=ign,
                          input=tl(logp), shape=[N, C], targetValues=tl(t), weight=tl(weight),
                          out=tl(out), grad=tl(x.grad)))
write("src/losses/fixtures/cross-entropy-weight.json", dict(torch=torch.__version__, cases=cases))
