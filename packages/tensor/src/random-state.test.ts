// Generator state snapshots: getState/setState and getRngState/setRngState restore a stream exactly
// (including the cached Box-Muller normal), are plain JSON, are copies, and reject malformed states.
import { describe, expect, it } from "vitest";
import {
  dropout,
  GENERATOR_ALGORITHM,
  Generator,
  type GeneratorState,
  GeneratorStateError,
  getRngState,
  manualSeed,
  ones,
  rand,
  randint,
  randn,
  randperm,
  setRngState,
} from "./index";

/** One of every global random op; randn of an odd count leaves a cached normal behind. */
function drawAll(): number[][] {
  return [
    randn([3]).toArray(),
    rand([4]).toArray(),
    randn([5]).toArray(),
    randint(-3, 1000, [6]).toArray(),
    randperm(7).toArray(),
    dropout(ones([40]), 0.5).toArray(),
    randn([1]).toArray(),
  ];
}

describe("Generator.getState / setState", () => {
  it("exposes the splitmix32-seeded xoshiro128** words (independent Python reference)", () => {
    // Reference computed in Python from the algorithms' definitions (splitmix32: Weyl step 0x9e3779b9 then
    // the murmur3 finaliser; xoshiro128**: Blackman & Vigna's xoshiro128starstar.c), not from this code:
    //   x = 42; per word: x = (x + 0x9e3779b9) & M; z = ((z ^ z>>16) * 0x85ebca6b) & M;
    //   z = ((z ^ z>>13) * 0xc2b2ae35) & M; word = z ^ z>>16
    const g = new Generator(42);
    expect(g.getState()).toEqual({
      algorithm: "xoshiro128**",
      state: [939911724, 3948730756, 321366731, 3317318717],
      spareNormal: null,
    });
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([2837322924, 544945897, 479756282]);
    expect(g.getState().state).toEqual([1023157812, 3745282274, 2189229299, 1611509492]);
    expect(GENERATOR_ALGORITHM).toBe("xoshiro128**");
  });

  it("a restored state continues with exactly the same draws, on the same or another generator", () => {
    const g = new Generator(5);
    g.nextNormal(); // an odd number of normals: the pair's second value is cached
    const s = g.getState();
    expect(s.spareNormal).not.toBeNull();
    const draw = (x: Generator) => [
      x.nextNormal(),
      x.nextNormal(),
      x.nextNormal(),
      x.nextFloat(),
      x.nextInt(0, 7),
      x.nextUint32(),
    ];
    const a = draw(g);
    expect(a[0]).toBe(s.spareNormal); // the cached normal comes first
    g.setState(s);
    expect(draw(g)).toEqual(a);
    const h = new Generator(123);
    h.setState(s);
    expect(draw(h)).toEqual(a);
  });

  it("the cached normal is part of the state: dropping it shifts the normal stream", () => {
    const g = new Generator(9);
    g.nextNormal();
    const s = g.getState();
    const withSpare = g.nextNormal();
    g.setState({ ...s, spareNormal: null });
    expect(g.nextNormal()).not.toBe(withSpare);
  });

  it("returns copies: changing a snapshot, before or after setState, never reaches the generator", () => {
    const g = new Generator(1);
    const s = g.getState();
    s.state[0] = 7;
    s.state.push(1);
    s.spareNormal = 3;
    s.algorithm = "other";
    expect(g.getState()).toEqual(new Generator(1).getState());
    expect(g.nextUint32()).toBe(new Generator(1).nextUint32());

    const h = new Generator(99);
    const t = new Generator(2).getState();
    h.setState(t);
    t.state[1] = 12345;
    t.state.length = 0;
    t.spareNormal = 1;
    expect(h.getState()).toEqual(new Generator(2).getState());
    expect(h.getState()).not.toBe(h.getState());
    expect(h.getState().state).not.toBe(h.getState().state);
  });

  it("survives JSON.stringify / JSON.parse bit for bit (the cached normal is a double)", () => {
    const g = new Generator(77);
    g.nextNormal();
    const s = g.getState();
    const parsed = JSON.parse(JSON.stringify(s)) as GeneratorState;
    expect(parsed).toEqual(s);
    const h = new Generator(0);
    h.setState(parsed);
    const a = [g.nextNormal(), g.nextNormal(), g.nextFloat()];
    expect([h.nextNormal(), h.nextNormal(), h.nextFloat()]).toEqual(a);
  });

  it("seed() clears the cached normal, so a seeded generator never depends on earlier draws", () => {
    const g = new Generator(3);
    g.nextNormal();
    g.seed(3);
    expect(g.getState()).toEqual(new Generator(3).getState());
  });
});

describe("getRngState / setRngState (the global generator)", () => {
  it("restores rand, randn (odd counts, cached normal), randint, randperm and dropout masks exactly", () => {
    manualSeed(2024);
    randn([3]); // leave a cached normal
    const s = getRngState();
    expect(s.spareNormal).not.toBeNull();
    const a = drawAll();
    expect(a[0]![0]).toBe(Math.fround(s.spareNormal!));
    const after = getRngState();
    setRngState(s);
    expect(drawAll()).toEqual(a);
    expect(getRngState()).toEqual(after);
  });

  it("is independent of manualSeed history: a state from one run restores into another", () => {
    manualSeed(1);
    rand([10]);
    const s = getRngState();
    const a = drawAll();
    manualSeed(999);
    randn([17]);
    setRngState(JSON.parse(JSON.stringify(s)) as GeneratorState);
    expect(drawAll()).toEqual(a);
  });

  it("a Generator's state can drive the global ops and vice versa", () => {
    const g = new Generator(31);
    setRngState(g.getState());
    const u = rand([3]).toArray();
    expect(u).toEqual([g.nextFloat(), g.nextFloat(), g.nextFloat()].map(Math.fround));
    expect(getRngState()).toEqual(g.getState());
  });
});

describe("setState validation", () => {
  const good = (): GeneratorState => new Generator(4).getState();
  const cases: [string, unknown, string, string, RegExp][] = [
    [
      "null",
      null,
      "NOT_OBJECT",
      "",
      /the state must be an object \{ algorithm, state, spareNormal \}.*got null/,
    ],
    ["an array", [1, 2, 3, 4], "NOT_OBJECT", "", /got an array of length 4/],
    [
      "another algorithm",
      { ...good(), algorithm: "mt19937" },
      "ALGORITHM",
      "algorithm",
      /algorithm must be "xoshiro128\*\*", got "mt19937"/,
    ],
    ["no algorithm", { state: [1, 2, 3, 4], spareNormal: null }, "ALGORITHM", "algorithm", /got undefined/],
    [
      "5 words",
      { ...good(), state: [1, 2, 3, 4, 5] },
      "LENGTH",
      "state",
      /state must be an array of 4 words.*got an array of length 5/,
    ],
    ["3 words", { ...good(), state: [1, 2, 3] }, "LENGTH", "state", /got an array of length 3/],
    ["a string state", { ...good(), state: "1,2,3,4" }, "LENGTH", "state", /got "1,2,3,4"/],
    [
      "a fraction",
      { ...good(), state: [1, 2.5, 3, 4] },
      "WORD",
      "state[1]",
      /state\[1\] must be an integer in \[0, 2\^32\), got 2.5/,
    ],
    ["a negative word", { ...good(), state: [1, 2, -1, 4] }, "WORD", "state[2]", /state\[2\].*got -1/],
    ["2^32", { ...good(), state: [1, 2, 3, 2 ** 32] }, "WORD", "state[3]", /got 4294967296/],
    ["NaN", { ...good(), state: [Number.NaN, 2, 3, 4] }, "WORD", "state[0]", /got NaN/],
    ["a numeric string", { ...good(), state: ["1", 2, 3, 4] }, "WORD", "state[0]", /got "1"/],
    ["all zeros", { ...good(), state: [0, 0, 0, 0] }, "ALL_ZERO", "state", /must not be all zeros/],
    [
      "an infinite normal",
      { ...good(), spareNormal: Number.POSITIVE_INFINITY },
      "SPARE_NORMAL",
      "spareNormal",
      /spareNormal must be a finite number or null, got Infinity/,
    ],
    [
      "a missing normal",
      { algorithm: "xoshiro128**", state: [1, 2, 3, 4] },
      "SPARE_NORMAL",
      "spareNormal",
      /got undefined/,
    ],
    ["a string normal", { ...good(), spareNormal: "0.5" }, "SPARE_NORMAL", "spareNormal", /got "0.5"/],
  ];

  it.each(cases)("rejects %s with a named GeneratorStateError", (_name, bad, code, field, message) => {
    for (const [op, apply] of [
      ["Generator.setState", (s: unknown) => new Generator(0).setState(s as GeneratorState)],
      ["setRngState", (s: unknown) => setRngState(s as GeneratorState)],
    ] as const) {
      let err: unknown;
      try {
        apply(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GeneratorStateError);
      const e = err as GeneratorStateError;
      expect(e.name).toBe("GeneratorStateError");
      expect(e.code).toBe(code);
      expect(e.field).toBe(field);
      expect(e.op).toBe(op);
      expect(e.message.startsWith(`${op}: `)).toBe(true);
      expect(e.message).toMatch(message);
    }
  });

  it("a rejected state leaves the generator untouched", () => {
    const g = new Generator(8);
    g.nextNormal();
    const before = g.getState();
    expect(() => g.setState({ ...before, state: [1, 2, 3, 1.5] })).toThrow(GeneratorStateError);
    expect(() => g.setState({ ...before, spareNormal: Number.NaN })).toThrow(GeneratorStateError);
    expect(g.getState()).toEqual(before);
    manualSeed(8);
    const global = getRngState();
    expect(() => setRngState({ ...global, algorithm: "philox" })).toThrow(/setRngState: algorithm/);
    expect(getRngState()).toEqual(global);
  });

  it("accepts the largest word and -0", () => {
    const g = new Generator(0);
    g.setState({ algorithm: "xoshiro128**", state: [2 ** 32 - 1, -0, 0, 1], spareNormal: -1.5 });
    expect(g.getState()).toEqual({
      algorithm: "xoshiro128**",
      state: [2 ** 32 - 1, 0, 0, 1],
      spareNormal: -1.5,
    });
    expect(Object.is(g.getState().state[1], 0)).toBe(true);
    expect(g.nextNormal()).toBe(-1.5);
  });
});

it("README example: getRngState / setRngState through JSON repeats the draws", () => {
  manualSeed(0);
  randn([3]);
  const saved = getRngState(); // { algorithm: "xoshiro128**", state: [4 uint32 words], spareNormal }
  const a = randn([5]);
  setRngState(JSON.parse(JSON.stringify(saved))); // plain JSON: store it anywhere
  expect(randn([5]).toArray()).toEqual(a.toArray()); // the same 5 values as `a`
});
