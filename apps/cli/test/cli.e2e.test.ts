// End-to-end: the built `paramlens` bin's top-level behaviour (help, version, usage errors).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageDir } from "./bin-path";
import { runBin } from "./run-bin";

const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };

describe("paramlens (top level)", () => {
  it("--help prints usage to stdout and exits 0", async () => {
    const r = await runBin(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("USAGE paramlens");
    expect(r.stderr).toBe("");
  });

  it("prints usage to stderr and exits 2 when no command is given", async () => {
    const r = await runBin([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("USAGE paramlens");
  });

  it("--version prints the package version", async () => {
    const r = await runBin(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it("rejects an unknown command with exit 2 and one line on stderr", async () => {
    const r = await runBin(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('error unknown command "frobnicate" (see: paramlens --help)\n');
  });

  it("never writes colour codes to a pipe", async () => {
    const r = await runBin(["--help"]);
    expect(r.stdout).not.toContain("\u001b[");
  });
});
