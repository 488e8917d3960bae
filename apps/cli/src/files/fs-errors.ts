// Turns Node's file-system errors into the short reason a user needs ("no such file", "permission
// denied"), instead of "ENOENT: no such file or directory, open '/abs/path'".
const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, expected a file",
  ENOTDIR: "a parent of this path is not a directory",
  EMFILE: "too many open files",
};

export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && REASONS[code]) return REASONS[code];
  return error instanceof Error ? error.message : String(error);
}
