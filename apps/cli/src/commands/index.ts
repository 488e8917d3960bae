// The lazy command map: each subcommand's module is imported only when that subcommand runs (or when
// the top-level help lists them).
import type { CliCommand } from "../command";

// biome-ignore lint/suspicious/noExplicitAny: each command has its own argument types.
export type CommandLoader = () => Promise<CliCommand<any>>;

export const commands: Record<string, CommandLoader> = {
  params: () => import("./params").then((m) => m.paramsCommand),
  fit: () => import("./fit").then((m) => m.fitCommand),
  scale: () => import("./scale").then((m) => m.scaleCommand),
  inspect: () => import("./inspect").then((m) => m.inspectCommand),
  train: () => import("./train").then((m) => m.trainCommand),
  summary: () => import("./summary").then((m) => m.summaryCommand),
  explain: () => import("./explain").then((m) => m.explainCommand),
  analyze: () => import("./analyze").then((m) => m.analyzeCommand),
  generate: () => import("./generate").then((m) => m.generateCommand),
  attribute: () => import("./attribute").then((m) => m.attributeCommand),
  heads: () => import("./heads").then((m) => m.headsCommand),
  lens: () => import("./lens").then((m) => m.lensCommand),
  patch: () => import("./patch").then((m) => m.patchCommand),
};
