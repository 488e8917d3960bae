// The stable shape of `paramlens explain`'s output (text and --json): the explain result without the
// tensor, plus where the image came from and where the heatmap went.
import type { ExplainMethod } from "./explain-report";

export interface ExplainReport {
  checkpoint: string;
  model: string;
  image: { source: string; index?: number; file?: string; label?: string };
  prediction: { index: number; label: string; probability: number };
  probabilities: { index: number; label: string; probability: number }[];
  method: { id: ExplainMethod; name: string; settings: string };
  attributionStats: { min: number; max: number; sum: number };
  convergenceDelta?: number;
  faithfulness: {
    metric: string;
    steps: number;
    deletionAuc: number;
    randomAuc: { mean: number; min: number; max: number; orders: number };
  };
  heatmap?: { path: string; width: number; height: number };
  /** [H][W] attribution map for the predicted class. */
  map: number[][];
}
