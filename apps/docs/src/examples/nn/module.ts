// A Module registers its children by name, so every weight can be listed, counted, frozen and saved.
import { countParameters, Linear, Module, type ModuleError } from "@paramlens/nn";
import type { Tensor } from "@paramlens/tensor";
import { tensor } from "@paramlens/tensor";

class TwoLayer extends Module {
  fc1: Linear;
  fc2: Linear;
  constructor() {
    super();
    this.fc1 = this.registerModule("fc1", new Linear(2, 8));
    this.fc2 = this.registerModule("fc2", new Linear(8, 3));
  }
  override forward(x: Tensor): Tensor {
    return this.fc2.call(this.fc1.call(x).relu()); // call() runs hooks, forward() does not
  }
}

const net = new TwoLayer();
const names = net.namedParameters().map(([name, p]) => `${name} [${p.shape}]`);
console.log(names.join(", ")); // → fc1.weight [8,2], fc1.bias [8], fc2.weight [3,8], fc2.bias [3]
// (2·8 + 8) + (8·3 + 3) = 24 + 27
console.log(countParameters(net)); // → 51
console.log(net.call(tensor([[1, -1]])).shape); // → 1,3

// Freeze the first layer: its 24 parameters no longer train.
net.fc1.requiresGrad_(false);
console.log(countParameters(net, { trainableOnly: true })); // → 27

try {
  net.getSubmodule("fc3");
} catch (e) {
  console.log((e as ModuleError).code); // → NO_SUCH_SUBMODULE
}
