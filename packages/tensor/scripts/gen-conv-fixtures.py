"""Writes fixtures/conv-pool.json: PyTorch forward and backward values for conv2d, conv_transpose2d,
max_pool2d (with argmax indices) and avg_pool2d, used by src/kernels/conv*.test.ts and pool*.test.ts.

Every case stores the inputs, a random upstream gradient `dy`, and what PyTorch computes: the output `y`
and the gradients of sum(y * dy) with respect to each input. PyTorch is only a generator, never a dependency.

Run: /usr/bin/python3 packages/tensor/scripts/gen-conv-fixtures.py
"""

import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "conv-pool.json")


def flat(t):
    return t.detach().reshape(-1).tolist()


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def conv_case(name, x_shape, w_shape, bias=True, stride=1, padding=0, dilation=1, groups=1):
    x = torch.randn(*x_shape, requires_grad=True)
    w = torch.randn(*w_shape, requires_grad=True)
    b = torch.randn(w_shape[0], requires_grad=True) if bias else None
    y = F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {
        "name": name, "xShape": list(x_shape), "wShape": list(w_shape), "yShape": list(y.shape),
        "stride": pair(stride), "padding": pair(padding), "dilation": pair(dilation), "groups": groups,
        "x": flat(x), "w": flat(w), "b": flat(b) if bias else None, "y": flat(y), "dy": flat(dy),
        "dx": flat(x.grad), "dw": flat(w.grad), "db": flat(b.grad) if bias else None,
    }


def conv_t_case(name, x_shape, w_shape, bias=True, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    x = torch.randn(*x_shape, requires_grad=True)
    w = torch.randn(*w_shape, requires_grad=True)
    b = torch.randn(w_shape[1] * groups, requires_grad=True) if bias else None
    y = F.conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding,
                           groups=groups, dilation=dilation)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {
        "name": name, "xShape": list(x_shape), "wShape": list(w_shape), "yShape": list(y.shape),
        "stride": pair(stride), "padding": pair(padding), "outputPadding": pair(output_padding),
        "dilation": pair(dilation), "groups": groups,
        "x": flat(x), "w": flat(w), "b": flat(b) if bias else None, "y": flat(y), "dy": flat(dy),
        "dx": flat(x.grad), "dw": flat(w.grad), "db": flat(b.grad) if bias else None,
    }


def max_pool_case(name, x_shape, kernel, stride=None, padding=0):
    x = torch.randn(*x_shape, requires_grad=True)
    y, idx = F.max_pool2d(x, kernel, stride=stride, padding=padding, return_indices=True)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {
        "name": name, "xShape": list(x_shape), "yShape": list(y.shape), "kernel": pair(kernel),
        "stride": pair(stride if stride is not None else kernel), "padding": pair(padding),
        "x": flat(x), "y": flat(y), "indices": flat(idx), "dy": flat(dy), "dx": flat(x.grad),
    }


def avg_pool_case(name, x_shape, kernel, stride=None, padding=0, count_include_pad=True):
    x = torch.randn(*x_shape, requires_grad=True)
    y = F.avg_pool2d(x, kernel, stride=stride, padding=padding, count_include_pad=count_include_pad)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {
        "name": name, "xShape": list(x_shape), "yShape": list(y.shape), "kernel": pair(kernel),
        "stride": pair(stride if stride is not None else kernel), "padding": pair(padding),
        "countIncludePad": count_include_pad, "x": flat(x), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad),
    }


def main():
    torch.manual_seed(1234)
    data = {
        "torch": torch.__version__,
        "conv2d": [
            conv_case("basic 3x3", (2, 3, 5, 5), (4, 3, 3, 3)),
            conv_case("stride (2,1) pad (1,0)", (1, 2, 7, 6), (3, 2, 3, 2), stride=(2, 1), padding=(1, 0)),
            conv_case("dilation (2,1) pad 2", (1, 2, 8, 7), (2, 2, 3, 3), dilation=(2, 1), padding=2),
            conv_case("groups 2 stride 2 pad 1 no bias", (2, 4, 6, 5), (6, 2, 3, 3), bias=False, stride=2,
                      padding=1, groups=2),
            conv_case("depthwise", (1, 3, 5, 5), (3, 1, 3, 3), groups=3, padding=1),
            conv_case("1x1 odd sizes", (1, 5, 3, 4), (2, 5, 1, 1)),
            conv_case("asymmetric everything", (1, 1, 9, 9), (1, 1, 4, 2), stride=3, padding=(1, 2),
                      dilation=(1, 2)),
        ],
        "convTranspose2d": [
            conv_t_case("basic", (1, 2, 3, 3), (2, 3, 3, 3)),
            conv_t_case("stride 2 pad 1 output padding 1", (2, 2, 3, 4), (2, 3, 3, 3), stride=2, padding=1,
                        output_padding=1),
            conv_t_case("groups 2 dilation", (2, 4, 4, 3), (4, 1, 2, 3), bias=False, stride=(1, 2),
                        dilation=(2, 1), groups=2),
        ],
        "maxPool2d": [
            max_pool_case("2x2 stride 2", (2, 3, 6, 6), 2),
            max_pool_case("3x3 stride 2 pad 1 odd", (1, 2, 7, 5), 3, stride=2, padding=1),
            max_pool_case("rectangular", (1, 1, 5, 8), (2, 3), stride=(1, 2), padding=(1, 1)),
        ],
        "avgPool2d": [
            avg_pool_case("2x2 stride 2", (2, 3, 6, 6), 2),
            avg_pool_case("3x3 stride 2 pad 1 include pad", (1, 2, 7, 5), 3, stride=2, padding=1),
            avg_pool_case("3x3 stride 2 pad 1 exclude pad", (1, 2, 7, 5), 3, stride=2, padding=1,
                          count_include_pad=False),
            avg_pool_case("rectangular", (1, 1, 5, 8), (2, 3), stride=(1, 2), padding=(1, 1)),
        ],
    }
    with open(OUT, "w") as f:
        json.dump(data, f, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
