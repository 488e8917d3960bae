// runCli in-process: the same command lines as the bin, with string streams, so the exit-code and
// output rules are checked without spawning a process.
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

async function run(argv: string[], env: Record<string, string> = {}, isTTY = false) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY },
    stderr: { write: (t: string) => (stderr += t), isTTY },
    env,
  });
  return { code, stdout, stderr };
}

describe("runCli", () => {
  it("returns 0 and writes the table to stdout", async () => {
    const r = await run(["params", "gpt2"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^total\s+124,439,808/m);
  });

  it("colours a TTY unless NO_COLOR is set", async () => {
    expect((await run(["params", "gpt2"], {}, true)).stdout).toContain("\u001b[");
    expect((await run(["params", "gpt2"], { NO_COLOR: "1" }, true)).stdout).not.toContain("\u001b[");
  });

  it("returns 1 for a user error and 2 for a usage error, with one line on stderr", async () => {
    const user = await run(["scale", "--compute", "x"]);
    expect(user.code).toBe(1);
    expect(user.stderr.trimEnd().split("\n")).toHaveLength(1);
    const usage = await run(["scale", "--frobnicate"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("error unknown flag --frobnicate (see: paramlens scale --help)\n");
  });

  it("reports an unexpected failure as an internal error, with the stack only under --debug", async () => {
    const io = (sink: { err: string }) => ({
      stdout: {
        write: () => {
          throw new Error("disk full");
        },
      },
      stderr: { write: (t: string) => (sink.err += t) },
    });
    const quiet = { err: "" };
    expect(await runCli(["params", "gpt2"], io(quiet))).toBe(1);
    expect(quiet.err).toBe("error internal error: disk full (run again with --debug for the stack trace)\n");
    const loud = { err: "" };
    expect(await runCli(["params", "gpt2", "--debug"], io(loud))).toBe(1);
    expect(loud.err).toMatch(/^error internal error: disk full\nError: disk full\n\s+at /);
  });

  it("prints help for each command with its examples", async () => {
    for (const command of ["params", "scale", "inspect"]) {
      const r = await run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`USAGE paramlens ${command}`);
      expect(r.stdout).toContain(`$ paramlens ${command}`);
      expect(r.stdout).not.toMatch(/ +$/m);
    }
  });
});
