// The data behind `paramlens train`'s output: the spec, parameter count, training record, per-epoch history
// and checkpoint location. Plain data, printed as text or JSON by the command.
import type { EpochRecord } from "@paramlens/nn";
import type { ModelSpec, TrainingRecord } from "../model/model-spec";

export interface TrainReport {
  spec: ModelSpec;
  parameters: number;
  training: TrainingRecord;
  history: EpochRecord[];
  checkpoint: { path: string; bytes: number };
  sample?: { prompt: string; text: string };
}
