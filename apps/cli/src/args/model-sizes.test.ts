// --hidden / --channels: lists per model, and one-line errors that name the flag and the rule.
import { describe, expect, it } from "vitest";
import { InvalidValueError, UsageError } from "../errors";
import { readModelSizes } from "./model-sizes";

describe("readModelSizes", () => {
  it("reads the cnn's channels and hidden width, and the mlp's hidden widths", () => {
    expect(readModelSizes("cnn", { channels: "8,16", hidden: "64" })).toEqual({
      channels: [8, 16],
      hidden: [64],
    });
    expect(readModelSizes("cnn", { channels: " 8 , 16 " })).toEqual({ channels: [8, 16] });
    expect(readModelSizes("mlp", { hidden: "512,256,128" })).toEqual({ hidden: [512, 256, 128] });
    expect(readModelSizes("mlp", { hidden: "64" })).toEqual({ hidden: [64] });
    expect(readModelSizes("mlp", {})).toEqual({});
    expect(readModelSizes("gpt-char", {})).toEqual({});
  });

  it("rejects non-integers, values below 1, empty values and entries, and wrong counts", () => {
    const cnnChannels = "the cnn takes two channel counts (whole numbers ≥ 1, e.g. 8,16)";
    const cnnHidden = "the cnn takes one hidden width (a whole number ≥ 1, e.g. 64)";
    const mlpHidden =
      "the mlp takes one or more hidden widths, comma-separated (whole numbers ≥ 1, e.g. 256,128)";
    const cases: [Parameters<typeof readModelSizes>[0], Record<string, unknown>, string][] = [
      ["cnn", { channels: "8" }, `--channels 8: ${cnnChannels}; got 1 value`],
      ["cnn", { channels: "8,16,32" }, `--channels 8,16,32: ${cnnChannels}; got 3 values`],
      ["cnn", { channels: "8,0" }, `--channels 8,0: 0 is not ≥ 1; ${cnnChannels}`],
      ["cnn", { channels: "-4,8" }, `--channels -4,8: -4 is not ≥ 1; ${cnnChannels}`],
      ["cnn", { channels: "8,x" }, `--channels 8,x: "x" is not a whole number; ${cnnChannels}`],
      ["cnn", { channels: "8,,16" }, `--channels 8,,16: an entry is empty; ${cnnChannels}`],
      ["cnn", { channels: "" }, `--channels: ${cnnChannels}; got an empty value`],
      ["cnn", { hidden: "64,32" }, `--hidden 64,32: ${cnnHidden}; got 2 values`],
      ["cnn", { hidden: "1.5" }, `--hidden 1.5: "1.5" is not a whole number; ${cnnHidden}`],
      ["mlp", { hidden: "1e3" }, `--hidden 1e3: "1e3" is not a whole number; ${mlpHidden}`],
      ["mlp", { hidden: "256," }, `--hidden 256,: an entry is empty; ${mlpHidden}`],
      ["mlp", { hidden: "  " }, `--hidden: ${mlpHidden}; got an empty value`],
      ["mlp", { hidden: true }, `--hidden: ${mlpHidden}; got an empty value`],
      [
        "mlp",
        { hidden: "99999999999999999999" },
        "--hidden 99999999999999999999: 99999999999999999999 is too large",
      ],
    ];
    for (const [kind, args, message] of cases) {
      expect(() => readModelSizes(kind, args), JSON.stringify(args)).toThrow(InvalidValueError);
      expect(() => readModelSizes(kind, args), JSON.stringify(args)).toThrow(message);
    }
  });

  it("treats a size flag the model does not have as a usage error", () => {
    expect(() => readModelSizes("mlp", { channels: "8,16" })).toThrow(UsageError);
    expect(() => readModelSizes("mlp", { channels: "8,16" })).toThrow(
      "--channels is for the cnn model; mlp has no conv layers",
    );
    expect(() => readModelSizes("gpt-char", { hidden: "64" })).toThrow(
      "--hidden is for the mlp and cnn models; gpt-char's size is fixed",
    );
  });
});
