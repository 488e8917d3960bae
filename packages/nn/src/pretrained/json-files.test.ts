// JSON files of a model folder are refused before they cost memory or stack: above 64 MiB from the size
// alone (the file is never read), and nested deeper than 128 levels with a typed error naming the file.
import { describe, expect, it } from "vitest";
import { PretrainedError } from "./errors";
import { type CheckpointSource, MAX_JSON_FILE_BYTES, readJson } from "./files";
import { loadPretrained } from "./load-pretrained";

describe("JSON files in a model folder", () => {
  it("a config.json over the cap is refused from its size, without reading it", async () => {
    let reads = 0;
    const source: CheckpointSource = {
      label: "huge",
      has: () => true,
      open: async () => ({
        size: MAX_JSON_FILE_BYTES + 1,
        read: async () => {
          reads++;
          return new Uint8Array(0);
        },
        close: async () => {},
      }),
    };
    await expect(readJson(source, "config.json")).rejects.toThrow(/config\.json is 67108865 bytes/);
    expect(reads).toBe(0);
  });
  it("a config.json nested 100,000 deep is a typed error, not a stack overflow", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const err = await loadPretrained({ "config.json": new TextEncoder().encode(deep) }).catch((e) => e);
    expect(err).toBeInstanceOf(PretrainedError);
    expect(err.code).toBe("FILE_INVALID");
    expect(err.message).toMatch(/config\.json is nested more than 128 levels/);
  });
});
