// Text for `paramlens fit`: the one-line answer first, then the numbers behind it with their formulas, then
// the assumptions. --json prints fit-report.ts's data instead.
import { formatBytes } from "@paramlens/gpt-params";
import type { Colors } from "../context";
import type { fitReport } from "./fit-report";

const gib = (b: number) => formatBytes(b, { binary: true, digits: 3 });

export function renderFit(r: ReturnType<typeof fitReport>, color: Colors): string {
  const lines = [color.bold(r.summary), ""];
  if (r.mode === "serve") {
    lines.push(
      `per device       ${gib(r.memory.perDevice)} of ${gib(r.memory.available)}   ${r.formulas.perDevice}`,
      `largest batch    ${r.maxBatch} at ${r.context} tokens   ${r.formulas.maxBatch}`,
      `longest context  ${r.maxContext.toLocaleString("en-US")} tokens at batch ${r.batch}`,
      `decode           ${(r.decode.secondsPerStep * 1000).toFixed(2)} ms/step, ${r.decode.tokensPerSecond.toFixed(1)} tok/s (${r.decode.bound}-bound)   ${r.formulas.decode}`,
      `prefill          ${r.prefill.seconds.toFixed(3)} s (${r.prefill.bound}-bound)   ${r.formulas.prefill}`,
    );
    if (r.devices > 1)
      lines.push(
        `all-reduces      ${(r.decode.communicationSeconds * 1000).toFixed(3)} ms/step   ${r.formulas.allReduce}`,
      );
  } else if (r.mode === "train") {
    lines.push(
      `devices          ${r.devices}`,
      `weights          ${gib(r.perDevice.weights)}   ${r.formulas.weights}`,
      `gradients        ${gib(r.perDevice.gradients)}   ${r.formulas.gradients}`,
      `optimizer        ${gib(r.perDevice.optimizer)}   ${r.formulas.optimizer}`,
      `activations      ${gib(r.perDevice.activations)}`,
      `throughput       ${Math.round(r.tokensPerSecond).toLocaleString("en-US")} tokens/s   ${r.formulas.tokensPerSecond}`,
      `FLOPs/token      ${r.flopsPerToken.toExponential(3)} (6N: ${r.flopsPerToken6N.toExponential(3)})`,
    );
  } else {
    const b = r.bytes;
    lines.push(
      `base weights     ${gib(b.base)}`,
      `adapters         ${gib(b.adapters)} + gradients ${gib(b.gradients)} + optimizer ${gib(b.optimizer)}`,
      `activations      ${gib(b.activations)}`,
      `total            ${gib(b.total)}`,
    );
  }
  lines.push("", color.dim("assumptions:"), ...r.assumptions.map((a) => color.dim(`  ${a}`)));
  return lines.join("\n");
}
