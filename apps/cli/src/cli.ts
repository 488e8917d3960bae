// The `paramlens` bin: runs the command line against the real process streams and sets the exit code.
// Everything else lives in run-cli.ts so it can be tested without spawning a process.
import { runCli } from "./run-cli";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt: (handler) => {
    let count = 0;
    const listener = () => {
      // The first Ctrl-C asks the command to stop cleanly; a second one ends the process at once.
      if (++count > 1) process.exit(130);
      handler();
    };
    process.on("SIGINT", listener);
    return () => {
      process.off("SIGINT", listener);
    };
  },
});
