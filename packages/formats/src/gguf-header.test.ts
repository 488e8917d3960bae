// llama.cpp's GGUF checks (ggml/src/gguf.cpp, `gguf_init_from_file_impl`), one hand-made file per rule,
// issue 20's hostile cases, and the reader's single front-to-back pass over a ByteSource.
import { describe, expect, it } from "vitest";
import { type GGUFSpec, GGUFWriter, ggufFile, type KV, validGGUFSpec } from "../test/build-files";
import type { ByteSource } from "./byte-source";
import { FormatError, GGUFError } from "./errors";
import { readGGUFHeader } from "./gguf-header";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GGUFError);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message.length).toBeLessThan(400);
    return (e as GGUFError).code;
  }
  throw new Error("expected a GGUFError, nothing was thrown");
}

const withSpec = (patch: (s: GGUFSpec) => void) => {
  const s = validGGUFSpec();
  patch(s);
  return ggufFile(s);
};

describe("readGGUFHeader", () => {
  it("reads metadata of every kind, tensor infos, alignment and the data section", () => {
    const file = ggufFile(validGGUFSpec());
    const h = readGGUFHeader(file, { fileLength: file.length });
    expect(h.version).toBe(3);
    expect(h.metadata["general.architecture"]).toBe("llama");
    expect(h.metadata["tokenizer.ggml.tokens"]).toEqual(["a", "b", "ç"]);
    expect(h.metadata["tokenizer.ggml.scores"]).toEqual([0.5, -1]);
    expect(h.tensors.map((t) => [t.name, t.typeName, t.numel, t.byteLength, t.offset])).toEqual([
      ["token_embd.weight", "F32", 8, 32, 0],
      ["blk.0.attn_q.weight", "Q8_0", 64, 68, 32],
    ]);
    expect(h.dataStart % 32).toBe(0);
    expect(h.dataLength).toBe(32 + 96);
    expect(h.dataStart + 100).toBe(file.length);
  });

  it("refuses more than 4 dims, unknown ggml types and rows that are not whole blocks", () => {
    const t = (shape: number[], type: number) =>
      withSpec((s) => {
        s.tensors = [{ name: "x", shape, type, offset: 0 }];
      });
    expect(codeOf(() => readGGUFHeader(t([1, 1, 1, 1, 1], 0)))).toBe("INVALID_SHAPE");
    expect(codeOf(() => readGGUFHeader(t([1, 1, 1, 1, 1, 1, 1, 1], 0)))).toBe("INVALID_SHAPE");
    for (const type of [4, 5, 31, 36, 40, 1000])
      expect(codeOf(() => readGGUFHeader(t([32], type)))).toBe("UNKNOWN_DTYPE");
    expect(codeOf(() => readGGUFHeader(t([33], 8)))).toBe("MISALIGNED_SLICE");
    expect(codeOf(() => readGGUFHeader(t([16, 2], 8)))).toBe("MISALIGNED_SLICE");
    expect(readGGUFHeader(t([1, 1, 1, 1], 0)).tensors[0]!.shape).toEqual([1, 1, 1, 1]);
  });

  it("requires each offset where the previous tensor, padded to the alignment, ends", () => {
    const offs = (a: number, b: number) =>
      withSpec((s) => {
        s.tensors![0]!.offset = a;
        s.tensors![1]!.offset = b;
      });
    expect(codeOf(() => readGGUFHeader(offs(0, 16)))).toBe("INVALID_OFFSETS"); // overlapping
    expect(codeOf(() => readGGUFHeader(offs(0, 33)))).toBe("INVALID_OFFSETS"); // misaligned
    expect(codeOf(() => readGGUFHeader(offs(0, 64)))).toBe("INVALID_OFFSETS"); // gap
    expect(codeOf(() => readGGUFHeader(offs(32, 0)))).toBe("INVALID_OFFSETS"); // out of order
  });

  it("refuses duplicate metadata keys and tensor names", () => {
    expect(
      codeOf(() => readGGUFHeader(withSpec((s) => s.kv!.push(["llama.block_count", { type: 4, value: 2 }])))),
    ).toBe("DUPLICATE_KEY");
    expect(
      codeOf(() =>
        readGGUFHeader(
          withSpec((s) => {
            s.tensors![1]!.name = "token_embd.weight";
          }),
        ),
      ),
    ).toBe("DUPLICATE_KEY");
  });

  it("requires general.alignment to be a UINT32 power of two", () => {
    const align = (kv: KV) =>
      withSpec((s) => {
        s.kv![1] = ["general.alignment", kv];
      });
    for (const v of [0, 3, 48])
      expect(codeOf(() => readGGUFHeader(align({ type: 4, value: v })))).toBe("INVALID_ALIGNMENT");
    expect(codeOf(() => readGGUFHeader(align({ type: 6, value: 1.5 })))).toBe("INVALID_ALIGNMENT");
    expect(codeOf(() => readGGUFHeader(align({ type: 5, value: 32 })))).toBe("INVALID_ALIGNMENT");
    expect(codeOf(() => readGGUFHeader(align({ type: 8, value: "32" })))).toBe("INVALID_ALIGNMENT");
    const one = ggufFile({
      ...validGGUFSpec(),
      alignment: 1,
      kv: [["general.alignment", { type: 4, value: 1 }]],
      tensors: [
        { name: "x", shape: [3], type: 0, offset: 0 },
        { name: "y", shape: [1], type: 0, offset: 12 },
      ],
      dataBytes: 16,
    });
    expect(readGGUFHeader(one).alignment).toBe(1);
  });

  it("stores a __proto__ key as data, never as the prototype", () => {
    const file = withSpec((s) => {
      s.kv!.push(["__proto__", { type: 9, of: 4, items: [{ type: 4, value: 7 }] }]);
      s.kv!.push(["constructor", { type: 8, value: "x" }]);
    });
    const h = readGGUFHeader(file);
    expect(Object.getPrototypeOf(h.metadata)).toBeNull();
    expect(Object.hasOwn(h.metadata, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(h.metadata, "__proto__")?.value).toEqual([7]);
    expect((h.metadata as { length?: unknown }).length).toBeUndefined();
  });

  it("caps array nesting: 10,000 deep gives a typed error, not a RangeError", () => {
    const nested = (depth: number) => {
      const w = new GGUFWriter()
        .raw(new TextEncoder().encode("GGUF"))
        .u32(3)
        .u64(0)
        .u64(1)
        .str("deep")
        .u32(9);
      for (let i = 0; i < depth - 1; i++) w.u32(9).u64(1);
      w.u32(4).u64(1).u32(5);
      return w.bytes();
    };
    expect(readGGUFHeader(nested(3)).metadata.deep).toEqual([[[5]]]);
    expect(codeOf(() => readGGUFHeader(nested(10_000)))).toBe("NESTING_TOO_DEEP");
  });

  it("bounds every count by the bytes left before allocating", () => {
    const file = withSpec((s) => {
      s.kv![3] = ["tokenizer.ggml.tokens", { type: 9, of: 8, items: [], count: 2n ** 40n }];
    });
    // the count alone proves the file ends inside its header: refused before one item is read
    expect(codeOf(() => readGGUFHeader(file, { fileLength: file.length }))).toBe("TRUNCATED");
    expect(codeOf(() => readGGUFHeader(file, { maxHeaderBytes: 1 << 20 }))).toBe("HEADER_TOO_LARGE");
    // as a prefix of an unknown file, the same bytes just end too early
    expect(codeOf(() => readGGUFHeader(file))).toBe("TRUNCATED");
    expect(
      codeOf(() =>
        readGGUFHeader(
          withSpec((s) => (s.tensorCount = 2n ** 40n)),
          { fileLength: 1e6 },
        ),
      ),
    ).toBe("TRUNCATED");
    expect(codeOf(() => readGGUFHeader(withSpec((s) => (s.tensorCount = 2n ** 62n))))).toBe(
      "IMPLAUSIBLE_SIZE",
    );
    expect(codeOf(() => readGGUFHeader(withSpec((s) => (s.kvCount = 2n ** 64n - 1n))))).toBe(
      "IMPLAUSIBLE_SIZE",
    );
  });

  it("says how many bytes a prefix lacks, and refuses files that end before their data", () => {
    const file = ggufFile(validGGUFSpec());
    try {
      readGGUFHeader(file.subarray(0, 40));
      throw new Error("not rejected");
    } catch (e) {
      expect((e as GGUFError).code).toBe("TRUNCATED");
      expect((e as GGUFError).bytesNeeded).toBeGreaterThan(40);
    }
    expect(
      codeOf(() => readGGUFHeader(file.subarray(0, file.length - 1), { fileLength: file.length - 1 })),
    ).toBe("INCOMPLETE_BUFFER");
  });

  it("refuses bad magic, versions 0, 1 and 4, long names and unknown value types", () => {
    const file = ggufFile(validGGUFSpec());
    const patched = (at: number, bytes: number[]) => {
      const c = file.slice();
      c.set(bytes, at);
      return c;
    };
    expect(codeOf(() => readGGUFHeader(patched(0, [0x47, 0x47, 0x4d, 0x4c])))).toBe("INVALID_MAGIC");
    for (const v of [0, 1, 4])
      expect(codeOf(() => readGGUFHeader(patched(4, [v, 0, 0, 0])))).toBe("UNSUPPORTED_VERSION");
    expect(codeOf(() => readGGUFHeader(withSpec((s) => (s.tensors![0]!.name = "n".repeat(64)))))).toBe(
      "INVALID_HEADER",
    );
    const badType = new GGUFWriter()
      .raw(new TextEncoder().encode("GGUF"))
      .u32(3)
      .u64(0)
      .u64(1)
      .str("k")
      .u32(13)
      .bytes();
    expect(codeOf(() => readGGUFHeader(badType))).toBe("UNKNOWN_VALUE_TYPE");
    expect(codeOf(() => readGGUFHeader(null as unknown as Uint8Array))).toBe("INVALID_ARGUMENT");
  });

  it("reads a ByteSource once, front to back, in windows", () => {
    const n = 100_000; // strings of 6 bytes + 8-byte lengths: ~1.4 MB of metadata
    const w = new GGUFWriter()
      .raw(new TextEncoder().encode("GGUF"))
      .u32(3)
      .u64(0)
      .u64(1)
      .str("tokenizer.ggml.tokens");
    w.u32(9).u32(8).u64(n);
    for (let i = 0; i < n; i++) w.str(`t${String(i).padStart(5, "0")}`);
    const file = w.bytes();
    let bytesRead = 0;
    let calls = 0;
    const source: ByteSource = {
      size: file.length,
      read(offset, length) {
        calls++;
        bytesRead += Math.min(length, file.length - offset);
        return file.slice(offset, offset + length);
      },
    };
    const h = readGGUFHeader(source);
    const tokens = h.metadata["tokenizer.ggml.tokens"] as string[];
    expect(tokens).toHaveLength(n);
    expect(tokens[n - 1]).toBe(`t${n - 1}`);
    // windows overlap only by the item that straddles a boundary
    expect(bytesRead).toBeLessThan(file.length + calls * 32);
    expect(calls).toBeLessThan(4);
  });
});
