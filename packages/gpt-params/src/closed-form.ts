// The parameter count as a readable polynomial (e.g. "V·d + n_pos·d + L·(12·d² + 13·d) + 2·d") and its value.
// Built independently of the component breakdown in count.ts, so the two check each other. It does not
// simplify beyond the identities that hold for the given config (d_attn = d, d_kv = d_attn, d_ff = k·d).
import type { GPTConfig } from "./config";

/** The count as a formula in the config's symbols, the same formula with numbers, and its value. */
export interface ClosedForm {
  /** e.g. `V·d + n_pos·d + L·(12·d² + 13·d) + 2·d`. */
  expression: string;
  /** The expression with each symbol replaced by its value, e.g. `50257·768 + 1024·768 + 12·(…)`. */
  substituted: string;
  /** The value of the expression (equals the exact total). */
  value: number;
  /** Every symbol used and its value. */
  symbols: Record<string, number>;
}

// A polynomial: key = symbols of one monomial sorted and joined by "*", value = its coefficient.
type Poly = Map<string, number>;

function add(p: Poly, coef: number, ...syms: string[]): void {
  if (coef === 0) return;
  const key = [...syms].sort().join("*");
  p.set(key, (p.get(key) ?? 0) + coef);
}

// Rewrites symbol `from` as `factor · to` (to may be "" for a pure number) in every monomial.
function rewrite(p: Poly, from: string, factor: number, to: string): Poly {
  const out: Poly = new Map();
  for (const [key, coef] of p) {
    const syms = key === "" ? [] : key.split("*");
    let c = coef;
    const next: string[] = [];
    for (const s of syms) {
      if (s === from) {
        c *= factor;
        if (to !== "") next.push(to);
      } else next.push(s);
    }
    add(out, c, ...next);
  }
  return out;
}

function evalPoly(p: Poly, values: Record<string, number>): number {
  let total = 0;
  for (const [key, coef] of p) {
    let term = coef;
    if (key !== "") for (const s of key.split("*")) term *= values[s] ?? Number.NaN;
    total += term;
  }
  return total;
}

const SUPERSCRIPT = ["", "", "²", "³", "⁴"];

function renderPoly(p: Poly, name: (sym: string) => string): string {
  const terms = [...p.entries()].filter(([, c]) => c !== 0);
  // Highest degree first, then alphabetical, so "12·d²" comes before "13·d".
  terms.sort(([a], [b]) => {
    const da = a === "" ? 0 : a.split("*").length;
    const db = b === "" ? 0 : b.split("*").length;
    return db - da || (a < b ? -1 : a > b ? 1 : 0);
  });
  return terms
    .map(([key, coef]) => {
      const syms = key === "" ? [] : key.split("*");
      const counts = new Map<string, number>();
      for (const s of syms) counts.set(s, (counts.get(s) ?? 0) + 1);
      const factors = [...counts].map(([s, n]) => name(s) + (SUPERSCRIPT[n] ?? `^${n}`));
      if (factors.length === 0) return String(coef);
      return (coef === 1 ? "" : `${coef}·`) + factors.join("·");
    })
    .join(" + ");
}

function normSize(config: GPTConfig): number {
  return config.norm === "layernorm" ? 2 : 1;
}

// One MLP of hidden width `ffSym`: weights and (optional) biases.
function addMLP(p: Poly, config: GPTConfig, times: number, ffSym: string): void {
  const gated = config.mlp !== "gelu";
  add(p, times * (gated ? 3 : 2), "d", ffSym);
  if (config.bias.mlp) {
    add(p, times * (gated ? 2 : 1), ffSym);
    add(p, times, "d");
  }
}

// Multi-head latent attention (DeepSeek): q_a (d·r_q) + its norm + q_b (r_q·h·d_qk), or q (d·h·d_qk);
// kv_a (d·(r_kv + d_rope)) + its norm + kv_b (r_kv·h·(d_nope + d_v)); o (h·d_v·d).
function addMLA(p: Poly, config: GPTConfig): void {
  const m = config.mla!;
  const n = normSize(config);
  if (m.qLoraRank > 0) {
    add(p, 1, "d", "r_q");
    add(p, n + (config.bias.qkv ? 1 : 0), "r_q");
    add(p, 1, "r_q", "h", "d_qk");
  } else add(p, 1, "d", "h", "d_qk");
  add(p, 1, "d", "r_kv");
  add(p, 1, "d", "d_rope");
  if (config.bias.qkv) {
    add(p, 1, "r_kv");
    add(p, 1, "d_rope");
  }
  add(p, n, "r_kv");
  add(p, 1, "r_kv", "h", "d_nope");
  add(p, 1, "r_kv", "h", "d_v");
  add(p, 1, "h", "d_v", "d");
  if (config.bias.attnOut) add(p, 1, "d");
}

function layerPoly(config: GPTConfig, isMoE: boolean): Poly {
  const p: Poly = new Map();
  if (config.mla) addMLA(p, config);
  else {
    // Q and O are d × d_attn, K and V are d × d_kv each.
    add(p, 2, "d", "d_attn");
    add(p, 2, "d", "d_kv");
    if (config.bias.qkv) {
      add(p, 1, "d_attn");
      add(p, 2, "d_kv");
    }
    if (config.bias.attnOut) add(p, 1, "d");
  }
  if (config.qkNorm === "head") add(p, 2 * normSize(config), "d_head");
  if (config.qkNorm === "full") {
    add(p, normSize(config), "d_attn");
    add(p, normSize(config), "d_kv");
  }
  add(p, config.normsPerLayer * normSize(config), "d");
  const moe = config.moe;
  if (isMoE && moe) {
    add(p, moe.nExperts, "d"); // router weight d × E; E is folded into the coefficient
    if (moe.routerBias) add(p, moe.nExperts);
    addMLP(p, config, moe.nExperts, "d_e");
    addMLP(p, config, moe.nSharedExperts, "d_s");
    if (moe.sharedExpertGate) add(p, 1, "d"); // shared-expert gate d × 1
  } else {
    addMLP(p, config, 1, "d_ff");
  }
  return p;
}

function simplify(p: Poly, config: GPTConfig): Poly {
  let q = p;
  const dAttn = config.nHeads * config.headDim;
  const dKV = config.nKVHeads * config.headDim;
  if (dKV === dAttn) q = rewrite(q, "d_kv", 1, "d_attn");
  if (dAttn === config.dModel) q = rewrite(q, "d_attn", 1, "d");
  const moe = config.moe;
  if (moe) {
    if (moe.sharedExpertDFF === moe.expertDFF) q = rewrite(q, "d_s", 1, "d_e");
    if (moe.expertDFF === config.dFF) q = rewrite(q, "d_e", 1, "d_ff");
  }
  if (config.dFF % config.dModel === 0) q = rewrite(q, "d_ff", config.dFF / config.dModel, "d");
  return q;
}

/**
 * Builds the closed-form parameter count of a validated config.
 * @example closedForm(validateConfig({})).expression // "V·d + n_pos·d + L·(12·d² + 13·d) + 2·d"
 */
export function closedForm(config: GPTConfig): ClosedForm {
  const moeLayers = config.moe ? config.moe.layers.length : 0;
  const denseLayers = config.nLayers - moeLayers;
  const symbols: Record<string, number> = {
    V: config.vocabSize,
    d: config.dModel,
    d_attn: config.nHeads * config.headDim,
    d_kv: config.nKVHeads * config.headDim,
    d_ff: config.dFF,
    d_head: config.headDim,
  };
  if (config.mla) {
    const m = config.mla;
    Object.assign(symbols, {
      h: config.nHeads,
      r_q: m.qLoraRank,
      r_kv: m.kvLoraRank,
      d_qk: m.qkNopeHeadDim + m.qkRopeHeadDim,
      d_nope: m.qkNopeHeadDim,
      d_rope: m.qkRopeHeadDim,
      d_v: m.vHeadDim,
    });
  }
  if (config.position === "learned") symbols.n_pos = config.positionRows;
  if (config.moe) {
    symbols.d_e = config.moe.expertDFF;
    symbols.d_s = config.moe.sharedExpertDFF;
  }

  const outer: Poly = new Map();
  add(outer, config.tiedEmbeddings ? 1 : 2, "V", "d");
  if (config.position === "learned") add(outer, 1, "n_pos", "d");
  if (config.bias.lmHead) add(outer, 1, "V");
  const globalNorms = (config.embeddingNorm ? 1 : 0) + (config.finalNorm ? 1 : 0);
  const tail: Poly = new Map();
  add(tail, globalNorms * normSize(config), "d");

  const groups: { count: number; countSym: string; poly: Poly }[] = [];
  if (denseLayers > 0)
    groups.push({ count: denseLayers, countSym: "L", poly: simplify(layerPoly(config, false), config) });
  if (moeLayers > 0)
    groups.push({ count: moeLayers, countSym: "L", poly: simplify(layerPoly(config, true), config) });
  if (groups.length === 2) {
    groups[0]!.countSym = "L_dense";
    groups[1]!.countSym = "L_moe";
  }
  for (const g of groups) symbols[g.countSym] = g.count;

  const outerS = simplify(outer, config);
  const tailS = simplify(tail, config);
  const used = new Set<string>();
  for (const poly of [outerS, tailS, ...groups.map((g) => g.poly)]) {
    for (const key of poly.keys()) for (const s of key.split("*")) if (s !== "") used.add(s);
  }
  for (const g of groups) used.add(g.countSym);
  const usedSymbols: Record<string, number> = {};
  for (const [s, v] of Object.entries(symbols)) if (used.has(s)) usedSymbols[s] = v;

  const render = (name: (s: string) => string): string => {
    const parts: string[] = [];
    const o = renderPoly(outerS, name);
    if (o !== "") parts.push(o);
    for (const g of groups) parts.push(`${name(g.countSym)}·(${renderPoly(g.poly, name)})`);
    const t = renderPoly(tailS, name);
    if (t !== "") parts.push(t);
    return parts.join(" + ");
  };

  let value = evalPoly(outerS, symbols) + evalPoly(tailS, symbols);
  for (const g of groups) value += g.count * evalPoly(g.poly, symbols);

  return {
    expression: render((s) => s),
    substituted: render((s) => String(symbols[s])),
    value,
    symbols: usedSymbols,
  };
}
