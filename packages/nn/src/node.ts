// Node-only entry (`@paramlens/nn/node`): loadPretrained from a model folder on disk. Files are opened one
// at a time and read in byte ranges (a tensor at a time), so a checkpoint is never held whole in memory.
// Only regular files are read: each is opened non-blocking and checked with fstat, so a FIFO or a device
// (/dev/zero) in the folder is refused at once instead of blocking or reading forever.
// Everything else (configs, weight layout, streaming) is the browser-safe loader in src/pretrained/.
import { constants } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
// Imported by package name (kept external by tsup) so both entries share one GPT and error classes.
import {
  type CheckpointSource,
  type LoadedPretrained,
  type LoadPretrainedOptions,
  loadPretrained as loadPretrainedFiles,
  loadPretrainedFromSource,
  type OpenedFile,
  PretrainedError,
  type PretrainedFileMap,
} from "@paramlens/nn";

/** A CheckpointSource over a folder on disk. */
export async function folderSource(dir: string): Promise<CheckpointSource> {
  let names: string[];
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) {
      throw new PretrainedError("FILE_MISSING", `loadPretrained: ${dir} is not a folder`, { file: dir });
    }
    names = await readdir(dir);
  } catch (e) {
    if (e instanceof PretrainedError) throw e;
    throw new PretrainedError(
      "FILE_MISSING",
      `loadPretrained: cannot read the folder ${dir} (${(e as Error).message.slice(0, 100)})`,
      {
        file: dir,
      },
    );
  }
  const present = new Set(names);
  return {
    label: dir,
    has: (name) => present.has(name),
    async open(name): Promise<OpenedFile> {
      if (!present.has(name)) {
        throw new PretrainedError("FILE_MISSING", `${name} is missing from ${dir}`, { file: name });
      }
      // O_NONBLOCK: opening a FIFO with no writer returns at once (no effect on regular files).
      const handle = await open(join(dir, name), constants.O_RDONLY | constants.O_NONBLOCK);
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        const kind = info.isFIFO()
          ? "a FIFO"
          : info.isCharacterDevice()
            ? "a character device"
            : "not a file";
        throw new PretrainedError("FILE_INVALID", `${name} in ${dir} is ${kind}, not a regular file`, {
          file: name,
        });
      }
      const { size } = info;
      return {
        size,
        async read(start, end, into) {
          const out = into ?? new Uint8Array(end - start);
          let done = 0;
          while (done < end - start) {
            const { bytesRead } = await handle.read(out, done, end - start - done, start + done);
            if (bytesRead === 0) {
              throw new PretrainedError(
                "FILE_INVALID",
                `${name}: ended at byte ${start + done}, expected ${end} (truncated?)`,
                {
                  file: name,
                },
              );
            }
            done += bytesRead;
          }
          return out;
        },
        close: () => handle.close(),
      };
    },
  };
}

/**
 * Loads a Hugging Face model folder (a path) or a map of files, as `loadPretrained` of `@paramlens/nn`.
 * @example const { model, tokenizer } = await loadPretrained("./gpt2");
 */
export async function loadPretrained(
  source: string | PretrainedFileMap,
  options: LoadPretrainedOptions = {},
): Promise<LoadedPretrained> {
  if (typeof source !== "string") return loadPretrainedFiles(source, options);
  return loadPretrainedFromSource(await folderSource(source), options);
}
