// PNG input for `explain`: grey levels, RGB luma, alpha, 16-bit, and the errors for wrong sizes or files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "fast-png";
import { afterAll, describe, expect, it } from "vitest";
import { readGrayPng } from "./read-image";

const dir = mkdtempSync(join(tmpdir(), "paramlens-png-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, image: Parameters<typeof encode>[0]): string {
  writeFileSync(join(dir, name), encode(image));
  return name;
}

describe("readGrayPng", () => {
  it("reads 8-bit grey levels as value / 255, shaped [1, 1, H, W]", () => {
    const data = new Uint8Array([0, 51, 255, 102]);
    const t = readGrayPng(dir, write("grey.png", { width: 2, height: 2, data, channels: 1, depth: 8 }), 2);
    expect(t.shape).toEqual([1, 1, 2, 2]);
    expect(t.toArray()).toEqual([0, 51 / 255, 1, 102 / 255].map(Math.fround));
  });

  it("converts RGB by BT.601 luma and composites alpha over black", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]);
    const t = readGrayPng(
      dir,
      write("rgba.png", { width: 2, height: 2, data: rgba, channels: 4, depth: 8 }),
      2,
    );
    const [r, g, b, transparent] = t.toArray();
    expect(r).toBeCloseTo(0.299, 6);
    expect(g).toBeCloseTo(0.587, 6);
    expect(b).toBeCloseTo(0.114, 6);
    expect(transparent).toBe(0);
  });

  it("scales 16-bit images by 65535", () => {
    const data = new Uint16Array([65535, 0, 32768, 0]);
    const t = readGrayPng(dir, write("deep.png", { width: 2, height: 2, data, channels: 1, depth: 16 }), 2);
    expect(t.toArray()[0]).toBe(1);
    expect(t.toArray()[2]).toBeCloseTo(32768 / 65535, 6);
  });

  it("refuses other sizes, non-PNG files and missing files, naming the file", () => {
    const name = write("wide.png", { width: 3, height: 2, data: new Uint8Array(6), channels: 1, depth: 8 });
    expect(() => readGrayPng(dir, name, 2)).toThrow(
      "wide.png: the image is 3×2; the model takes 2×2 grayscale images",
    );
    writeFileSync(join(dir, "text.png"), "hello");
    expect(() => readGrayPng(dir, "text.png", 2)).toThrow("text.png: not a PNG file (no PNG signature)");
    expect(() => readGrayPng(dir, "absent.png", 2)).toThrow("absent.png: no such file or directory");
  });
});
