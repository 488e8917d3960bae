// Tensor-level safetensors: loading the PyTorch-layout reference file into Tensors, saving Tensors back
// (default and explicit on-disk dtypes), and the errors of the glue.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Tensor } from "../tensor";
import { SafetensorsError } from "./safetensors-error";
import { readSafetensorsHeader } from "./safetensors-header";
import { loadSafetensors, saveSafetensors } from "./safetensors-tensor";

const dir = join(__dirname, "..", "..", "fixtures", "safetensors");
const reference = new Uint8Array(readFileSync(join(dir, "reference.safetensors")));
const expected = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as {
  tensors: Record<string, { dtype: string; shape: number[]; decoded: (number | string)[] }>;
};
const num = (v: number | string) =>
  typeof v === "number" ? v : v === "inf" ? Infinity : v === "-inf" ? -Infinity : NaN;

describe("loadSafetensors", () => {
  it("reads every tensor of the reference file with PyTorch's values", () => {
    const tensors = loadSafetensors(reference);
    for (const [name, exp] of Object.entries(expected.tensors)) {
      const t = tensors[name]!;
      expect(t.shape, name).toEqual(exp.shape);
      expect(t.dtype, name).toBe(["F32", "F16", "BF16", "F64"].includes(exp.dtype) ? "float32" : "int32");
      expect(t.toArray(), name).toEqual(exp.decoded.map(num));
    }
  });
  it("throws the typed error for an I64 value outside int32", () => {
    const bytes = new Uint8Array(readFileSync(join(dir, "i64-out-of-range.safetensors")));
    expect(() => loadSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => loadSafetensors(bytes)).toThrow('"big"');
  });
});

describe("saveSafetensors", () => {
  it("round-trips float32 and int32 tensors, views included, with metadata", () => {
    const w = new Tensor(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
    const ids = new Tensor(Int32Array.of(-1, 0, 7), [3]);
    const bytes = saveSafetensors({ "w.T": w.transpose(0, 1), ids }, { format: "pt" });
    const header = readSafetensorsHeader(bytes);
    expect(header.metadata).toEqual({ format: "pt" });
    expect(header.tensors.map((t) => [t.name, t.dtype])).toEqual([
      ["w.T", "F32"],
      ["ids", "I32"],
    ]);
    const back = loadSafetensors(bytes);
    expect(back["w.T"]!.toNested()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(back.ids!.toArray()).toEqual([-1, 0, 7]);
  });
  it("stores explicit on-disk dtypes", () => {
    const h = new Tensor(Float32Array.of(0.1, 65504, 1e-8), [3]);
    const mask = new Tensor(Int32Array.of(1, 0, 1), [3]);
    const bytes = saveSafetensors({ h, mask }, null, { dtypes: { h: "F16", mask: "BOOL" } });
    const header = readSafetensorsHeader(bytes);
    expect(Object.fromEntries(header.tensors.map((t) => [t.name, t.dtype]))).toEqual({
      h: "F16",
      mask: "BOOL",
    });
    // F16 nearest values: 0.1 → 0.0999755859375, 65504 exact, 1e-8 → 0 (below half the smallest subnormal)
    expect(loadSafetensors(bytes).h!.toArray()).toEqual([0.0999755859375, 65504, 0]);
  });
  it("rejects impossible dtypes, out-of-range values and stray names", () => {
    const f = new Tensor(Float32Array.of(1), [1]);
    const i = new Tensor(Int32Array.of(300), [1]);
    expect(() => saveSafetensors({ f }, null, { dtypes: { f: "I32" } })).toThrow(
      "is float32 and cannot be stored as I32",
    );
    expect(() => saveSafetensors({ i }, null, { dtypes: { i: "U8" } })).toThrow(
      "element 0 = 300 does not fit U8",
    );
    expect(() => saveSafetensors({ f }, null, { dtypes: { g: "F16" } })).toThrow('dtypes names "g"');
    expect(() => saveSafetensors({ f: [1] as unknown as Tensor })).toThrow('"f" is not a Tensor');
  });
});
