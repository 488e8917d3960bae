import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";
import { DatasetError } from "./errors";
import type { IdxArray } from "./idx";
import { encodeIdx, isGzip, maybeGunzip, parseIdx } from "./idx";

function expectDatasetError(fn: () => unknown, code: string, ...fragments: string[]) {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DatasetError);
  const err = caught as DatasetError;
  expect(err.code).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
}

describe("parseIdx", () => {
  it("reads a hand-built big-endian int32 file", () => {
    // magic 00 00 0c 01, dims [2], values 256 and -1 in big-endian two's complement.
    const bytes = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff]);
    const arr = parseIdx(bytes);
    expect(arr.dtype).toBe("int32");
    expect(arr.dims).toEqual([2]);
    expect(Array.from(arr.data)).toEqual([256, -1]);
  });

  it("reads a hand-built float32 and uint8 3-d file", () => {
    // 0x3f800000 = 1.0f, 0xc0000000 = -2.0f (IEEE 754 single precision).
    const f = parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0]));
    expect(Array.from(f.data)).toEqual([1, -2]);
    const u = parseIdx(new Uint8Array([0, 0, 0x08, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 9, 8, 7, 255]));
    expect(u.dtype).toBe("uint8");
    expect(u.dims).toEqual([1, 2, 2]);
    expect(Array.from(u.data)).toEqual([9, 8, 7, 255]);
  });

  it("round-trips every dtype through encodeIdx", () => {
    const cases: IdxArray[] = [
      { dtype: "uint8", dims: [2, 3], data: Uint8Array.from([0, 1, 2, 127, 128, 255]) },
      { dtype: "int8", dims: [4], data: Int8Array.from([-128, -1, 0, 127]) },
      { dtype: "int16", dims: [2, 2], data: Int16Array.from([-32768, -2, 3, 32767]) },
      { dtype: "int32", dims: [3], data: Int32Array.from([-2147483648, 7, 2147483647]) },
      { dtype: "float32", dims: [1, 3], data: Float32Array.from([0.5, -1e-7, Number.NaN]) },
      { dtype: "float64", dims: [2], data: Float64Array.from([Math.PI, -1e300]) },
      { dtype: "uint8", dims: [0, 28, 28], data: new Uint8Array(0) },
    ];
    for (const c of cases) {
      const back = parseIdx(encodeIdx(c));
      expect(back.dtype).toBe(c.dtype);
      expect(back.dims).toEqual(c.dims);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
  });

  it("detects gzip by its magic bytes and decompresses it (compressed with node:zlib)", () => {
    const raw = encodeIdx({ dtype: "int16", dims: [3], data: Int16Array.from([1, -2, 3]) });
    const gz = new Uint8Array(gzipSync(raw));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(Array.from(parseIdx(gz).data)).toEqual([1, -2, 3]);
    expect(maybeGunzip(raw)).toBe(raw);
  });

  it("rejects a wrong magic number, naming the input and the expected bytes", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expectDatasetError(
      () => parseIdx(png, "/tmp/x.png"),
      "IDX_BAD_MAGIC",
      "/tmp/x.png",
      "89 50 4e 47",
      "00 00",
    );
  });

  it("rejects an unknown dtype byte", () => {
    expectDatasetError(
      () => parseIdx(new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 0]), "f"),
      "IDX_BAD_DTYPE",
      "0x07",
    );
  });

  it("reports truncated data with the expected and actual byte counts", () => {
    const full = encodeIdx({ dtype: "uint8", dims: [10, 28, 28], data: new Uint8Array(7840) });
    const cut = full.subarray(0, full.length - 100);
    expectDatasetError(
      () => parseIdx(cut, "images.idx"),
      "IDX_TRUNCATED",
      "images.idx",
      "[10, 28, 28]",
      "need 7840 bytes after the 16-byte header, got 7740",
    );
    expectDatasetError(
      () => parseIdx(full.subarray(0, 10), "h"),
      "IDX_TRUNCATED",
      "3 dimensions",
      "16 header bytes",
    );
    expectDatasetError(
      () => parseIdx(new Uint8Array([0, 0]), "tiny"),
      "IDX_TRUNCATED",
      "tiny",
      "got 2 bytes",
    );
  });

  it("reports truncated data inside a gzip stream too", () => {
    const raw = encodeIdx({ dtype: "int32", dims: [4], data: Int32Array.from([1, 2, 3, 4]) });
    const gz = new Uint8Array(gzipSync(raw.subarray(0, raw.length - 3)));
    expectDatasetError(() => parseIdx(gz, "l.gz"), "IDX_TRUNCATED", "need 16 bytes", "got 13");
  });

  it("rejects trailing bytes and corrupt gzip", () => {
    const raw = encodeIdx({ dtype: "uint8", dims: [2], data: Uint8Array.from([1, 2]) });
    const extra = new Uint8Array([...raw, 0, 0]);
    expectDatasetError(() => parseIdx(extra, "e"), "IDX_TRAILING_BYTES", "need 2 bytes", "got 4", "2 extra");
    const gz = new Uint8Array(gzipSync(raw));
    const broken = gz.slice(0, 12);
    expectDatasetError(() => parseIdx(broken, "b.gz"), "GZIP_CORRUPT", "b.gz", "1f 8b");
  });

  it("encodeIdx refuses data that does not fit the dims or the dtype", () => {
    expectDatasetError(
      () => encodeIdx({ dtype: "uint8", dims: [2, 2], data: new Uint8Array(3) }),
      "SHAPE_MISMATCH",
      "[2, 2] hold 4 values but data has 3",
    );
    expectDatasetError(
      () => encodeIdx({ dtype: "int8", dims: [1], data: Float32Array.from([200]) }),
      "INVALID_ARGUMENT",
      "200",
      "int8",
    );
  });
});

describe("gzip trailer checks (RFC 1952 §2.3.1: CRC32 and ISIZE)", () => {
  const idx = encodeIdx({
    dtype: "uint8",
    dims: [4, 5, 5],
    data: Uint8Array.from({ length: 100 }, (_, i) => (i * 37) % 256),
  });
  const gz = new Uint8Array(gzipSync(idx));

  it("computes the standard CRC-32 check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(idx)).toBe(new DataView(gz.buffer, gz.byteOffset).getUint32(gz.length - 8, true));
  });

  it("detects every single-bit flip: each decodes to the original bytes or is a GZIP/IDX error", () => {
    const original = parseIdx(gz).data;
    let detected = 0;
    let harmless = 0;
    for (let bit = 0; bit < gz.length * 8; bit++) {
      const flipped = gz.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      try {
        const got = parseIdx(flipped).data;
        // header fields such as MTIME, XFL and OS do not change the data
        expect(Array.from(got)).toEqual(Array.from(original));
        harmless++;
      } catch (e) {
        expect(e).toBeInstanceOf(DatasetError);
        detected++;
      }
    }
    expect(detected + harmless).toBe(gz.length * 8);
    expect(detected).toBeGreaterThan(harmless);
  });

  it("refuses a 20-byte file claiming 4 GiB before allocating, and sizes above maxBytes", () => {
    const liar = new Uint8Array(20);
    liar.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0]); // header + an empty final stored block
    new DataView(liar.buffer).setUint32(16, 0xffffffff, true);
    expect(() => parseIdx(liar)).toThrow(/declares 4294967295 decompressed bytes/);
    new DataView(liar.buffer).setUint32(16, 10_000, true);
    expect(() => parseIdx(liar)).toThrow(/impossible from 20 compressed bytes/);
    expect(() => parseIdx(gz, "x", { maxBytes: 50 })).toThrow(/more than the 50-byte limit/);
    expect(() => parseIdx(gz.subarray(0, 15))).toThrow(DatasetError);
  });

  it("refuses a trailer whose ISIZE or CRC32 disagrees with the data", () => {
    const badSize = gz.slice();
    new DataView(badSize.buffer).setUint32(gz.length - 4, idx.length - 1, true);
    expect(() => parseIdx(badSize)).toThrow(/ISIZE/);
    const badCrc = gz.slice();
    badCrc[gz.length - 8]! ^= 0x10;
    expect(() => parseIdx(badCrc)).toThrow(/CRC-32/);
  });
});
