// The stable shape of `paramlens analyze`'s output (text and --json): the analysis plus which checkpoint
// and model it is about.
import type { TrainingRecord } from "../model/model-spec";
import type { AnalyzeResult } from "./analyze-report";

export interface AnalyzeReport extends AnalyzeResult {
  checkpoint: string;
  model: string;
  training: TrainingRecord | null;
}
