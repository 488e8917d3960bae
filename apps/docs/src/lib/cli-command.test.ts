import { describe, expect, it } from "vitest";
import { cliCommand } from "./cli-command";
import { presetForm } from "./form";

const gpt2 = presetForm("gpt2") ?? {};

describe("cliCommand", () => {
  it("an unmodified preset is just its id", () => {
    expect(cliCommand("gpt2", gpt2)).toEqual({ command: "paramlens params gpt2", unsupported: [] });
  });

  it("maps changed fields to the CLI's flags", () => {
    const form = { ...gpt2, nLayers: "24", dModel: "1024", mlp: "swiglu", tiedEmbeddings: "false" };
    const { command, unsupported } = cliCommand("gpt2", form, { batch: "8" });
    expect(command).toBe("paramlens params gpt2 --d-model 1024 --layers 24 --mlp swiglu --no-tie --batch 8");
    expect(unsupported).toEqual([]);
  });

  it("uses --no-bias only when all projection biases agree, and reports fields without a flag", () => {
    const allOff = { ...gpt2, "bias.qkv": "false", "bias.attnOut": "false", "bias.mlp": "false" };
    expect(cliCommand("gpt2", allOff).command).toBe("paramlens params gpt2 --no-bias");
    const mixed = { ...gpt2, "bias.qkv": "false", normsPerLayer: "1" };
    expect(cliCommand("gpt2", mixed).unsupported).toEqual(["bias.qkv", "normsPerLayer"]);
  });

  it("switching MoE on emits the experts flags", () => {
    const form = { ...gpt2, moe: "true" };
    expect(cliCommand("gpt2", form).command).toBe("paramlens params gpt2 --experts 8 --experts-per-token 2");
  });

  it("quotes text a shell would split", () => {
    expect(cliCommand("gpt2", { ...gpt2, nLayers: "1 2" }).command).toBe(
      "paramlens params gpt2 --layers '1 2'",
    );
  });
});
