// countParameters: the number of scalar parameters in a module tree, each tensor counted once even when it
// is tied under two names (GPT's shared embedding and LM head), as sum(p.numel() for p in m.parameters()).
import type { AnyModule } from "./module";

export interface CountParametersOptions {
  /** count only parameters with requiresGrad (default false: count all) */
  trainableOnly?: boolean;
}

export function countParameters(module: AnyModule, options: CountParametersOptions = {}): number {
  let n = 0;
  for (const p of module.parameters()) if (!options.trainableOnly || p.requiresGrad) n += p.size;
  return n;
}
