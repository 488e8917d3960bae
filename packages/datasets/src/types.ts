// The plain-typed-array container every labelled dataset in this package returns. Deliberately not a
// tensor: @paramlens/nn wraps `x`/`xShape` into tensors itself, so this package needs no tensor library.

export interface LabelledSet {
  /** Features, row-major, shape `xShape` = [N, ...sampleShape] (e.g. [N, 2] or [N, 1, 28, 28]). */
  readonly x: Float32Array;
  readonly xShape: readonly number[];
  /** Class index of each sample, shape [N], values in [0, numClasses). */
  readonly y: Int32Array;
  readonly numClasses: number;
}
