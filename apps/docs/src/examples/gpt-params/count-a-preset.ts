// Count GPT-2 small exactly and look inside the count.
import { countParameters, formatCount, getPreset } from "@paramlens/gpt-params";

const gpt2 = countParameters(getPreset("gpt2").config);
console.log(formatCount(gpt2.total, { style: "exact" })); // → 124,439,808
console.log(formatCount(gpt2.total)); // → 124.4M
// The token embedding is V · d = 50257 · 768.
console.log(gpt2.breakdown["embedding/token"]); // → 38597376
// The same total as a formula in the config's symbols.
console.log(gpt2.closedForm.value === gpt2.total); // → true
