// The character-level language-modelling corpus as one string, with a description of where it comes from.
// The text itself is generated into pride-and-prejudice.ts by scripts/make-text-corpus.py.
import { PRIDE_AND_PREJUDICE_LINES } from "./pride-and-prejudice";

/** Chapters 1–9 of "Pride and Prejudice" (74,531 characters, 71 distinct), lines joined by "\n". */
export const TEXT_CORPUS: string = PRIDE_AND_PREJUDICE_LINES.join("\n") + "\n";

export const TEXT_CORPUS_SOURCE = {
  title: "Pride and Prejudice, chapters 1–9",
  author: "Jane Austen",
  firstPublished: 1813,
  license: "public domain",
  // Extracted (not installed) from the Debian package by scripts/make-text-corpus.py.
  obtainedFrom: "Debian package r-cran-janeaustenr 1.0.0-1, R data object `prideprejudice`",
} as const;
