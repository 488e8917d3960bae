// `paramlens inspect` and the loaders agree: for each of issue 20's safetensors cases (and valid files),
// the header reader used by inspect accepts exactly when @paramlens/tensor's decodeSafetensors does, since
// both read through @paramlens/formats. The files are written to a temporary folder and read from disk.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeSafetensors } from "@paramlens/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { BadFileError } from "../errors";
import { readSafetensorsPath } from "./read-headers";

const dir = mkdtempSync(join(tmpdir(), "paramlens-read-headers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const enc = new TextEncoder();
function file(header: string | Uint8Array, dataBytes: number): Uint8Array {
  const text = typeof header === "string" ? enc.encode(header) : header;
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}
const f32 = (n: number, at: number) => ({ dtype: "F32", shape: [n], data_offsets: [at, at + 4 * n] });
const json = (o: unknown) => JSON.stringify(o);

const cases: [string, Uint8Array][] = [
  ["valid", file(json({ w: f32(2, 0), __metadata__: { format: "pt" } }), 8)],
  ["trailing bytes", file(json({ w: f32(1, 0) }), 7)],
  ["truncated data", file(json({ w: f32(2, 0) }), 5)],
  ["invalid UTF-8", file(Uint8Array.from([...enc.encode('{"w":'), 0xff, ...enc.encode("1}")]), 0)],
  ["BOM", file(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode(json({ w: f32(1, 0) }))]), 4)],
  ["non-string __metadata__", file(json({ __metadata__: { epoch: 3 } }), 0)],
  ["F4 with an odd count", file(json({ w: { dtype: "F4", shape: [3], data_offsets: [0, 2] } }), 2)],
  ["F4 with an even count", file(json({ w: { dtype: "F4", shape: [4], data_offsets: [0, 2] } }), 2)],
  [
    "zero-size tensor sharing an offset",
    file(json({ e: { dtype: "F32", shape: [0], data_offsets: [4, 4] }, w: f32(1, 0), v: f32(1, 4) }), 8),
  ],
  ["nested 5,000 deep", file(`{"w":${"[".repeat(5000)}${"]".repeat(5000)}}`, 0)],
  ["overlapping offsets", file(json({ a: f32(2, 0), b: f32(1, 4) }), 8)],
];

describe("inspect's safetensors reader agrees with the loader", () => {
  it.each(cases)("%s", (name, bytes) => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.safetensors`);
    writeFileSync(path, bytes);
    let loader = "accepted";
    try {
      decodeSafetensors(bytes);
    } catch (e) {
      loader = (e as { code?: string }).code ?? "untyped";
    }
    let inspect = "accepted";
    try {
      readSafetensorsPath(path, dir);
    } catch (e) {
      expect(e).toBeInstanceOf(BadFileError);
      expect((e as Error).message.length).toBeLessThan(400);
      inspect = "rejected";
    }
    // F4 decodes nowhere in the loader (UNSUPPORTED_DTYPE) although its header is valid
    const loaderVerdict = loader === "accepted" || loader === "UNSUPPORTED_DTYPE" ? "accepted" : "rejected";
    expect(loader).not.toBe("untyped");
    expect(inspect).toBe(loaderVerdict);
  });
});
