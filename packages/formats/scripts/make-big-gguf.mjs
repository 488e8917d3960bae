// Writes a GGUF v3 file whose metadata holds one large array, to measure how the header reader scales
// (issue 20: a 64 MB metadata array took 10.5 s and 1.76 GB when the header was re-parsed from scratch
// every time the read buffer doubled). Usage: node scripts/make-big-gguf.mjs OUT [MB] [string|i32]
// It writes a vocabulary-like string array (8-byte tokens, 16 bytes per item) or an int32 array, then
// `general.architecture`, and one F32 tensor of 8 elements, all aligned as llama.cpp writes them.
import { writeFileSync } from "node:fs";

const [out, mbArg = "64", kind = "string"] = process.argv.slice(2);
if (!out) throw new Error("usage: node scripts/make-big-gguf.mjs OUT [MB] [string|i32]");
const target = Number(mbArg) * 1024 * 1024;
const parts = [];
const u32 = (v) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const u64 = (v) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};
const str = (s) => {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([u64(b.length), b]);
};
parts.push(Buffer.from("GGUF"), u32(3), u64(1), u64(2));
parts.push(str("general.architecture"), u32(8), str("llama"));
if (kind === "string") {
  const n = Math.floor(target / 16);
  const body = Buffer.alloc(n * 16);
  for (let i = 0; i < n; i++) {
    body.writeBigUInt64LE(8n, i * 16);
    body.write(i.toString(36).padStart(8, "_"), i * 16 + 8, "latin1");
  }
  parts.push(str("tokenizer.ggml.tokens"), u32(9), u32(8), u64(n), body);
} else {
  const n = Math.floor(target / 4);
  const body = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) body.writeInt32LE(i, i * 4);
  parts.push(str("tokenizer.ggml.token_type"), u32(9), u32(5), u64(n), body);
}
// one tensor: "t", 1 dim of 8, F32 (type 0), offset 0
parts.push(str("t"), u32(1), u64(8), u32(0), u64(0));
let head = Buffer.concat(parts);
const pad = (32 - (head.length % 32)) % 32;
head = Buffer.concat([head, Buffer.alloc(pad), Buffer.alloc(32)]);
writeFileSync(out, head);
console.log(`${out}: ${head.length} bytes (${kind} array)`);
