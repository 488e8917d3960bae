// Runs the built `paramlens` bin as a child process and captures its exit code, stdout and stderr.
// The environment is minimal (no NO_COLOR, FORCE_COLOR or CI unless a test sets them) so output
// does not depend on the machine running the tests.
import { spawn } from "node:child_process";
import { binPath } from "./bin-path";

export interface BinResult {
  code: number | null;
  /** True when the run outlived `timeoutMs` and was killed (a hang). */
  timedOut?: boolean;
  stdout: string;
  stderr: string;
}

export function runBin(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
  });
}
