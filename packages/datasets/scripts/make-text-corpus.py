#!/usr/bin/env python3
"""Make src/corpus/pride-and-prejudice.ts, the character-level language-modelling corpus.

Source: Debian's `r-cran-janeaustenr` 1.0.0-1 (Julia Silge's CRAN package janeaustenr, which packages the
texts of Jane Austen's six novels; "Pride and Prejudice" was first published in 1813 and is in the public
domain). The package's data object `prideprejudice` is a character vector, one element per line of the novel.
We take the lines from "Chapter 1" up to (not including) "Chapter 10" — chapters 1–9 — and join them with "\n".

No R is needed: the .deb is fetched with `apt-get download r-cran-janeaustenr` and unpacked with `dpkg-deb -x`
(no install), and this script reads R's lazy-load database (data/Rdata.rdx + Rdata.rdb) with a minimal
reader for R's XDR serialization format (only the node types that occur in these objects).

Also writes fixtures/text-corpus.json: the text's length, SHA-256 and unigram character entropy in nats,
computed here in Python as an independent reference for the TypeScript tests.

Usage: /usr/bin/python3 packages/datasets/scripts/make-text-corpus.py [UNPACKED_DEB_ROOT]
       (default: downloads and unpacks the .deb into a temporary directory)
"""

import collections
import gzip
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_TS = os.path.join(HERE, "..", "src", "corpus", "pride-and-prejudice.ts")
FIXTURE = os.path.join(HERE, "..", "fixtures", "text-corpus.json")
FIRST, STOP = "Chapter 1", "Chapter 10"


class RVector(list):
    """An R vector with its attributes (e.g. `names`)."""

    attrs = None


class RReader:
    """Reads R serialization format version 3, XDR (big-endian) only."""

    def __init__(self, buf):
        assert buf[:2] == b"X\n", "not an XDR R serialization"
        self.b, self.p, self.refs = buf, 2, []
        version = self.int()
        assert version == 3, f"serialization version {version}"
        self.int(), self.int()
        n = self.int()
        self.p += n  # native encoding name, e.g. "UTF-8"

    def int(self):
        (v,) = struct.unpack_from(">i", self.b, self.p)
        self.p += 4
        return v

    def length(self):
        n = self.int()
        if n == -1:
            hi, lo = self.int(), self.int()
            n = (hi << 32) + lo
        return n

    def item(self):
        flags = self.int()
        t, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if t == 254 or t in (253, 242, 241, 252, 251, 250):  # NULL and special environments/values
            return None
        if t == 255:  # REFSXP: index packed in the high bits, or in the next int
            i = flags >> 8
            return self.refs[(i if i else self.int()) - 1]
        if t == 1:  # SYMSXP
            sym = ("sym", self.item())
            self.refs.append(sym)
            return sym
        if t == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None
            s = self.b[self.p : self.p + n].decode("utf-8")
            self.p += n
            return s
        if t in (2, 6):  # LISTSXP / LANGSXP pairlist
            attr = self.item() if has_attr else None
            tag = self.item() if has_tag else None
            car = self.item()
            cdr = self.item()
            return ("pair", tag, car, cdr, attr)
        if t in (10, 13):  # LGLSXP, INTSXP
            n = self.length()
            v = list(struct.unpack_from(f">{n}i", self.b, self.p))
            self.p += 4 * n
        elif t == 14:  # REALSXP
            n = self.length()
            v = list(struct.unpack_from(f">{n}d", self.b, self.p))
            self.p += 8 * n
        elif t in (16, 19, 20):  # STRSXP, VECSXP, EXPRSXP
            v = [self.item() for _ in range(self.length())]
        else:
            raise ValueError(f"unsupported R node type {t} at byte {self.p}")
        v = RVector(v)
        if has_attr:
            v.attrs = pairlist_to_dict(self.item())
        return v


def pairlist_to_dict(pl):
    out = {}
    while pl is not None:
        _, tag, car, cdr, _ = pl
        out[tag[1]] = car
        pl = cdr
    return out


def read_lazyload(root, name):
    data = os.path.join(root, "usr/lib/R/site-library/janeaustenr/data")
    # The index is a named list (variables, references, compressed); `variables` maps each object's name
    # to c(offset, length) in the .rdb file.
    index = RReader(gzip.decompress(open(os.path.join(data, "Rdata.rdx"), "rb").read())).item()
    variables = index[index.attrs["names"].index("variables")]
    offset, length = variables[variables.attrs["names"].index(name)]
    blob = open(os.path.join(data, "Rdata.rdb"), "rb").read()[offset : offset + length]
    # Each entry: 4-byte big-endian uncompressed length, then a zlib stream (compression type 1).
    return RReader(zlib.decompress(blob[4:])).item()


def js_string(s):
    """A JS string literal quoted the way Biome formats it: double quotes unless that needs more escapes."""
    assert "\\" not in s and all(ch >= " " for ch in s), f"unexpected character in {s!r}"
    q = "'" if s.count('"') > s.count("'") else '"'
    return q + s.replace(q, "\\" + q) + q


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else None
    if root is None:
        tmp = tempfile.mkdtemp()
        subprocess.run(["apt-get", "download", "r-cran-janeaustenr=1.0.0-1"], cwd=tmp, check=True)
        deb = [f for f in os.listdir(tmp) if f.endswith(".deb")][0]
        root = os.path.join(tmp, "x")
        subprocess.run(["dpkg-deb", "-x", os.path.join(tmp, deb), root], check=True)
    lines = read_lazyload(root, "prideprejudice")
    start, stop = lines.index(FIRST), lines.index(STOP)
    text = "\n".join(lines[start:stop]).strip() + "\n"
    counts = collections.Counter(text)
    entropy = -sum(c / len(text) * math.log(c / len(text)) for c in counts.values())
    os.makedirs(os.path.dirname(OUT_TS), exist_ok=True)
    with open(OUT_TS, "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/make-text-corpus.py — do not edit by hand.\n")
        f.write("// Chapters 1–9 of Jane Austen's \"Pride and Prejudice\" (1813, public domain), as packaged in\n")
        f.write("// Debian's r-cran-janeaustenr 1.0.0-1 (data object `prideprejudice`), one string per line.\n")
        f.write("export const PRIDE_AND_PREJUDICE_LINES: readonly string[] = [\n")
        for line in text.split("\n")[:-1]:
            f.write("  " + js_string(line) + ",\n")
        f.write("];\n")
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w") as f:
        json.dump(
            {
                "source": "r-cran-janeaustenr 1.0.0-1, prideprejudice, chapters 1-9",
                "chars": len(text),
                "utf8Bytes": len(text.encode("utf-8")),
                "distinctChars": len(counts),
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "unigramEntropyNats": entropy,
            },
            f,
            indent=2,
        )
        f.write("\n")
    print(len(text), len(counts), entropy)


if __name__ == "__main__":
    main()
