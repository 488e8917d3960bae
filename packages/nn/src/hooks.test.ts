// Hooks as attribution code uses them: nested firing order, activations and their gradients captured
// with forward + full backward hooks (checked against autograd's own retainGrad), modules called twice,
// tuple outputs, and gradient replacement from a backward pre-hook.
import { manualSeed, randn, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ReLU } from "./layers/activations";
import { Sequential } from "./layers/containers";
import { Conv2d } from "./layers/conv2d";
import { Linear } from "./layers/linear";
import { Flatten } from "./layers/shape-layers";
import { type AnyModule, Module } from "./module";
import { expectClose } from "./test-util";

class Split extends Module<[Tensor], Tensor[]> {
  override forward(x: Tensor): Tensor[] {
    return [x.mul(2), x.mul(3)];
  }
}

describe("hook order", () => {
  it("nests: parent pre, child pre/post in forward order, parent post; backward in reverse", () => {
    const net = new Sequential(new Linear(2, 2), new ReLU());
    const log: string[] = [];
    for (const [name, m] of net.namedModules()) {
      const n = name || "root";
      m.registerForwardPreHook(() => {
        log.push(`pre ${n}`);
      });
      m.registerForwardHook(() => {
        log.push(`post ${n}`);
      });
      m.registerFullBackwardHook(() => {
        log.push(`backward ${n}`);
      });
    }
    net
      .call(randn([3, 2]).requiresGrad_())
      .sum()
      .backward();
    expect(log).toEqual([
      "pre root",
      "pre 0",
      "post 0",
      "pre 1",
      "post 1",
      "post root",
      "backward 1",
      "backward 0",
      "backward root",
    ]);
  });

  it("hooks registered on the same module run in registration order; a removed one never runs", () => {
    const m = new ReLU();
    const log: number[] = [];
    const hs = [1, 2, 3].map((i) =>
      m.registerForwardHook(() => {
        log.push(i);
      }),
    );
    hs[1]!.remove();
    m.call(tensor([1]));
    expect(log).toEqual([1, 3]);
  });
});

describe("Grad-CAM style capture", () => {
  it("forward hook activations and backward hook gradients equal autograd's (retainGrad) values", () => {
    manualSeed(5);
    const conv = new Conv2d(1, 2, 3, { padding: 1 });
    const net = new Sequential(conv, new ReLU(), new Flatten(), new Linear(2 * 4 * 4, 3));
    let act: Tensor | null = null;
    let gradAct: Tensor | null = null;
    let gradIn: Tensor | null = null;
    conv.registerForwardHook((_m, _in, out) => {
      act = out as Tensor;
    });
    conv.registerFullBackwardHook((_m, gi, go) => {
      gradAct = go[0]!;
      gradIn = gi[0]!;
    });
    const x = randn([1, 1, 4, 4]).requiresGrad_();
    net.call(x).select(1, 2).sum().backward();

    // the same quantities without hooks, from autograd alone
    const x2 = x.detach().requiresGrad_();
    const a2 = conv.forward(x2).retainGrad();
    (net.at(3) as Linear).forward(a2.relu().flatten(1)).select(1, 2).sum().backward();
    expectClose(act!, a2.detach(), "activation");
    expectClose(gradAct!, a2.grad!, "grad wrt conv output");
    expectClose(gradIn!, x2.grad!, "grad wrt conv input");
    expectClose(x.grad!, x2.grad!, "input grad unchanged by the hooks");
  });
});

describe("backward hooks: calls, tuples, replacement", () => {
  it("a module called twice fires once per call", () => {
    const lin = new Linear(2, 2);
    let calls = 0;
    lin.registerFullBackwardHook(() => {
      calls++;
    });
    const x = randn([1, 2]).requiresGrad_();
    lin.call(lin.call(x)).sum().backward();
    expect(calls).toBe(2);
  });

  it("tuple outputs: one gradOutput per tensor, zeros for an unused output", () => {
    const m = new Split();
    let go: readonly (Tensor | null)[] = [];
    let gi: readonly (Tensor | null)[] = [];
    m.registerFullBackwardHook((_m, gradInput, gradOutput) => {
      gi = gradInput;
      go = gradOutput;
    });
    const x = tensor([1, 2]).requiresGrad_();
    const [a] = m.call(x);
    a!
      .mul(tensor([5, 7]))
      .sum()
      .backward();
    expect(go.map((g) => g!.toArray())).toEqual([
      [5, 7],
      [0, 0],
    ]);
    expect(gi[0]!.toArray()).toEqual([10, 14]);
  });

  it("a backward pre-hook can replace gradOutput, which the module's backward then uses", () => {
    const lin = new Linear(2, 1, { bias: false });
    lin.weight.data.set([3, 4]);
    lin.registerFullBackwardPreHook((_m, go) => [go[0]!.mul(10)]);
    const x = tensor([[1, 1]]).requiresGrad_();
    lin.call(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([30, 40]);
    expect(lin.weight.grad!.toArray()).toEqual([10, 10]);
  });

  it("a hook that returns the wrong number of gradients is an error", () => {
    const lin = new Linear(2, 1);
    lin.registerFullBackwardHook(() => []);
    const y = lin.call(randn([1, 2]).requiresGrad_()).sum();
    expect(() => y.backward()).toThrow(
      "Linear: a full backward hook must return undefined or an array of 1 gradients",
    );
  });
});

describe("names and printing", () => {
  it("typeName: a built-in's static name, a user subclass's own class name", () => {
    class MyLinear extends Linear {}
    const m: AnyModule = new MyLinear(1, 1);
    expect(new Linear(1, 1).typeName).toBe("Linear");
    expect(m.typeName).toBe("MyLinear");
  });

  it("toString prints the tree like PyTorch", () => {
    const net = new Sequential(new Linear(2, 3), new ReLU());
    expect(net.toString()).toBe(
      ["Sequential(", "  (0): Linear(inFeatures=2, outFeatures=3, bias=true)", "  (1): ReLU()", ")"].join(
        "\n",
      ),
    );
  });
});
