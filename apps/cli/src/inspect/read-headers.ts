// Reads checkpoint headers from disk, header bytes only: safetensors (8-byte length, then the JSON
// header) and GGUF (pulled front to back from the open file). It checks the file is as long as its header
// says, so a truncated download is reported as truncated, naming the file and the byte counts. Parsing is
// @paramlens/gpt-params' (readSafetensorsHeader, readGGUFHeader), which uses @paramlens/formats — the
// same reader @paramlens/tensor loads with; this file only does I/O and messages.
import {
  formatCount,
  type GGUFHeader,
  HeaderError,
  readGGUFHeader,
  readSafetensorsHeader,
  type SafetensorsHeader,
} from "@paramlens/gpt-params";
import { BadFileError } from "../errors";
import { type FileReader, withFile } from "../files/file-reader";

// The safetensors spec caps the JSON header at 100 MB (huggingface/safetensors, "Format").
const MAX_SAFETENSORS_HEADER = 100_000_000;
// Cap on a GGUF header, far above any real one (a 256k-token vocabulary with its merges is tens of MB), so
// that a corrupt length field cannot make us read a multi-GB file.
const GGUF_MAX_HEADER = 256 << 20;

const bytesText = (n: number) => `${formatCount(n, { style: "exact" })} bytes`;

/** Which format a file holds, from its first bytes (and, failing that, its name). */
export function sniffFormat(file: FileReader): "safetensors" | "gguf" {
  const head = file.read(0, 9);
  if (head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === "GGUF") return "gguf";
  if (file.path.toLowerCase().endsWith(".gguf")) return "gguf";
  // safetensors: a little-endian length, then a JSON object.
  if (file.path.toLowerCase().endsWith(".safetensors") || head[8] === 0x7b) return "safetensors";
  const shown = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new BadFileError(
    file.path,
    `not a safetensors or GGUF file (first bytes: ${shown || "none, the file is empty"})`,
  );
}

/** Header of one safetensors file, with the file's size. */
export function readSafetensorsFile(file: FileReader): SafetensorsHeader {
  if (file.size < 8) {
    throw new BadFileError(
      file.path,
      `truncated: ${bytesText(file.size)}, but a safetensors file starts with an 8-byte header length`,
    );
  }
  const lengthBytes = file.read(0, 8);
  const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_SAFETENSORS_HEADER)) {
    throw new BadFileError(
      file.path,
      `corrupt: header length ${length} exceeds the safetensors limit of 100 MB`,
    );
  }
  const headerLength = Number(length);
  if (8 + headerLength > file.size) {
    throw new BadFileError(
      file.path,
      `truncated: the header is ${bytesText(headerLength)} but only ${bytesText(file.size - 8)} follow the length`,
    );
  }
  let header: SafetensorsHeader;
  try {
    // The header alone first, then the data section against the file's size: together exactly the rules
    // @paramlens/tensor loads with (one reader, @paramlens/formats), told apart for a readable message.
    header = readSafetensorsHeader(file.read(0, 8 + headerLength));
  } catch (error) {
    throw new BadFileError(file.path, `corrupt header: ${(error as Error).message}`);
  }
  const dataAvailable = file.size - 8 - headerLength;
  if (header.dataBytes > dataAvailable) {
    throw new BadFileError(
      file.path,
      `truncated: the header describes ${bytesText(header.dataBytes)} of tensor data, but the file holds ${bytesText(dataAvailable)}`,
    );
  }
  if (header.dataBytes < dataAvailable) {
    throw new BadFileError(
      file.path,
      `corrupt: ${bytesText(dataAvailable - header.dataBytes)} after the last tensor's data are not covered by any tensor (the header describes ${bytesText(header.dataBytes)} of tensor data)`,
    );
  }
  return header;
}

/**
 * Header of one GGUF file, read once front to back from the open file (never re-parsed), up to a 256 MiB
 * cap, with llama.cpp's checks and the data section checked against the file's size.
 */
export function readGGUFFile(file: FileReader): GGUFHeader {
  try {
    return readGGUFHeader(
      { size: file.size, read: (offset, length) => file.read(offset, length) },
      { maxHeaderBytes: GGUF_MAX_HEADER },
    );
  } catch (error) {
    if (!(error instanceof HeaderError)) throw error;
    const message = error.message;
    switch (error.formatCode) {
      case "HEADER_TOO_LARGE":
        throw new BadFileError(file.path, "corrupt: the GGUF header does not end within its first 256 MiB");
      case "TRUNCATED":
        throw new BadFileError(
          file.path,
          `truncated: the file (${bytesText(file.size)}) ends inside its GGUF header (${message})`,
        );
      case "INCOMPLETE_BUFFER": {
        const range = (error.cause as { byteRange?: readonly [number, number] } | undefined)?.byteRange;
        const end = range ? formatCount(range[1], { style: "exact" }) : "?";
        throw new BadFileError(
          file.path,
          `truncated: the GGUF header describes tensor data up to byte ${end}, but the file has ${bytesText(file.size)}`,
        );
      }
      default:
        throw new BadFileError(file.path, `corrupt header: ${message}`);
    }
  }
}

export function readSafetensorsPath(path: string, cwd: string): { header: SafetensorsHeader; size: number } {
  return withFile(path, cwd, (file) => ({ header: readSafetensorsFile(file), size: file.size }));
}

export function readGGUFPath(path: string, cwd: string): { header: GGUFHeader; size: number } {
  return withFile(path, cwd, (file) => ({ header: readGGUFFile(file), size: file.size }));
}
