import { describe, expect, it } from "vitest";
import { createContext, shouldUseColor } from "./context";

const sink = (isTTY: boolean) => ({ write: () => true, isTTY });

describe("shouldUseColor", () => {
  it("colours a TTY only, and never with NO_COLOR", () => {
    expect(shouldUseColor({ stdout: sink(true), stderr: sink(true), env: {} })).toBe(true);
    expect(shouldUseColor({ stdout: sink(false), stderr: sink(true), env: {} })).toBe(false);
    expect(shouldUseColor({ stdout: sink(true), stderr: sink(true), env: { NO_COLOR: "1" } })).toBe(false);
    expect(shouldUseColor({ stdout: sink(true), stderr: sink(true), env: { TERM: "dumb" } })).toBe(false);
  });

  it("lets FORCE_COLOR colour a pipe, but NO_COLOR still wins", () => {
    expect(shouldUseColor({ stdout: sink(false), stderr: sink(false), env: { FORCE_COLOR: "1" } })).toBe(
      true,
    );
    expect(
      shouldUseColor({ stdout: sink(false), stderr: sink(false), env: { FORCE_COLOR: "1", NO_COLOR: "x" } }),
    ).toBe(false);
  });

  it("gives identity colours when colour is off", () => {
    const ctx = createContext({ stdout: sink(false), stderr: sink(false) }, "/");
    expect(ctx.color.bold("x")).toBe("x");
  });
});
