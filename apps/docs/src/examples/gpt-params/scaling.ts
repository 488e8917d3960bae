// Training compute and the Chinchilla compute-optimal allocation.
import {
  computeOptimal,
  countParameters,
  formatCount,
  getPreset,
  trainingCompute,
} from "@paramlens/gpt-params";

// GPT-3 175B on 300B tokens: 6·N·D ≈ 3.14e23 FLOPs (Brown et al. 2020, Table D.1).
const gpt3 = countParameters(getPreset("gpt3-175b").config);
console.log(trainingCompute(gpt3.total, 300e9).toPrecision(3)); // → 3.14e+23

// Chinchilla's budget (70B parameters × 1.4T tokens × 6) spent at 20 tokens per parameter
// (Hoffmann et al. 2022): the rule gives back Chinchilla's own shape.
const best = computeOptimal(6 * 70e9 * 1.4e12, { law: "tokens-per-parameter" });
console.log(formatCount(best.parameters), formatCount(best.tokens)); // → 70B 1.4T

// The fitted law L(N, D) = E + A/N^α + B/D^β picks its own optimum for the same budget.
const fitted = computeOptimal(6 * 70e9 * 1.4e12, { fit: "epoch2024" });
console.log(fitted.law, fitted.tokensPerParameter > 10 && fitted.tokensPerParameter < 30); // → chinchilla true
