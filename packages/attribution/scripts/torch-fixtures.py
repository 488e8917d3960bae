# Generates src/fixtures/conv-net.json: a small conv net (conv 3x3 -> ReLU -> max-pool 2 -> linear) with
# random weights, inputs, baselines, and its attributions computed with PyTorch autograd as an independent
# reference: signed saliency, input x gradient, integrated gradients (exact trapezoid rule, step 1/(n-1),
# paramlens "exact_trapezoid"; Gauss-Legendre with
# numpy's leggauss nodes) and occlusion (Captum's window placement, written out as loops).
# Run: /usr/bin/python3 scripts/torch-fixtures.py   (PyTorch is not a dependency; only this script uses it)
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(0)
conv_w = torch.randn(2, 1, 3, 3) * 0.5
conv_b = torch.randn(2) * 0.1
fc_w = torch.randn(3, 8) * 0.5  # torch Linear layout [out, in]
fc_b = torch.randn(3) * 0.1
x = torch.randn(3, 1, 6, 6)
baseline = torch.randn(1, 1, 6, 6) * 0.1
targets = [0, 2, 1]


def model(t):
    h = F.relu(F.conv2d(t, conv_w, conv_b))  # [N, 2, 4, 4]
    p = F.max_pool2d(h, 2)  # [N, 2, 2, 2]
    return p.reshape(t.shape[0], 8) @ fc_w.T + fc_b  # [N, 3]


def grads_at(points, tgt):
    points = points.clone().requires_grad_(True)
    out = model(points)
    sel = out[torch.arange(points.shape[0]), torch.tensor(tgt)]
    (g,) = torch.autograd.grad(sel.sum(), points)
    return g


def ig(alphas, weights):
    total = torch.zeros_like(x)
    for a, w in zip(alphas, weights):
        total += w * grads_at(baseline + a * (x - baseline), targets)
    return total * (x - baseline)


sal = grads_at(x, targets)
n = 20
trap_alphas = [i / (n - 1) for i in range(n)]
trap_weights = [(0.5 if i in (0, n - 1) else 1.0) / (n - 1) for i in range(n)]
nodes, gl_w = np.polynomial.legendre.leggauss(16)
gl_alphas = [(1 + v) / 2 for v in nodes]
gl_weights = [v / 2 for v in gl_w]

# occlusion: window [1, 3, 3], strides [1, 2, 2], baseline 0; starts 0, 2, 4 per spatial dim (ceil rule)
with torch.no_grad():
    fx = model(x)[torch.arange(3), torch.tensor(targets)]
    occ_sum = torch.zeros_like(x)
    occ_cnt = torch.zeros_like(x)
    starts = [i * 2 for i in range(math.ceil((6 - 3) / 2) + 1)]
    for r0 in starts:
        for c0 in starts:
            xo = x.clone()
            xo[:, :, r0 : r0 + 3, c0 : c0 + 3] = 0
            diff = fx - model(xo)[torch.arange(3), torch.tensor(targets)]
            occ_sum[:, :, r0 : r0 + 3, c0 : c0 + 3] += diff.view(3, 1, 1, 1)
            occ_cnt[:, :, r0 : r0 + 3, c0 : c0 + 3] += 1
    occlusion = occ_sum / occ_cnt

# resizing Grad-CAM maps: F.interpolate [1, 2, 2, 3] -> [5, 4]
small = torch.randn(1, 2, 2, 3)
interp = {
    "map": small.flatten().tolist(),
    "nearest": F.interpolate(small, size=(5, 4), mode="nearest").flatten().tolist(),
    "bilinear": F.interpolate(small, size=(5, 4), mode="bilinear", align_corners=False).flatten().tolist(),
}

out = {
    "torch": torch.__version__,
    "interpolate": interp,
    "conv_w": conv_w.flatten().tolist(),
    "conv_b": conv_b.tolist(),
    "fc_w_in_out": fc_w.T.contiguous().flatten().tolist(),  # [8, 3] for x @ w
    "fc_b": fc_b.tolist(),
    "x": x.flatten().tolist(),
    "baseline": baseline.flatten().tolist(),
    "targets": targets,
    "saliency": sal.flatten().tolist(),
    "input_x_gradient": (x * sal).flatten().tolist(),
    "ig_trapezoid_20": ig(trap_alphas, trap_weights).flatten().tolist(),
    "ig_gausslegendre_16": ig(gl_alphas, gl_weights).flatten().tolist(),
    "occlusion_3x3_stride2": occlusion.flatten().tolist(),
}
path = os.path.join(os.path.dirname(__file__), "..", "src", "fixtures", "conv-net.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
