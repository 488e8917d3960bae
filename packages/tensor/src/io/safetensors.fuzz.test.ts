// Property/fuzz tests: mutated, truncated and structurally random safetensors files must either decode or
// throw a SafetensorsError — never another exception, never a hang (each run is bounded by the test
// timeout), never an allocation larger than a small multiple of the input (header capped, data sized by
// validated byte ranges).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SAFETENSORS_DTYPES } from "./safetensors-dtype";
import { SafetensorsError } from "./safetensors-error";
import { readSafetensorsHeader } from "./safetensors-header";
import { decodeSafetensors } from "./safetensors-read";
import { encodeSafetensors, type SafetensorsWriteRecord } from "./safetensors-write";

const reference = new Uint8Array(
  readFileSync(join(__dirname, "..", "..", "fixtures", "safetensors", "reference.safetensors")),
);

/** Decodes, and checks the only failure is our typed error and the output stays proportional to the input. */
function decodeOrTypedError(bytes: Uint8Array): "ok" | "error" {
  try {
    const { tensors } = decodeSafetensors(bytes);
    let total = 0;
    for (const t of Object.values(tensors)) total += t.data.byteLength;
    // worst widening is 1-byte I8 → 4-byte int32
    expect(total).toBeLessThanOrEqual(4 * bytes.length);
    return "ok";
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    expect(e.code).toMatch(/^[A-Z0-9_]+$/);
    expect(e.message.startsWith("safetensors: ")).toBe(true);
    return "error";
  }
}

type Mutation =
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: number[] }
  | { kind: "delete"; at: number; count: number }
  | { kind: "prefix"; lo: number; hi: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({
    kind: fc.constant("prefix" as const),
    lo: fc.nat({ max: 0xffffffff }),
    hi: fc.nat({ max: 0xffffffff }),
  }),
);

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.kind === "prefix" ? 0 : (m as { at: number }).at % (bytes.length + 1);
  switch (m.kind) {
    case "set": {
      const out = bytes.slice();
      if (at < out.length) out[at] = m.value;
      return out;
    }
    case "truncate":
      return bytes.slice(0, at);
    case "insert": {
      const out = new Uint8Array(bytes.length + m.bytes.length);
      out.set(bytes.subarray(0, at));
      out.set(m.bytes, at);
      out.set(bytes.subarray(at), at + m.bytes.length);
      return out;
    }
    case "delete": {
      const out = new Uint8Array(bytes.length);
      out.set(bytes.subarray(0, at));
      const tail = bytes.subarray(Math.min(bytes.length, at + m.count));
      out.set(tail, at);
      return out.subarray(0, at + tail.length);
    }
    case "prefix": {
      const out = bytes.length >= 8 ? bytes.slice() : new Uint8Array(8);
      const v = new DataView(out.buffer);
      v.setUint32(0, m.lo, true);
      v.setUint32(4, m.hi, true);
      return out;
    }
  }
}

const writableDtypes = ["F32", "F16", "BF16", "F64", "I32", "I64", "I16", "U8", "BOOL"] as const;
const record: fc.Arbitrary<SafetensorsWriteRecord> = fc
  .tuple(fc.constantFrom(...writableDtypes), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }))
  .map(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data =
      dtype === "U8" || dtype === "BOOL"
        ? new Uint8Array(n).map((_, i) => i % 2)
        : dtype === "I32" || dtype === "I64" || dtype === "I16"
          ? new Int32Array(n).map((_, i) => i - 3)
          : new Float32Array(n).map((_, i) => i * 0.5 - 1);
    return { dtype, shape, data };
  });
const file = fc.dictionary(fc.string({ maxLength: 6 }), record, { maxKeys: 5 }).map((recs) => {
  delete (recs as Record<string, unknown>).__metadata__;
  return encodeSafetensors(recs, { k: "v" });
});

describe("fuzzing the reader", () => {
  it("valid random files round-trip", () => {
    fc.assert(
      fc.property(file, (bytes) => {
        expect(decodeOrTypedError(bytes)).toBe("ok");
      }),
      { numRuns: 200 },
    );
  });

  it("mutated or truncated files decode or throw SafetensorsError", () => {
    const base = fc.oneof(fc.constant(reference), file);
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (bytes, ms) => {
        decodeOrTypedError(ms.reduce(apply, bytes));
      }),
      { numRuns: 1500 },
    );
  });

  it("every prefix of the reference file is rejected with a typed error", () => {
    for (let n = 0; n < reference.length; n++)
      expect(decodeOrTypedError(reference.subarray(0, n))).toBe("error");
  });

  it("structurally random headers decode or throw SafetensorsError", () => {
    const dim = fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constant(2 ** 53), fc.double(), fc.string());
    const entry = fc.oneof(
      fc.record({
        dtype: fc.oneof(fc.constantFrom(...SAFETENSORS_DTYPES), fc.string()),
        shape: fc.oneof(fc.array(dim, { maxLength: 4 }), fc.anything()),
        data_offsets: fc.oneof(
          fc.tuple(fc.nat(64), fc.nat(64)),
          fc.array(dim, { maxLength: 3 }),
          fc.anything(),
        ),
      }),
      fc.anything(),
    );
    const header = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 4 }), entry, { maxKeys: 4 }),
      fc.record({ __metadata__: fc.anything() }),
      fc.anything(),
    );
    fc.assert(
      fc.property(header, fc.nat(64), (h, dataLen) => {
        const json = new TextEncoder().encode(JSON.stringify(h) ?? "null");
        const bytes = new Uint8Array(8 + json.length + dataLen);
        new DataView(bytes.buffer).setUint32(0, json.length, true);
        bytes.set(json, 8);
        decodeOrTypedError(bytes);
      }),
      { numRuns: 1500 },
    );
  });

  it("a header length near the cap with too few bytes fails before allocating", () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setUint32(0, 99_999_999, true);
    expect(() => readSafetensorsHeader(bytes)).toThrow(SafetensorsError);
  });
});
