// Where the end-to-end tests' build of the `paramlens` bin lives (under node_modules, so its imports of
// citty and picocolors resolve exactly as they do for dist/cli.js).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const binDir = join(packageDir, "node_modules", ".cache", "paramlens-e2e");
export const binPath = join(binDir, "cli.js");
