# Generates src/fixtures/tiny-gpt2.safetensors (a seeded 2-layer Hugging Face GPT2LMHeadModel, vocab 16) and
# src/fixtures/captum-llm.json: Captum 0.8's LLMAttribution (FeatureAblation, ShapleyValues, with
# TextTokenInput, skip_tokens, TextTemplateInput with and without a mask, attr_target "prob") and
# LLMGradientAttribution (LayerIntegratedGradients and LayerGradientXActivation on transformer.wte) on it,
# with a character tokenizer written below (one token per character).
# Run from packages/attribution (needs pyref: real transformers + Captum; never a project dependency):
#   PYTHONPATH=/work/pyref/site HF_HUB_OFFLINE=1 /usr/bin/python3 scripts/captum-llm-fixtures.py
import json
import os

import torch
from captum.attr import (
    FeatureAblation,
    LayerGradientXActivation,
    LayerIntegratedGradients,
    LLMAttribution,
    LLMGradientAttribution,
    ShapleyValues,
    TextTemplateInput,
    TextTokenInput,
)
from safetensors.torch import save
from transformers import GPT2Config, GPT2LMHeadModel

VOCAB = "#abcdefghijklm ."  # 16 characters; id = position, "#" (id 0) is the default baseline token


class CharTokenizer:
    """The tokenizer interface Captum's LLM classes use, one token per character."""

    def encode(self, text, return_tensors=None, add_special_tokens=True):
        ids = [VOCAB.index(c) for c in text]
        return torch.tensor([ids]) if return_tensors == "pt" else ids

    def decode(self, ids):
        if isinstance(ids, torch.Tensor):
            ids = ids.reshape(-1).tolist()
        if isinstance(ids, int):
            ids = [ids]
        return "".join(VOCAB[i] for i in ids)

    def convert_ids_to_tokens(self, ids):
        return [VOCAB[i] for i in ids]

    def convert_tokens_to_ids(self, tokens):
        return [VOCAB.index(t) for t in tokens]

    def __call__(self, text, return_offsets_mapping=False, add_special_tokens=True, **kwargs):
        ids = self.encode(text)
        out = {"input_ids": ids}
        if return_offsets_mapping:
            out["offset_mapping"] = [(i, i + 1) for i in range(len(ids))]
        return out


torch.set_num_threads(1)
torch.manual_seed(0)
config = GPT2Config(
    vocab_size=16,
    n_positions=32,
    n_embd=16,
    n_layer=2,
    n_head=2,
    resid_pdrop=0.0,
    embd_pdrop=0.0,
    attn_pdrop=0.0,
    initializer_range=0.3,  # larger than GPT-2's 0.02 so the tiny model's outputs depend on its input
)
model = GPT2LMHeadModel(config).eval()
tok = CharTokenizer()

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "..", "src", "fixtures")
sd = {k: v.detach().contiguous().clone() for k, v in model.state_dict().items() if k != "lm_head.weight"}
sd = {k: v for k, v in sd.items() if not k.endswith(".attn.bias") and not k.endswith(".attn.masked_bias")}
with open(os.path.join(out_dir, "tiny-gpt2.safetensors"), "wb") as f:
    f.write(save(sd))


def result(r):
    return {
        "seqAttr": r.seq_attr.tolist(),
        "tokenAttr": None if r.token_attr is None else r.token_attr.tolist(),
        "inputTokens": r.input_tokens,
        "outputTokens": r.output_tokens,
    }


cases = []


def add(name, res, **info):
    print(name, flush=True)
    cases.append({"name": name, **info, **result(res)})


prompt = "abcd efg"
target = "hi."
fa = LLMAttribution(FeatureAblation(model), tok)
sv = LLMAttribution(ShapleyValues(model), tok)
with torch.no_grad():
    add("token-feature-ablation", fa.attribute(TextTokenInput(prompt, tok), target=target),
        kind="token", method="feature-ablation", prompt=prompt, target=target)
    # Captum's exact ShapleyValues walks all M! feature orders: keep M at 5
    add("token-shapley-values", sv.attribute(TextTokenInput("ab de", tok), target=target),
        kind="token", method="shapley-values", prompt="ab de", target=target)
    add("token-skip-baseline", fa.attribute(TextTokenInput(prompt, tok, baselines=14, skip_tokens=["a", " "]), target=target),
        kind="token", method="feature-ablation", prompt=prompt, target=target, baseline=14, skip=[1, 14])
    fa_prob = LLMAttribution(FeatureAblation(model), tok, attr_target="prob")
    add("token-feature-ablation-prob", fa_prob.attribute(TextTokenInput(prompt, tok), target=target),
        kind="token", method="feature-ablation", attrTarget="prob", prompt=prompt, target=target)
    template = "{} ab {} c {}."
    values = ["dd", "efg", "hi"]
    add("template-feature-ablation", fa.attribute(TextTemplateInput(template, values), target="lm"),
        kind="template", method="feature-ablation", template=template, values=values, target="lm")
    add("template-shapley-baselines", sv.attribute(TextTemplateInput(template, values, baselines=["a", "", "mm"]), target="lm"),
        kind="template", method="shapley-values", template=template, values=values, baselines=["a", "", "mm"], target="lm")
    add("template-shapley-mask", sv.attribute(TextTemplateInput(template, values, mask=[0, 1, 0]), target="lm"),
        kind="template", method="shapley-values", template=template, values=values, mask=[0, 1, 0], target="lm")

lig = LLMGradientAttribution(LayerIntegratedGradients(model, model.transformer.wte), tok)
add("gradient-layer-ig", lig.attribute(TextTokenInput(prompt, tok), target=target),
    kind="token", method="layer-integrated-gradients", prompt=prompt, target=target)
add("gradient-layer-ig-skip", lig.attribute(TextTokenInput(prompt, tok, baselines=14, skip_tokens=["a"]), target=target, n_steps=20),
    kind="token", method="layer-integrated-gradients", prompt=prompt, target=target, baseline=14, skip=[1], nSteps=20)
lgxa = LLMGradientAttribution(LayerGradientXActivation(model, model.transformer.wte), tok)
add("gradient-input-x-gradient", lgxa.attribute(TextTokenInput(prompt, tok), target=target),
    kind="token", method="input-x-gradient", prompt=prompt, target=target)

with open(os.path.join(out_dir, "captum-llm.json"), "w") as f:
    json.dump({"vocab": VOCAB, "nHeads": 2, "cases": cases}, f, indent=1)
print("wrote", len(cases), "cases")
