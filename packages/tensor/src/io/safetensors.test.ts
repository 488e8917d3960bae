// Round-trip, byte-compatibility and validation tests for the record-level safetensors reader and writer.
// Golden bytes come from the reference library's own unit tests and from fixtures written by
// scripts/gen-safetensors-fixtures.py (PyTorch values + a writer that follows the reference serializer).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bf16BitsToFloat32,
  f16BitsToFloat32,
  float32ToBf16Bits,
  float32ToF16Bits,
} from "./safetensors-dtype";
import { SafetensorsError } from "./safetensors-error";
import { readSafetensorsHeader, safetensorsHeaderSize } from "./safetensors-header";
import { decodeSafetensors } from "./safetensors-read";
import { encodeSafetensors, type SafetensorsWriteRecord } from "./safetensors-write";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "safetensors");
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

interface Expected {
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; source: number[]; decoded: (number | string)[] }>;
}
const expected = JSON.parse(readFileSync(join(FIXTURES, "reference.json"), "utf8")) as Expected;
const num = (v: number | string) =>
  typeof v === "number" ? v : v === "inf" ? Infinity : v === "-inf" ? -Infinity : NaN;

/** Builds a file by hand: header JSON string (padded to 8) + data bytes. */
function rawFile(header: string, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const body = typeof data === "number" ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

function errorOf(fn: () => unknown): SafetensorsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SafetensorsError) return e;
    throw e;
  }
  throw new Error("expected a SafetensorsError, nothing was thrown");
}

describe("reading files written by the reference layout", () => {
  const file = fixture("reference.safetensors");
  const decoded = decodeSafetensors(file);

  it("preserves __metadata__", () => {
    expect(decoded.metadata).toEqual({ format: "pt" });
  });

  it("decodes every dtype to the values PyTorch converts them to", () => {
    expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(expected.tensors).sort());
    for (const [name, exp] of Object.entries(expected.tensors)) {
      const got = decoded.tensors[name]!;
      expect(got.dtype, name).toBe(exp.dtype);
      expect(got.shape, name).toEqual(exp.shape);
      expect(Array.from(got.data), name).toEqual(exp.decoded.map(num));
    }
  });

  it("widens floats to Float32Array, integers to Int32Array, BOOL/U8 to Uint8Array", () => {
    expect(decoded.tensors.half!.data).toBeInstanceOf(Float32Array);
    expect(decoded.tensors.double!.data).toBeInstanceOf(Float32Array);
    expect(decoded.tensors.ids!.data).toBeInstanceOf(Int32Array);
    expect(decoded.tensors.mask!.data).toBeInstanceOf(Uint8Array);
    expect(decoded.tensors.scalar!.shape).toEqual([]);
    expect(decoded.tensors.empty!.data.length).toBe(0);
  });

  it("rejects an I64 value outside int32, naming the tensor and its bytes", () => {
    const bytes = fixture("i64-out-of-range.safetensors");
    const err = errorOf(() => decodeSafetensors(bytes));
    expect(err.code).toBe("INT_OUT_OF_RANGE");
    expect(err.tensor).toBe("big");
    expect(err.message).toContain('"big"');
    expect(err.message).toContain("1099511627776");
    const header = readSafetensorsHeader(bytes);
    const big = header.tensors.find((t) => t.name === "big")!;
    expect(err.byteRange).toEqual([big.byteRange[0] + 8, big.byteRange[0] + 16]);
  });
});

describe("writing byte-identical files", () => {
  it("reproduces the reference fixture from its source values", () => {
    const records: Record<string, SafetensorsWriteRecord> = {};
    for (const [name, exp] of Object.entries(expected.tensors)) {
      const dtype = exp.dtype as SafetensorsWriteRecord["dtype"];
      const data =
        dtype === "F64"
          ? Float64Array.from(exp.source)
          : dtype === "F32" || dtype === "F16" || dtype === "BF16"
            ? Float32Array.from(exp.source)
            : dtype === "BOOL" || dtype === "U8"
              ? Uint8Array.from(exp.source)
              : Int32Array.from(exp.source);
      records[name] = { dtype, shape: exp.shape, data };
    }
    const ours = encodeSafetensors(records, expected.metadata);
    expect(Buffer.from(ours).equals(Buffer.from(fixture("reference.safetensors")))).toBe(true);
  });

  // Source: huggingface/safetensors, safetensors/src/tensor.rs, tests `test_empty`,
  // `test_serialization` and `test_serialization_forced_alignement` (expected byte arrays).
  it("matches the reference library's own test vectors", () => {
    expect(Array.from(encodeSafetensors({}))).toEqual([
      8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32,
    ]);
    expect(Array.from(encodeSafetensors({}, { framework: "pt" }))).toEqual([
      40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95, 95, 34, 58, 123, 34,
      102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112, 116, 34, 125, 125, 32, 32, 32, 32, 32,
    ]);
    const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
    expect(Array.from(encodeSafetensors({ "attn.0": { dtype: "F32", shape: [1, 2, 3], data } }))).toEqual([
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101,
      34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34,
      100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0,
      0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
    expect(Array.from(encodeSafetensors({ attn0: { dtype: "F32", shape: [1, 1, 2, 3], data } }))).toEqual([
      72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34,
      58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 49, 44, 50, 44, 51, 93, 44,
      34, 100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125,
      32, 32, 32, 32, 32, 32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
      160, 64,
    ]);
    expect(Array.from(fixture("empty.safetensors"))).toEqual(Array.from(encodeSafetensors({})));
  });

  it("orders by dtype rank then by UTF-8 bytes, keeping numeric-looking names in place", () => {
    const f = Float32Array.from([1]);
    const bytes = encodeSafetensors({
      b: { dtype: "F32", shape: [1], data: f },
      "10": { dtype: "F32", shape: [1], data: f },
      "\u{1F600}": { dtype: "F32", shape: [1], data: f },
      "\uFB01": { dtype: "F32", shape: [1], data: f },
      a: { dtype: "I64", shape: [1], data: Int32Array.from([1]) },
    });
    const names = readSafetensorsHeader(bytes).tensors.map((t) => t.name);
    expect(names).toEqual(["a", "10", "b", "\uFB01", "\u{1F600}"]);
  });

  it("round-trips every writable dtype", () => {
    const recs: Record<string, SafetensorsWriteRecord> = {
      i8: { dtype: "I8", shape: [3], data: Int32Array.from([-128, 0, 127]) },
      i16: { dtype: "I16", shape: [2], data: Int32Array.from([-32768, 32767]) },
      u16: { dtype: "U16", shape: [2], data: Int32Array.from([0, 65535]) },
      u32: { dtype: "U32", shape: [1], data: Int32Array.from([2 ** 31 - 1]) },
      u64: { dtype: "U64", shape: [1], data: Int32Array.from([123]) },
      i64: { dtype: "I64", shape: [2], data: Int32Array.from([-(2 ** 31), -5]) },
    };
    const back = decodeSafetensors(encodeSafetensors(recs, { a: "1", b: "é" }));
    for (const [k, r] of Object.entries(recs))
      expect(Array.from(back.tensors[k]!.data), k).toEqual(Array.from(r.data));
    expect(back.metadata).toEqual({ a: "1", b: "é" });
  });

  it("rejects inconsistent records", () => {
    const f = Float32Array.from([1, 2]);
    const cases: [Record<string, SafetensorsWriteRecord>, string][] = [
      [{ x: { dtype: "F32", shape: [3], data: f } }, "has 3 elements but data has 2"],
      [{ x: { dtype: "F32", shape: [-2], data: f } }, "must be non-negative integers"],
      [{ x: { dtype: "I32", shape: [2], data: f } }, "needs a Int32Array"],
      [{ x: { dtype: "F8_E4M3", shape: [2], data: f } }, "not supported"],
      [{ x: { dtype: "I8", shape: [1], data: Int32Array.from([200]) } }, "does not fit I8"],
      [{ x: { dtype: "BOOL", shape: [1], data: Uint8Array.from([2]) } }, "expected 0 or 1"],
      [{ __metadata__: { dtype: "F32", shape: [2], data: f } }, "reserved"],
      [{ "bad\uD800": { dtype: "F32", shape: [2], data: f } }, "lone UTF-16 surrogate"],
    ];
    for (const [recs, msg] of cases) expect(() => encodeSafetensors(recs)).toThrow(msg);
    expect(() => encodeSafetensors({}, { k: 3 as unknown as string })).toThrow(
      'metadata["k"] must be a string',
    );
  });
});

describe("header-only reader", () => {
  it("reads dtypes, shapes and absolute byte ranges from the header bytes plus the file size", () => {
    const file = fixture("reference.safetensors");
    const size = safetensorsHeaderSize(file.subarray(0, 8));
    const header = readSafetensorsHeader(file.slice(0, size), { fileLength: file.length });
    expect(header.dataStart).toBe(size);
    expect(header.headerLength % 8).toBe(0);
    expect(header.metadata).toEqual({ format: "pt" });
    const weight = header.tensors.find((t) => t.name === "weight")!;
    expect(weight).toMatchObject({ dtype: "F32", shape: [3, 4] });
    expect(weight.byteRange[1] - weight.byteRange[0]).toBe(48);
    expect(weight.byteRange[0]).toBe(size + weight.dataOffsets[0]);
    // tensors come back in data order and tile the data section
    const ends = header.tensors.map((t) => t.byteRange);
    for (let i = 1; i < ends.length; i++) expect(ends[i]![0]).toBe(ends[i - 1]![1]);
    expect(ends[ends.length - 1]![1]).toBe(file.length);
  });

  it("knows the dtypes it cannot convert, and refuses to decode them with a named error", () => {
    const bytes = rawFile('{"q":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}', 2);
    expect(readSafetensorsHeader(bytes).tensors[0]!.dtype).toBe("F8_E4M3");
    const err = errorOf(() => decodeSafetensors(bytes));
    expect(err.code).toBe("UNSUPPORTED_DTYPE");
    expect(err.tensor).toBe("q");
  });
});

describe("validation, as the reference library validates", () => {
  const t = (dtype: string, shape: unknown, offsets: unknown) =>
    `{"dtype":${JSON.stringify(dtype)},"shape":${JSON.stringify(shape)},"data_offsets":${JSON.stringify(offsets)}}`;
  const cases: [string, Uint8Array, string, string | undefined][] = [
    ["short prefix", new Uint8Array(5), "HEADER_TOO_SMALL", undefined],
    ["huge header length", Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0]), "HEADER_TOO_LARGE", undefined],
    [
      "header length past the end",
      Uint8Array.from([100, 0, 0, 0, 0, 0, 0, 0, 123, 125]),
      "INVALID_HEADER_LENGTH",
      undefined,
    ],
    ["bad UTF-8", rawFile("{}").fill(0xff, 8, 9), "INVALID_UTF8", undefined],
    ["not JSON", rawFile("{nope}"), "INVALID_JSON", undefined],
    ["JSON array", rawFile("[1,2]"), "INVALID_JSON", undefined],
    ["BOM", rawFile("\uFEFF{}"), "INVALID_JSON", undefined],
    ["entry not an object", rawFile('{"w":5}'), "INVALID_HEADER", "w"],
    ["missing field", rawFile('{"w":{"dtype":"F32","shape":[1]}}', 4), "INVALID_HEADER", "w"],
    ["metadata not strings", rawFile('{"__metadata__":{"a":1}}'), "INVALID_HEADER", undefined],
    ["unknown dtype", rawFile(`{"w":${t("F128", [1], [0, 16])}}`, 16), "UNKNOWN_DTYPE", "w"],
    ["negative dim", rawFile(`{"w":${t("F32", [-1], [0, 4])}}`, 4), "INVALID_SHAPE", "w"],
    ["fractional dim", rawFile(`{"w":${t("F32", [1.5], [0, 4])}}`, 4), "INVALID_SHAPE", "w"],
    ["three offsets", rawFile(`{"w":${t("F32", [1], [0, 4, 8])}}`, 4), "INVALID_OFFSETS", "w"],
    ["gap", rawFile(`{"w":${t("F32", [1], [4, 8])}}`, 8), "INVALID_OFFSETS", "w"],
    [
      "overlap",
      rawFile(`{"a":${t("F32", [2], [0, 8])},"b":${t("F32", [2], [4, 12])}}`, 12),
      "INVALID_OFFSETS",
      "b",
    ],
    ["reversed", rawFile(`{"w":${t("F32", [0], [4, 0])}}`, 4), "INVALID_OFFSETS", "w"],
    ["size mismatch", rawFile(`{"w":${t("F32", [3], [0, 8])}}`, 8), "SIZE_MISMATCH", "w"],
    ["OVERFLOW", rawFile(`{"w":${t("F32", [2 ** 30, 2 ** 30, 2 ** 30], [0, 4])}}`, 4), "OVERFLOW", "w"],
    ["half a byte", rawFile(`{"w":${t("F4", [3], [0, 2])}}`, 2), "MISALIGNED_SLICE", "w"],
    ["truncated data", rawFile(`{"w":${t("F32", [4], [0, 16])}}`, 12), "INCOMPLETE_BUFFER", "w"],
    ["trailing bytes", rawFile(`{"w":${t("F32", [1], [0, 4])}}`, 9), "INCOMPLETE_BUFFER", "w"],
  ];
  for (const [what, bytes, code, tensor] of cases) {
    it(`${what} → ${code}`, () => {
      const err = errorOf(() => decodeSafetensors(bytes));
      expect(err.code).toBe(code);
      expect(err.tensor).toBe(tensor);
      if (tensor !== undefined) expect(err.message).toContain(`"${tensor}"`);
      expect(err.byteRange).toBeDefined();
      expect(err.message).toMatch(/\[\d+, \d+\)/);
    });
  }

  it("accepts unaligned data (the reference only pads when writing) and unknown extra fields", () => {
    const data = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const bytes = rawFile('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":true}}', data);
    expect((8 + 69) % 4).not.toBe(0);
    expect(Array.from(decodeSafetensors(bytes).tensors.w!.data)).toEqual([1.5, -2]);
  });

  it('keeps a tensor named "__proto__" as data', () => {
    const recs = Object.fromEntries([
      ["__proto__", { dtype: "F32", shape: [1], data: Float32Array.from([7]) }],
    ]);
    const bytes = encodeSafetensors(recs as Record<string, SafetensorsWriteRecord>);
    const back = decodeSafetensors(bytes);
    expect(Object.keys(back.tensors)).toEqual(["__proto__"]);
  });
});

describe("float16 / bfloat16 conversion", () => {
  it("every finite float16 survives float16 → float32 → float16", () => {
    for (let h = 0; h < 65536; h++) {
      const exp = (h >>> 10) & 0x1f;
      if (exp === 31 && (h & 0x3ff) !== 0) continue; // NaN payloads are canonicalised
      expect(float32ToF16Bits(f16BitsToFloat32(h))).toBe(h);
    }
  });
  it("every bfloat16 survives bfloat16 → float32 → bfloat16", () => {
    for (let b = 0; b < 65536; b++) {
      const exp = (b >>> 7) & 0xff;
      if (exp === 0xff && (b & 0x7f) !== 0) continue;
      expect(float32ToBf16Bits(bf16BitsToFloat32(b))).toBe(b);
    }
  });
  it("rounds ties to even and NaN to the canonical quiet NaN", () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties to the even mantissa (1.0)
    expect(float32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToF16Bits(Number.NaN)).toBe(0x7e00);
    expect(float32ToBf16Bits(Number.NaN)).toBe(0x7fc0);
    expect(f16BitsToFloat32(0x7c01)).toBeNaN();
  });
});
