# Fixtures for src/backend/backend.test.ts and src/ops/softmax-cross-entropy.test.ts, from PyTorch:
# F.cross_entropy (mean/sum/none, ignore_index) with its gradient. Run: /usr/bin/python3 scripts/gen-backend-fixtures.py
import json, os
import torch
import torch.nn.functional as F

torch.manual_seed(0)
cases = []
for name, n, c, scale, ignore in [
    ("3x5", 3, 5, 1.0, None),
    ("1x1", 1, 1, 1.0, None),
    ("7x10 with ignored rows", 7, 10, 3.0, [1, 4]),
    ("33x130 large logits", 33, 130, 40.0, None),
]:
    x = (torch.randn(n, c) * scale).float()
    t = torch.randint(0, c, (n,))
    if ignore:
        t[ignore] = -100
    for reduction in ["mean", "sum", "none"]:
        xx = x.clone().requires_grad_(True)
        loss = F.cross_entropy(xx, t, reduction=reduction, ignore_index=-100)
        up = torch.randn(loss.shape).float() if reduction == "none" else torch.tensor(1.5)
        loss.backward(up)
        cases.append({
            "name": f"{name} {reduction}",
            "n": n, "c": c, "reduction": reduction,
            "logits": x.flatten().tolist(), "target": t.tolist(),
            "upstream": up.flatten().tolist(),
            "loss": loss.detach().flatten().tolist(), "grad": xx.grad.flatten().tolist(),
        })
out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "softmax-cross-entropy.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print("wrote", out, len(cases), "cases")
