// The safetensors rules of huggingface/safetensors (safetensors/src/tensor.rs: `read_metadata`,
// `Metadata::validate`), one hand-made file per rule, plus issue 20's hostile cases.
import { describe, expect, it } from "vitest";
import { safetensorsFile, safetensorsFromHeaderBytes } from "../test/build-files";
import { FormatError, SafetensorsError } from "./errors";
import { readSafetensorsHeader, safetensorsHeaderSize } from "./safetensors-header";

const f32 = (n: number, at: number) => ({ dtype: "F32", shape: [n], data_offsets: [at, at + 4 * n] });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message.length).toBeLessThan(400);
    return (e as SafetensorsError).code;
  }
  throw new Error("expected a SafetensorsError, nothing was thrown");
}

describe("readSafetensorsHeader", () => {
  it("reads a valid file: tensors sorted by offset, metadata, byte ranges", () => {
    const file = safetensorsFile({ b: f32(2, 8), a: f32(2, 0), __metadata__: { format: "pt" } }, 16);
    const h = readSafetensorsHeader(file);
    expect(h.tensors.map((t) => [t.name, t.numel, t.byteLength])).toEqual([
      ["a", 2, 8],
      ["b", 2, 8],
    ]);
    expect(h.metadata).toEqual({ format: "pt" });
    expect(h.dataStart).toBe(file.length - 16);
    expect(h.tensors[1]!.byteRange).toEqual([h.dataStart + 8, h.dataStart + 16]);
    expect(h.dataLength).toBe(16);
  });

  it("rejects trailing bytes after the last tensor, accepts them nowhere", () => {
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile({ a: f32(1, 0) }, 5)))).toBe(
      "INCOMPLETE_BUFFER",
    );
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile({ a: f32(1, 0) }, 3)))).toBe(
      "INCOMPLETE_BUFFER",
    );
    // header-only mode cannot see the end of the file, and says so by returning fileLength null
    const head = safetensorsFile({ a: f32(1, 0) });
    expect(readSafetensorsHeader(head, { headerOnly: true }).fileLength).toBeNull();
    expect(codeOf(() => readSafetensorsHeader(head, { fileLength: head.length + 5 }))).toBe(
      "INCOMPLETE_BUFFER",
    );
    expect(readSafetensorsHeader(head, { fileLength: head.length + 4 }).dataLength).toBe(4);
  });

  it("rejects invalid UTF-8, a BOM and leading whitespace; accepts trailing space padding", () => {
    const text = new TextEncoder().encode(JSON.stringify({ a: f32(1, 0) }));
    const bad = text.slice();
    bad[3] = 0xff;
    expect(codeOf(() => readSafetensorsHeader(safetensorsFromHeaderBytes(bad, 4)))).toBe("INVALID_UTF8");
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...text]);
    expect(codeOf(() => readSafetensorsHeader(safetensorsFromHeaderBytes(bom, 4)))).toBe("INVALID_JSON");
    expect(
      codeOf(() => readSafetensorsHeader(safetensorsFile(` ${JSON.stringify({ a: f32(1, 0) })}`, 4))),
    ).toBe("INVALID_JSON");
    expect(
      readSafetensorsHeader(safetensorsFile(`${JSON.stringify({ a: f32(1, 0) })}    `, 4)).tensors,
    ).toHaveLength(1);
  });

  it("requires __metadata__ to map strings to strings (null allowed)", () => {
    for (const bad of [{ k: 1 }, { k: null }, { k: ["x"] }, ["x"], "x"]) {
      expect(codeOf(() => readSafetensorsHeader(safetensorsFile({ __metadata__: bad })))).toBe(
        "INVALID_HEADER",
      );
    }
    expect(readSafetensorsHeader(safetensorsFile({ __metadata__: null })).metadata).toBeNull();
  });

  it("keeps a __proto__ metadata key as data", () => {
    const h = readSafetensorsHeader(safetensorsFile('{"__metadata__":{"__proto__":"x","constructor":"y"}}'));
    expect(Object.getPrototypeOf(h.metadata)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(h.metadata, "__proto__")?.value).toBe("x");
    expect(Object.keys(h.metadata ?? {})).toEqual(["__proto__", "constructor"]);
  });

  it("checks every dtype's size, including sub-byte F4/F6 with odd counts", () => {
    const one = (dtype: string, shape: number[], bytes: number) =>
      safetensorsFile({ t: { dtype, shape, data_offsets: [0, bytes] } }, bytes);
    expect(readSafetensorsHeader(one("F4", [4], 2)).tensors[0]!.numel).toBe(4);
    expect(codeOf(() => readSafetensorsHeader(one("F4", [3], 2)))).toBe("MISALIGNED_SLICE");
    expect(readSafetensorsHeader(one("F6_E2M3", [4], 3)).tensors[0]!.byteLength).toBe(3);
    expect(codeOf(() => readSafetensorsHeader(one("F6_E3M2", [1], 1)))).toBe("MISALIGNED_SLICE");
    for (const d of ["F8_E4M3", "F8_E5M2", "F8_E8M0", "U8", "I8", "BOOL"]) {
      expect(readSafetensorsHeader(one(d, [3], 3)).tensors[0]!.dtype).toBe(d);
    }
    expect(codeOf(() => readSafetensorsHeader(one("BF16", [3], 8)))).toBe("SIZE_MISMATCH");
    expect(codeOf(() => readSafetensorsHeader(one("F31", [3], 8)))).toBe("UNKNOWN_DTYPE");
    expect(codeOf(() => readSafetensorsHeader(one("F32", [2 ** 40, 2 ** 40], 8)))).toBe("OVERFLOW");
  });

  it("allows zero-size tensors, even sharing an offset with each other and a neighbour", () => {
    const empty = (at: number) => ({ dtype: "F32", shape: [0, 3], data_offsets: [at, at] });
    const h = readSafetensorsHeader(
      safetensorsFile({ z1: empty(0), z2: empty(0), a: f32(1, 0), z3: empty(4) }, 4),
    );
    expect(h.tensors.map((t) => t.name).sort()).toEqual(["a", "z1", "z2", "z3"]);
    expect(readSafetensorsHeader(safetensorsFile({ z: empty(0) })).dataLength).toBe(0);
  });

  it("rejects gaps, overlaps and backwards offsets", () => {
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile({ a: f32(1, 0), b: f32(1, 8) }, 12)))).toBe(
      "INVALID_OFFSETS",
    );
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile({ a: f32(2, 0), b: f32(1, 4) }, 8)))).toBe(
      "INVALID_OFFSETS",
    );
    const back = { t: { dtype: "F32", shape: [1], data_offsets: [4, 0] } };
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile(back, 4)))).toBe("INVALID_OFFSETS");
    const frac = { t: { dtype: "F32", shape: [1], data_offsets: [0, 4.5] } };
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile(frac, 4)))).toBe("INVALID_OFFSETS");
    const neg = { t: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } };
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile(neg, 4)))).toBe("INVALID_SHAPE");
  });

  it("refuses the length prefix's lies: too small, too large, past the end", () => {
    expect(codeOf(() => readSafetensorsHeader(new Uint8Array(7)))).toBe("HEADER_TOO_SMALL");
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 100_000_001n, true);
    expect(codeOf(() => safetensorsHeaderSize(huge))).toBe("HEADER_TOO_LARGE");
    new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
    expect(codeOf(() => safetensorsHeaderSize(huge))).toBe("HEADER_TOO_LARGE");
    new DataView(huge.buffer).setBigUint64(0, 100n, true);
    expect(codeOf(() => readSafetensorsHeader(huge))).toBe("INVALID_HEADER_LENGTH");
    const e = (() => {
      try {
        readSafetensorsHeader(huge, { headerOnly: true });
      } catch (err) {
        return err as SafetensorsError;
      }
    })();
    expect(e?.code).toBe("TRUNCATED");
    expect(e?.bytesNeeded).toBe(108);
  });

  it("caps JSON nesting at 128 (serde_json's limit): 5,000 deep gives a typed error, not a RangeError", () => {
    const deep = (n: number) =>
      `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":${"[".repeat(n)}${"]".repeat(n)}}}`;
    expect(readSafetensorsHeader(safetensorsFile(deep(120), 4)).tensors).toHaveLength(1);
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile(deep(5000), 4)))).toBe("NESTING_TOO_DEEP");
    expect(
      codeOf(() =>
        readSafetensorsHeader(safetensorsFile(`{"a":${'{"b":'.repeat(5000)}1${"}".repeat(5001)}`)),
      ),
    ).toBe("NESTING_TOO_DEEP");
  });

  it("cuts untrusted names and values to ~100 characters in messages", () => {
    const name = "n".repeat(1_000_000);
    const file = safetensorsFile(
      { [name]: { dtype: "X".repeat(100_000), shape: [1], data_offsets: [0, 4] } },
      4,
    );
    try {
      readSafetensorsHeader(file);
      throw new Error("not rejected");
    } catch (e) {
      expect((e as SafetensorsError).code).toBe("UNKNOWN_DTYPE");
      expect((e as Error).message.length).toBeLessThan(400);
      expect((e as SafetensorsError).tensor).toBe(name);
    }
  });

  it("rejects non-object headers and missing fields", () => {
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile("{oops")))).toBe("INVALID_JSON");
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile('{"a":5}')))).toBe("INVALID_HEADER");
    expect(codeOf(() => readSafetensorsHeader(safetensorsFile('{"a":{"dtype":"F32","shape":[1]}}')))).toBe(
      "INVALID_HEADER",
    );
    expect(codeOf(() => readSafetensorsHeader("x" as unknown as Uint8Array))).toBe("INVALID_ARGUMENT");
  });
});
