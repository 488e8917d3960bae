// The strings the tokenizer comparisons run on: hand-picked cases (English, Chinese and other scripts,
// emoji incl. ZWJ sequences and flags, code, whitespace runs, numbers, contractions, accents, control
// characters) and seeded random mixtures of them, 320 in all. Deterministic, so failures reproduce.

const BASE: readonly string[] = [
  "Hello world",
  "Hello, world!",
  "The quick brown fox jumps over the lazy dog.",
  "I'm sure they've said it's what we'd do, and you'll see they're right.",
  "I'M SURE THEY'VE SAID IT'S FINE",
  "don't won't can't shouldn't",
  "Mr. O'Neil's dog—a 'good boy'—barked.",
  "  leading spaces",
  "trailing spaces   ",
  "   ",
  " ",
  "a  b   c    d     e",
  "tab\there\t\tand\t\t\tthere",
  "line one\nline two\n\nline four\n\n\n",
  "windows\r\nline\r\nendings",
  "\n\n\nstarts with newlines",
  "mixed \t \n \r\n whitespace",
  "你好，世界！",
  "机器学习是人工智能的一个分支。",
  "深度神经网络的参数决定了模型说什么。",
  "中文和English混合的句子，包含123个数字。",
  "日本語のテキストとカタカナ、ひらがな。",
  "한국어 문장도 포함됩니다.",
  "Привет, мир! Как дела?",
  "مرحبا بالعالم",
  "नमस्ते दुनिया",
  "Γειά σου Κόσμε",
  "שלום עולם",
  "ไทยภาษา",
  "Ünïcödé àccénts: café, naïve, résumé, Ångström, São Paulo, Zürich",
  "combining: e\u0301 n\u0303 a\u030a",
  "emoji 😀😃😄😁 in text",
  "family 👨‍👩‍👧‍👦 and 👩🏽‍💻 coder",
  "flags 🇫🇷🇯🇵🇺🇸",
  "hearts ❤️💔💕 and ✨🎉🚀",
  "🤗",
  "😀",
  "math ∑∫∂√∞ ≤ ≥ ≠ ±",
  "arrows ← → ↑ ↓ ⇒",
  "0",
  "1234567890",
  "3.14159265358979",
  "1,000,000 and 1.000.000,00",
  "-42 +17 1e-5 0x1F 0b1010",
  "2024-01-15T12:34:56Z",
  "Call 555-0123 or +1 (800) 555-0199.",
  "function add(a, b) {\n  return a + b;\n}",
  "const x = [1, 2, 3].map((v) => v * 2);",
  "def f(x):\n    if x > 0:\n        return x ** 2\n    return None\n",
  "for (let i = 0; i < n; i++) { sum += a[i]; }",
  '#include <stdio.h>\nint main(void) { printf("hi\\n"); return 0; }',
  "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name;",
  '{"key": "value", "list": [1, 2, 3], "nested": {"a": null}}',
  '<div class="box"><p>Hi &amp; bye</p></div>',
  "https://huggingface.co/openai-community/gpt2?query=1&x=y#frag",
  "user@example.com",
  "snake_case_name camelCaseName PascalCaseName kebab-case-name",
  "__init__ self.weight @property",
  "!!!???...,,,;;;:::",
  "((()))[[[]]]{{{}}}",
  "$100 €50 £20 ¥1000",
  "100% of 50% is 50%",
  "a",
  "A",
  ".",
  "'",
  "'s",
  "\"quoted\" 'single' `backtick`",
  "hyphen-ated em—dash en–dash",
  "ellipsis… and “smart quotes” ‘here’",
  "ALL CAPS SENTENCE WITH WORDS",
  "supercalifragilisticexpialidocious",
  "pneumonoultramicroscopicsilicovolcanoconiosis",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "abcabcabcabcabcabcabcabc",
  "the the the the the the",
  "Zero\u200bwidth\u200bspace",
  "non\u00a0breaking\u00a0space",
  "soft\u00adhyphen",
  "bell\u0007and\u0001controls",
  "ideographic\u3000space",
  "<|endoftext|>",
  "text <|endoftext|> more text",
  "<s> not special in text </s>",
  "Transformers 🤗 are 変換器 and they're 100% cool!!!",
];

const PIECES: readonly string[] = [
  "the",
  " model",
  " parameters",
  "Hello",
  " 世界",
  "学习",
  "😀",
  "🇯🇵",
  "👩‍💻",
  " 42",
  "3.14",
  "1000000",
  "\n",
  "\n\n",
  "  ",
  "    ",
  "\t",
  " ",
  "it's",
  " we'll",
  "()",
  "{}",
  " => ",
  "x_1",
  "café",
  "Привет",
  "!",
  "?",
  ",",
  ".",
  "é",
  "ñ",
  "∑",
  "—",
  "'",
  '"',
  "https://",
  "#",
  "0",
  "Ω",
];

/** Mulberry32: a tiny seeded PRNG so the mixed strings are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mixedStrings(count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 2 + Math.floor(rand() * 12);
    let s = "";
    for (let j = 0; j < n; j++) {
      s +=
        rand() < 0.15
          ? (BASE[Math.floor(rand() * BASE.length)] as string)
          : (PIECES[Math.floor(rand() * PIECES.length)] as string);
    }
    out.push(s);
  }
  return out;
}

/** 320 strings: the hand-picked ones, then seeded mixtures. */
export const TOKENIZER_TEST_STRINGS: readonly string[] = [...BASE, ...mixedStrings(320 - BASE.length, 12)];
