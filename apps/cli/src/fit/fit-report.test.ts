// `paramlens fit` end to end in-process: the one-line answers read the same numbers gpt-params computes,
// --json carries them, and bad or conflicting flags give one line and exit 1 or 2.
import { ggufQuantize, inferenceEstimate, presets } from "@paramlens/gpt-params";
import { describe, expect, it } from "vitest";
import { runCli } from "../run-cli";
import { parseKvCache, parseQuant, quantLabel } from "./parse-quant";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("paramlens fit (serving)", () => {
  it("answers in one line: Llama-2-7B at Q4_K_M with 8k context on an RTX 4090", async () => {
    const r = await run(["fit", "llama2-7b", "--gpu", "rtx-4090", "--quant", "q4_k_m", "--context", "8192"]);
    expect(r.code).toBe(0);
    const first = r.stdout.split("\n")[0]!;
    expect(first).toMatch(
      /^fits on 1 × 24 GiB \(NVIDIA GeForce RTX 4090\) at q4_k_m with 8k context: 3\.8 GiB weights \+ 4 GiB KV/,
    );
    const e = inferenceEstimate(presets["llama2-7b"]!.config, {
      device: "rtx-4090",
      weights: { kind: "gguf", fileType: "Q4_K_M" },
      contextLength: 8192,
    });
    expect(first).toContain(`~${Math.round(e.decode.tokensPerSecond)} tok/s decode, memory-bound`);
    expect(r.stdout).toMatch(/assumptions:/);
  });
  it("--json carries the estimate's numbers", async () => {
    const r = await run(["fit", "llama2-7b", "--gpu", "h100-sxm", "--quant", "q4_k_m", "--json"]);
    const j = JSON.parse(r.stdout);
    expect(j.memory.weights).toBe(ggufQuantize(presets["llama2-7b"]!.config, "Q4_K_M").bytes);
    expect(j.fits).toBe(true);
    expect(j.formulas.decode).toMatch(/max\(/);
  });
  it("says when it does not fit", async () => {
    const r = await run(["fit", "llama2-70b", "--gpu", "rtx-4090", "--quant", "bf16"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^does not fit on 1 × 24 GiB/);
  });
  it("lists the catalogue", async () => {
    const r = await run(["fit", "--list-gpus", "--json"]);
    expect(JSON.parse(r.stdout).map((d: { id: string }) => d.id)).toContain("h100-sxm");
  });
});

describe("paramlens fit --train", () => {
  it("finds the devices needed and prices the run", async () => {
    const r = await run([
      "fit",
      "llama2-7b",
      "--gpu",
      "a100-80gb",
      "--train",
      "--recompute",
      "full",
      "--context",
      "4096",
      "--tokens",
      "2e12",
      "--price",
      "2",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mode).toBe("train");
    expect(j.fits).toBe(true);
    expect(j.cost).toBeCloseTo((j.seconds / 3600) * j.devices * 2, 3);
  });
  it("QLoRA on one consumer GPU", async () => {
    const r = await run([
      "fit",
      "llama2-7b",
      "--gpu",
      "rtx-4090",
      "--train",
      "--lora",
      "8",
      "--qlora",
      "--context",
      "512",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(
      /^QLoRA r=8 on q,v: 4,194,304 trainable of 6,742,609,920; .* fits$/,
    );
  });
});

describe("paramlens params --gpu", () => {
  it("adds the fit answer to the parameter report", async () => {
    const r = await run(["params", "llama2-7b", "--gpu", "rtx-4090", "--quant", "q4_k_m", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.parameters.total).toBe(6_738_415_616);
    expect(j.fit.summary).toMatch(/^fits on 1 × 24 GiB/);
    const text = await run(["params", "llama2-7b", "--gpu", "rtx-4090", "--quant", "q4_k_m"]);
    expect(text.stdout).toMatch(/^total\s+6,738,415,616/m);
    expect(text.stdout).toMatch(/^fits on 1 × 24 GiB/m);
  });
  it("refuses fit flags without --gpu", async () => {
    const r = await run(["params", "llama2-7b", "--quant", "q4_k_m"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--quant needs --gpu/);
  });
});

describe("flags", () => {
  it("parses schemes and labels them back", () => {
    expect(parseQuant("Q4_K_M")).toEqual({ kind: "gguf", fileType: "Q4_K_M" });
    expect(parseQuant("gptq-3-g64")).toEqual({ kind: "gptq", bits: 3, groupSize: 64 });
    expect(quantLabel(parseQuant("awq"))).toBe("awq-g128");
    expect(parseQuant("nf4-dq")).toEqual({ kind: "nf4", doubleQuant: true });
    expect(parseKvCache("Q8_0")).toBe("q8_0");
    expect(() => parseQuant("q9")).toThrow(/not a known scheme/);
  });
  it("rejects bad and conflicting flags with one line", async () => {
    for (const [argv, code, pattern] of [
      [["fit", "llama2-7b"], 2, /--gpu/],
      [["fit", "llama2-7b", "--gpu", "rtx-9999"], 1, /not a known device/],
      [["fit", "llama2-7b", "--gpu", "rtx-4090", "--zero", "3"], 2, /add --train/],
      [["fit", "llama2-7b", "--gpu", "rtx-4090", "--train", "--quant", "q4_0"], 2, /size serving/],
      [["fit", "llama2-7b", "--gpu", "rtx-4090", "--train", "--qlora"], 2, /needs --lora/],
      [
        ["fit", "llama2-7b", "--gpu", "rtx-4090", "--train", "--lora", "8", "--lora-targets", "q,x"],
        1,
        /lora-targets/,
      ],
      [["fit", "llama2-7b", "--gpu", "rtx-4090", "--train", "--mfu", "3"], 1, /at most 1/],
      [["fit", "llama2-7b", "--gpu", "rtx-4090", "--quant", "q9"], 1, /not a known scheme/],
    ] as const) {
      const r = await run([...argv]);
      expect(r.code, argv.join(" ")).toBe(code);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
