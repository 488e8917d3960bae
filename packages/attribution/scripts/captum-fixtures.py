# Generates src/fixtures/captum/: small seeded PyTorch models (weights in <model>.safetensors, PyTorch's
# state-dict names) and their attributions computed by the real Captum 0.8.0 (<model>.json). The TypeScript
# tests (src/captum-reference.test.ts) rebuild each model with @paramlens/nn, load the safetensors file
# strictly, run our method with the same options and compare to 1e-5 relative.
#
# Run (from packages/attribution; needs the pyref stack, see /work/shared/tools/pyref/README.md):
#   PYTHONPATH=/work/pyref/site HF_HUB_OFFLINE=1 /usr/bin/python3 scripts/captum-fixtures.py
#
# Neither PyTorch nor Captum is a dependency of paramlens: only this script uses them.
#
# Models (mirrored in captum-reference.test.ts):
#   mlp     Linear(6, 8) -> ReLU -> Linear(8, 6) -> ReLU -> Linear(6, 3)                  input [4, 6]
#   smooth  Linear(6, 5) -> Tanh -> Linear(5, 4) -> Sigmoid -> Linear(4, 3)               input [4, 6]
#   cnn     Conv2d(1, 3, 3) -> ReLU -> Conv2d(3, 4, 3) -> MaxPool2d(2) -> ReLU -> Flatten -> Linear(16, 3)
#                                                                                         input [3, 1, 8, 8]
#   cnn_tanh Conv2d(1, 3, 3) -> Tanh -> Conv2d(3, 4, 3) -> MaxPool2d(2) -> Flatten -> Linear(16, 3)
#                                                                                         input [3, 1, 8, 8]
#   linear  Linear(6, 3)                                                                  input [4, 6]
# Captum 0.8's DeepLift max-pool rule breaks (Σ attributions ≠ f(x) − f(x0) by up to 0.45 here) whenever a
# ReLU module sits next to the MaxPool2d (Captum issue #1104), as in `cnn`: its DeepLift cases are written
# with "captumBug": 1104 and the test checks that Captum's delta is large and ours is not. `cnn_tanh` has
# no ReLU next to the pool, Captum's rule works there, and the results must agree.
import copy
import json
import os

import captum
import torch
import torch.nn as nn
from captum.attr import (
    Deconvolution,
    DeepLift,
    DeepLiftShap,
    FeatureAblation,
    FeaturePermutation,
    GradientShap,
    GuidedBackprop,
    GuidedGradCam,
    InputXGradient,
    IntegratedGradients,
    InternalInfluence,
    KernelShap,
    LayerActivation,
    LayerConductance,
    LayerDeepLift,
    LayerDeepLiftShap,
    LayerFeatureAblation,
    LayerGradCam,
    LayerGradientShap,
    LayerGradientXActivation,
    LayerIntegratedGradients,
    LRP,
    NeuronConductance,
    NeuronDeconvolution,
    NeuronDeepLift,
    NeuronDeepLiftShap,
    NeuronFeatureAblation,
    NeuronGradient,
    NeuronGradientShap,
    NeuronGuidedBackprop,
    NeuronIntegratedGradients,
    NoiseTunnel,
    Occlusion,
    Saliency,
    ShapleyValues,
    ShapleyValueSampling,
)
from safetensors.torch import save_file

assert captum.__version__ == "0.8.0", captum.__version__
torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "fixtures", "captum")
os.makedirs(OUT, exist_ok=True)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tens(t):
    return {"shape": list(t.shape), "data": flat(t)}


def result(out):
    """Captum returns attributions, or (attributions, delta) with return_convergence_delta."""
    if isinstance(out, tuple):
        attr, delta = out
        return {"attributions": tens(attr), "delta": flat(delta)}
    return {"attributions": tens(out)}


def build(name):
    torch.manual_seed({"mlp": 1, "smooth": 2, "cnn": 3, "linear": 4, "cnn_tanh": 5}[name])
    if name == "mlp":
        m = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 3))
        x = torch.randn(4, 6)
    elif name == "smooth":
        m = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 4), nn.Sigmoid(), nn.Linear(4, 3))
        x = torch.randn(4, 6)
    elif name == "cnn":
        m = nn.Sequential(
            nn.Conv2d(1, 3, 3),
            nn.ReLU(),
            nn.Conv2d(3, 4, 3),
            nn.MaxPool2d(2),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(16, 3),
        )
        x = torch.randn(3, 1, 8, 8)
    elif name == "cnn_tanh":
        m = nn.Sequential(
            nn.Conv2d(1, 3, 3),
            nn.Tanh(),
            nn.Conv2d(3, 4, 3),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16, 3),
        )
        x = torch.randn(3, 1, 8, 8)
    else:
        m = nn.Sequential(nn.Linear(6, 3))
        x = torch.randn(4, 6)
    # larger weights than the default init, so the nonlinearities switch along the paths
    with torch.no_grad():
        for p in m.parameters():
            p.mul_(2.0)
    m.eval()
    return m, x


def write(name, model, x, inputs, cases):
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(OUT, f"{name}.safetensors"))
    doc = {
        "generator": "scripts/captum-fixtures.py",
        "captum": captum.__version__,
        "torch": torch.__version__,
        "model": name,
        "inputs": {k: tens(v) for k, v in {"x": x, **inputs}.items()},
        "cases": cases,
    }
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(doc, f)


def ig_cases(model, x, b, target, n_steps=(20,)):
    ig = IntegratedGradients(model)
    cases = {}
    for method in ["riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid", "gausslegendre"]:
        for n in n_steps:
            out = ig.attribute(
                x, baselines=b, target=target, n_steps=n, method=method, return_convergence_delta=True
            )
            cases[f"ig_{method}_{n}"] = {
                "method": "IntegratedGradients",
                "options": {"baselines": "b", "target": target, "nSteps": n, "method": method, "returnConvergenceDelta": True},
                **result(out),
            }
    return cases


def common_cases(model, x, b, target):
    cases = {
        "saliency_abs": {
            "method": "Saliency",
            "options": {"target": target},
            **result(Saliency(model).attribute(x, target=target)),
        },
        "saliency_signed": {
            "method": "Saliency",
            "options": {"target": target, "abs": False},
            **result(Saliency(model).attribute(x, target=target, abs=False)),
        },
        "input_x_gradient": {
            "method": "InputXGradient",
            "options": {"target": target},
            **result(InputXGradient(model).attribute(x, target=target)),
        },
    }
    cases.update(ig_cases(model, x, b, target))
    return cases


def deeplift_cases(model, x, b, bd, target, bug=None):
    extra = {} if bug is None else {"captumBug": bug}
    return {
        "deeplift": {
            "method": "DeepLift",
            "options": {"baselines": "b", "target": target, "returnConvergenceDelta": True},
            **extra,
            **result(DeepLift(model).attribute(x, baselines=b, target=target, return_convergence_delta=True)),
        },
        "deeplift_shap": {
            "method": "DeepLiftShap",
            "options": {"baselines": "bd", "target": target, "returnConvergenceDelta": True},
            **extra,
            **result(DeepLiftShap(model).attribute(x, baselines=bd, target=target, return_convergence_delta=True)),
        },
    }


def neuron_cases(model, x, layer, neuron, b, bd, mask, prefix="neuron"):
    mod = model[int(layer)]
    sel = tuple(neuron)
    base = {"layer": layer}
    cases = {
        f"{prefix}_gradient": {
            "method": "NeuronGradient", **base, "options": {"neuron": neuron},
            **result(NeuronGradient(model, mod).attribute(x, neuron_selector=sel)),
        },
        f"{prefix}_guided_backprop": {
            "method": "NeuronGuidedBackprop", **base, "options": {"neuron": neuron},
            **result(NeuronGuidedBackprop(model, mod).attribute(x, neuron_selector=sel)),
        },
        f"{prefix}_deconvolution": {
            "method": "NeuronDeconvolution", **base, "options": {"neuron": neuron},
            **result(NeuronDeconvolution(model, mod).attribute(x, neuron_selector=sel)),
        },
        f"{prefix}_deeplift": {
            "method": "NeuronDeepLift", **base, "options": {"neuron": neuron, "baselines": "b"},
            **result(NeuronDeepLift(model, mod).attribute(x, neuron_selector=sel, baselines=b)),
        },
        f"{prefix}_deeplift_shap": {
            "method": "NeuronDeepLiftShap", **base, "options": {"neuron": neuron, "baselines": "bd"},
            **result(NeuronDeepLiftShap(model, mod).attribute(x, neuron_selector=sel, baselines=bd)),
        },
    }
    if mask is not None:
        cases[f"{prefix}_feature_ablation"] = {
            "method": "NeuronFeatureAblation", **base,
            "options": {"neuron": neuron, "baselines": "b", "featureMask": "mask"},
            **result(NeuronFeatureAblation(model, mod).attribute(x, neuron_selector=sel, baselines=b, feature_mask=mask)),
        }
    return cases


def layer_cases(model, x, layer, b, target, lmask=None, lmask_name=None):
    mod = model[int(layer)]
    cases = {
        f"layer_grad_x_act_{layer}": {
            "method": "LayerGradientXActivation", "layer": layer, "options": {"target": target},
            **result(LayerGradientXActivation(model, mod).attribute(x, target=target)),
        },
        f"layer_gradient_{layer}": {
            "method": "LayerGradientXActivation", "layer": layer,
            "options": {"target": target, "multiplyByInputs": False},
            **result(LayerGradientXActivation(model, mod, multiply_by_inputs=False).attribute(x, target=target)),
        },
        f"layer_feature_ablation_{layer}": {
            "method": "LayerFeatureAblation", "layer": layer, "options": {"target": target},
            **result(LayerFeatureAblation(model, mod).attribute(x, target=target)),
        },
    }
    for method in ["gausslegendre", "riemann_middle"]:
        cases[f"internal_influence_{layer}_{method}"] = {
            "method": "InternalInfluence", "layer": layer,
            "options": {"baselines": "b", "target": target, "nSteps": 12, "method": method},
            **result(InternalInfluence(model, mod).attribute(x, baselines=b, target=target, n_steps=12, method=method)),
        }
    if lmask is not None:
        cases[f"layer_feature_ablation_{layer}_mask"] = {
            "method": "LayerFeatureAblation", "layer": layer,
            "options": {"target": target, "layerMask": lmask_name, "layerBaselines": 0.25},
            **result(LayerFeatureAblation(model, mod).attribute(x, target=target, layer_mask=lmask, layer_baselines=0.25)),
        }
    return cases


def layer_deeplift_cases(model, x, layers, b, bd, target):
    cases = {}
    for layer in layers:
        mod = model[int(layer)]
        cases[f"layer_deeplift_{layer}"] = {
            "method": "LayerDeepLift", "layer": layer,
            "options": {"baselines": "b", "target": target, "returnConvergenceDelta": True},
            **result(LayerDeepLift(model, mod).attribute(x, baselines=b, target=target, return_convergence_delta=True)),
        }
        cases[f"layer_deeplift_shap_{layer}"] = {
            "method": "LayerDeepLiftShap", "layer": layer,
            "options": {"baselines": "bd", "target": target, "returnConvergenceDelta": True},
            **result(LayerDeepLiftShap(model, mod).attribute(x, baselines=bd, target=target, return_convergence_delta=True)),
        }
    return cases


def main():
    # ---- mlp ----
    model, x = build("mlp")
    target = [0, 2, 1, 2]
    b = torch.randn(1, 6) * 0.3
    bd = torch.randn(5, 6) * 0.5  # a baseline distribution
    mask = torch.tensor([[0, 0, 1, 2, 2, 3]])
    cases = common_cases(model, x, b, target)
    cases.update(deeplift_cases(model, x, b, bd, target))
    cases["guided_backprop"] = {
        "method": "GuidedBackprop",
        "options": {"target": target},
        **result(GuidedBackprop(model).attribute(x, target=target)),
    }
    cases["deconvolution"] = {
        "method": "Deconvolution",
        "options": {"target": target},
        **result(Deconvolution(model).attribute(x, target=target)),
    }
    cases["lrp_epsilon"] = {
        "method": "LRP",
        "options": {"target": target},
        **result(LRP(model).attribute(x, target=target)),
    }
    cases["feature_ablation"] = {
        "method": "FeatureAblation",
        "options": {"target": target, "baselines": "b", "featureMask": "mask"},
        **result(FeatureAblation(model).attribute(x, target=target, baselines=b, feature_mask=mask)),
    }
    cases["shapley_values"] = {
        "method": "ShapleyValues",
        "options": {"target": target, "baselines": "b", "featureMask": "mask"},
        **result(ShapleyValues(model).attribute(x, target=target, baselines=b, feature_mask=mask)),
    }
    cases["occlusion"] = {
        "method": "Occlusion",
        "options": {"target": target, "slidingWindowShapes": [2], "strides": [1], "baselines": 0.5},
        **result(Occlusion(model).attribute(x, target=target, sliding_window_shapes=(2,), strides=(1,), baselines=0.5)),
    }
    for layer in ["1", "2"]:
        mod = model[int(layer)]
        cases[f"layer_ig_{layer}"] = {
            "method": "LayerIntegratedGradients",
            "layer": layer,
            "options": {"baselines": "b", "target": target, "nSteps": 16, "returnConvergenceDelta": True},
            **result(
                LayerIntegratedGradients(model, mod).attribute(
                    x, baselines=b.expand(4, 6), target=target, n_steps=16, return_convergence_delta=True
                )
            ),
        }
        for method in ["gausslegendre", "riemann_trapezoid"]:
            cases[f"layer_conductance_{layer}_{method}"] = {
                "method": "LayerConductance",
                "layer": layer,
                "options": {"baselines": "b", "target": target, "nSteps": 20, "method": method, "returnConvergenceDelta": True},
                **result(
                    LayerConductance(model, mod).attribute(
                        x, baselines=b, target=target, n_steps=20, method=method, return_convergence_delta=True
                    )
                ),
            }
        cases[f"layer_activation_{layer}"] = {
            "method": "LayerActivation",
            "layer": layer,
            "options": {},
            **result(LayerActivation(model, mod).attribute(x)),
        }
    cases["neuron_ig_2_3"] = {
        "method": "NeuronIntegratedGradients",
        "layer": "2",
        "options": {"neuron": [3], "baselines": "b", "nSteps": 16},
        **result(NeuronIntegratedGradients(model, model[2]).attribute(x, neuron_selector=(3,), baselines=b, n_steps=16)),
    }
    lmask = torch.tensor([[0, 0, 1, 1, 2, 2, 3, 4]])
    cases.update(neuron_cases(model, x, "2", [3], b, bd, mask))
    cases["neuron_gradient_shap_linear"] = {
        # layer 0 is Linear, so its unit is linear in x: GradientSHAP with one baseline and no noise is exact
        "method": "NeuronGradientShap", "layer": "0",
        "options": {"neuron": [5], "baselines": "b", "nSamples": 4},
        **result(NeuronGradientShap(model, model[0]).attribute(x, neuron_selector=(5,), baselines=b, n_samples=4)),
    }
    cases.update(layer_cases(model, x, "1", b, target, lmask, "lmask"))
    cases["feature_permutation_2"] = {
        # two examples: the only permutation that is not the identity is the swap
        "method": "FeaturePermutation", "input": "x2",
        "options": {"target": target[:2], "featureMask": "mask"},
        **result(FeaturePermutation(model).attribute(x[:2], target=target[:2], feature_mask=mask)),
    }
    for method in ["riemann_trapezoid", "gausslegendre"]:
        cases[f"neuron_conductance_1_{method}"] = {
            "method": "NeuronConductance", "layer": "1",
            "options": {"neuron": [4], "baselines": "b", "target": target, "nSteps": 16, "method": method},
            **result(NeuronConductance(model, model[1]).attribute(
                x, neuron_selector=(4,), baselines=b, target=target, n_steps=16, method=method)),
        }
    # multiply_by_inputs=False: the path-averaged gradient / multipliers alone
    cases["ig_no_multiply"] = {
        "method": "IntegratedGradients",
        "options": {"baselines": "b", "target": target, "nSteps": 12, "multiplyByInputs": False, "returnConvergenceDelta": True},
        **result(IntegratedGradients(model, multiply_by_inputs=False).attribute(
            x, baselines=b, target=target, n_steps=12, return_convergence_delta=True)),
    }
    cases["layer_ig_1_no_multiply"] = {
        "method": "LayerIntegratedGradients", "layer": "1",
        "options": {"baselines": "b", "target": target, "nSteps": 12, "multiplyByInputs": False},
        **result(LayerIntegratedGradients(model, model[1], multiply_by_inputs=False).attribute(
            x, baselines=b.expand(4, 6), target=target, n_steps=12)),
    }
    cases["neuron_ig_no_multiply"] = {
        "method": "NeuronIntegratedGradients", "layer": "2",
        "options": {"neuron": [1], "baselines": "b", "nSteps": 12, "multiplyByInputs": False},
        **result(NeuronIntegratedGradients(model, model[2], multiply_by_inputs=False).attribute(
            x, neuron_selector=(1,), baselines=b, n_steps=12)),
    }
    cases.update(layer_deeplift_cases(model, x, ["1", "2"], b, bd, target))
    # only Linear(6, 3) follows layer 3, so the layer gradient is constant and, with one baseline and no
    # noise, the draws of α cannot change the answer
    cases["layer_gradient_shap_3"] = {
        "method": "LayerGradientShap", "layer": "3",
        "options": {"baselines": "b", "target": target, "nSamples": 6},
        **result(LayerGradientShap(model, model[3]).attribute(x, baselines=b, target=target, n_samples=6)),
    }
    # LayerFeaturePermutation has no fixture: Captum 0.8's fails on this [N, 3] model with any target
    # ("Output must be 2D to select tensor of targets" for a list, "Cannot choose target column with
    # output shape torch.Size([2])" for an int); options.test.ts checks ours against LayerFeatureAblation.
    # NoiseTunnel with zero noise and a one-row distribution: nothing random is left
    cases["noise_tunnel_ig_deltas"] = {
        "method": "NoiseTunnel", "inner": "IntegratedGradients",
        "options": {"ntType": "smoothgrad", "nSamples": 3, "stdevs": 0, "baselines": "b", "drawBaselineFromDistrib": True,
                    "target": target, "nSteps": 10, "returnConvergenceDelta": True},
        **result(NoiseTunnel(IntegratedGradients(model)).attribute(
            x, nt_type="smoothgrad", nt_samples=3, stdevs=0.0, baselines=b, draw_baseline_from_distrib=True,
            target=target, n_steps=10, return_convergence_delta=True)),
    }
    write("mlp", model, x, {"b": b, "bd": bd, "mask": mask, "lmask": lmask, "x2": x[:2]}, cases)

    # ---- smooth (tanh / sigmoid) ----
    model, x = build("smooth")
    target = [1, 0, 2, 1]
    b = torch.randn(1, 6) * 0.3
    bd = torch.randn(3, 6) * 0.5
    cases = common_cases(model, x, b, target)
    cases.update(deeplift_cases(model, x, b, bd, target))
    for method in ["gausslegendre", "riemann_trapezoid"]:
        cases[f"layer_conductance_3_{method}"] = {
            "method": "LayerConductance",
            "layer": "3",
            "options": {"baselines": "b", "target": target, "nSteps": 30, "method": method, "returnConvergenceDelta": True},
            **result(
                LayerConductance(model, model[3]).attribute(
                    x, baselines=b, target=target, n_steps=30, method=method, return_convergence_delta=True
                )
            ),
        }
    # no ReLU here, so only the DeepLIFT neuron methods (our guided backprop refuses a model without ReLUs)
    cases.update({c: v for c, v in neuron_cases(model, x, "3", [2], b, bd, None, prefix="neuron_sigmoid").items() if "deeplift" in c})
    cases.update(layer_cases(model, x, "2", b, target))
    # in float64: Captum's float32 multipliers lose digits to cancellation in (y - y0) / (x - x0) here
    # (float32 is 2.5e-6 off the float64 value at one element; ours is within 1e-8 of it)
    m64 = copy.deepcopy(model).double()
    cases.update(layer_deeplift_cases(model, x, ["2", "3"], b, bd, target))
    cases["neuron_conductance_1"] = {
        "method": "NeuronConductance", "layer": "1",
        "options": {"neuron": [2], "baselines": "b", "target": target, "nSteps": 24},
        **result(NeuronConductance(model, model[1]).attribute(x, neuron_selector=(2,), baselines=b, target=target, n_steps=24)),
    }
    cases["deeplift_no_multiply"] = {
        "method": "DeepLift",
        "options": {"baselines": "b", "target": target, "multiplyByInputs": False},
        "float64": True,
        **result(DeepLift(m64, multiply_by_inputs=False).attribute(x.double(), baselines=b.double(), target=target)),
    }
    cases["deeplift_shap_no_multiply"] = {
        "method": "DeepLiftShap",
        "options": {"baselines": "bd", "target": target, "multiplyByInputs": False},
        **result(DeepLiftShap(model, multiply_by_inputs=False).attribute(x, baselines=bd, target=target)),
    }
    cases["neuron_deeplift_no_multiply"] = {
        "method": "NeuronDeepLift", "layer": "3",
        "options": {"neuron": [0], "baselines": "b", "multiplyByInputs": False},
        **result(NeuronDeepLift(model, model[3], multiply_by_inputs=False).attribute(x, neuron_selector=(0,), baselines=b)),
    }
    write("smooth", model, x, {"b": b, "bd": bd}, cases)

    # ---- cnn ----
    model, x = build("cnn")
    target = [2, 0, 1]
    b = torch.randn(1, 1, 8, 8) * 0.2
    bd = torch.randn(4, 1, 8, 8) * 0.3
    mask = torch.zeros(1, 1, 8, 8, dtype=torch.long)
    mask[..., :4, 4:] = 1
    mask[..., 4:, :4] = 2
    mask[..., 4:, 4:] = 3
    cases = common_cases(model, x, b, target)
    cases.update(deeplift_cases(model, x, b, bd, target, bug=1104))
    cases["guided_backprop"] = {
        "method": "GuidedBackprop",
        "options": {"target": target},
        **result(GuidedBackprop(model).attribute(x, target=target)),
    }
    cases["deconvolution"] = {
        "method": "Deconvolution",
        "options": {"target": target},
        **result(Deconvolution(model).attribute(x, target=target)),
    }
    cases["occlusion"] = {
        "method": "Occlusion",
        "options": {"target": target, "slidingWindowShapes": [1, 3, 3], "strides": [1, 2, 2], "baselines": 0},
        **result(Occlusion(model).attribute(x, target=target, sliding_window_shapes=(1, 3, 3), strides=(1, 2, 2), baselines=0)),
    }
    cases["feature_ablation"] = {
        "method": "FeatureAblation",
        "options": {"target": target, "baselines": "b", "featureMask": "mask"},
        **result(FeatureAblation(model).attribute(x, target=target, baselines=b, feature_mask=mask)),
    }
    cases["shapley_values"] = {
        "method": "ShapleyValues",
        "options": {"target": target, "baselines": "b", "featureMask": "mask"},
        **result(ShapleyValues(model).attribute(x, target=target, baselines=b, feature_mask=mask)),
    }
    for relu in [False, True]:
        cases[f"grad_cam_2_relu_{relu}"] = {
            "method": "LayerGradCam",
            "layer": "2",
            "options": {"target": target, "relu": relu, "upsample": False},
            **result(LayerGradCam(model, model[2]).attribute(x, target=target, relu_attributions=relu)),
        }
    cases["guided_grad_cam_2"] = {
        "method": "GuidedGradCam",
        "layer": "2",
        "options": {"target": target},
        **result(GuidedGradCam(model, model[2]).attribute(x, target=target)),
    }
    cases["layer_ig_0"] = {
        "method": "LayerIntegratedGradients",
        "layer": "0",
        "options": {"baselines": "b", "target": target, "nSteps": 16, "returnConvergenceDelta": True},
        **result(
            LayerIntegratedGradients(model, model[0]).attribute(
                x, baselines=b, target=target, n_steps=16, return_convergence_delta=True
            )
        ),
    }
    cases["layer_conductance_1"] = {
        "method": "LayerConductance",
        "layer": "1",
        "options": {"baselines": "b", "target": target, "nSteps": 20, "returnConvergenceDelta": True},
        **result(
            LayerConductance(model, model[1]).attribute(
                x, baselines=b, target=target, n_steps=20, return_convergence_delta=True
            )
        ),
    }
    for k in ["gradient", "guided_backprop", "deconvolution"]:
        cases.update({c: v for c, v in neuron_cases(model, x, "4", [2, 1, 0], b, bd, mask, prefix="neuron_pool").items() if c.endswith(k)})
    cases.update({c: v for c, v in neuron_cases(model, x, "2", [1, 2, 3], b, bd, mask, prefix="neuron_conv").items() if c.endswith("feature_ablation") or c.endswith("_gradient")})
    cases.update(layer_cases(model, x, "2", b, target))
    cases["neuron_conductance_2"] = {
        "method": "NeuronConductance", "layer": "2",
        "options": {"neuron": [3, 1, 2], "baselines": "b", "target": target, "nSteps": 20},
        **result(NeuronConductance(model, model[2]).attribute(x, neuron_selector=(3, 1, 2), baselines=b, target=target, n_steps=20)),
    }
    write("cnn", model, x, {"b": b, "bd": bd, "mask": mask}, cases)

    # ---- cnn_tanh: DeepLift's max-pool rule where Captum's works ----
    model, x = build("cnn_tanh")
    target = [0, 1, 2]
    b = torch.randn(1, 1, 8, 8) * 0.2
    bd = torch.randn(4, 1, 8, 8) * 0.3
    cases = deeplift_cases(model, x, b, bd, target)
    cases.update(ig_cases(model, x, b, target))
    cases.update({c: v for c, v in neuron_cases(model, x, "3", [1, 0, 1], b, bd, None, prefix="neuron_pool").items() if "deeplift" in c})
    cases.update(layer_deeplift_cases(model, x, ["1", "3"], b, bd, target))
    write("cnn_tanh", model, x, {"b": b, "bd": bd}, cases)

    # ---- linear: random methods, whose answer randomness cannot change on a linear model ----
    model, x = build("linear")
    target = [0, 1, 2, 1]
    b = torch.randn(1, 6) * 0.3
    mask = torch.tensor([[0, 1, 1, 2, 3, 3]])
    torch.manual_seed(10)
    cases = {
        "shapley_value_sampling": {
            "method": "ShapleyValueSampling",
            "options": {"target": target, "baselines": "b", "featureMask": "mask", "nSamples": 3},
            **result(ShapleyValueSampling(model).attribute(x, target=target, baselines=b, feature_mask=mask, n_samples=3)),
        },
        "kernel_shap": {
            "method": "KernelShap",
            "options": {"target": target, "baselines": "b", "featureMask": "mask", "nSamples": 64},
            # one example per call: Captum's KernelShap explains a batch only with a shared coalition
            "attributions": tens(
                torch.cat(
                    [
                        KernelShap(model).attribute(
                            x[i : i + 1], target=target[i], baselines=b, feature_mask=mask, n_samples=64
                        )
                        for i in range(4)
                    ]
                )
            ),
        },
        "gradient_shap_one_baseline": {
            "method": "GradientShap",
            "options": {"target": target, "baselines": "b", "nSamples": 7},
            **result(GradientShap(model).attribute(x, baselines=b, target=target, n_samples=7)),
        },
    }
    cases["gradient_shap_no_multiply"] = {
        # the gradient of a linear model: whatever the draws
        "method": "GradientShap",
        "options": {"target": target, "baselines": "b", "nSamples": 5, "multiplyByInputs": False},
        **result(GradientShap(model, multiply_by_inputs=False).attribute(x, baselines=b, target=target, n_samples=5)),
    }
    for nt in ["smoothgrad", "smoothgrad_sq", "vargrad"]:
        # the gradient of a linear model does not depend on the noise
        cases[f"noise_tunnel_saliency_{nt}"] = {
            "method": "NoiseTunnel", "inner": "Saliency",
            "options": {"ntType": nt, "nSamples": 4, "stdevs": 0.5, "target": target},
            **result(NoiseTunnel(Saliency(model)).attribute(x, nt_type=nt, nt_samples=4, stdevs=0.5, target=target)),
        }
    write("linear", model, x, {"b": b, "mask": mask}, cases)


main()
