// loadPretrained from a folder (the Node entry): files that are not regular files are refused at once.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { folderSource } from "./node";

const dir = mkdtempSync(join(tmpdir(), "paramlens-nn-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("folderSource", () => {
  it("refuses a FIFO without waiting for a writer, and a device, naming the file", async () => {
    execFileSync("mkfifo", [join(dir, "config.json")]);
    symlinkSync("/dev/zero", join(dir, "model.safetensors"));
    writeFileSync(join(dir, "tokenizer.json"), "{}");
    const source = await folderSource(dir);
    await expect(source.open("config.json")).rejects.toThrow(
      `config.json in ${dir} is a FIFO, not a regular file`,
    );
    await expect(source.open("model.safetensors")).rejects.toMatchObject({
      code: "FILE_INVALID",
      message: `model.safetensors in ${dir} is a character device, not a regular file`,
    });
    const file = await source.open("tokenizer.json");
    expect(file.size).toBe(2);
    expect(new TextDecoder().decode(await file.read(0, 2))).toBe("{}");
    await file.close();
  });
});
