// @paramlens/tensor public API. Core (tensor, ops, autograd) first; other sections are appended below.

export {
  type CustomFunctionContext,
  CustomFunctionError,
  type CustomFunctionErrorCode,
  type CustomFunctionSpec,
  customFunction,
  type InputGrads,
} from "./autograd/custom-function";
export { type GradOptions, grad } from "./autograd/engine";
export { enableGrad, isGradEnabled, noGrad } from "./autograd/grad-mode";
export { type GradcheckOptions, type GradcheckResult, gradcheck } from "./autograd/gradcheck";
export { type BackwardFn, type GradNode, record } from "./autograd/node";
export {
  arange,
  type CreateOptions,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  randperm,
  scalar,
  tensor,
  zeros,
  zerosLike,
} from "./creation";
export type { DType, Storage } from "./dtype";
export {
  AutogradError,
  type AutogradErrorCode,
  BackendError,
  type BackendErrorCode,
  DTypeError,
  EinsumError,
  type EinsumErrorCode,
  IndexOutOfRangeError,
  MAX_TENSOR_ELEMENTS,
  ShapeError,
  type ShapeErrorCode,
  TensorDisposedError,
  TensorSizeError,
} from "./errors";
export type { NestedArray, NestedNumbers } from "./nested";
export { abs, sign } from "./ops/abs";
export { add } from "./ops/add";
export { argmax, argmin } from "./ops/argmax";
export { toFloat, toInt } from "./ops/cast";
export { clamp } from "./ops/clamp";
export { eq, ge, gt, le, lt, ne } from "./ops/compare";
export { concat, stack } from "./ops/concat";
export { clone, contiguous } from "./ops/contiguous";
export { cumsum } from "./ops/cumsum";
export { div } from "./ops/div";
export { dropout } from "./ops/dropout";
export { einsum } from "./ops/einsum";
export { elu } from "./ops/elu";
export { erf } from "./ops/erf";
export { exp } from "./ops/exp";
export { broadcastTo, expand } from "./ops/expand";
export { gather, scatterAdd } from "./ops/gather";
export { type GeluApproximation, gelu } from "./ops/gelu";
export { indexAdd, indexSelect } from "./ops/index-select";
export { type InterpolateMode, type InterpolateOptions, interpolate } from "./ops/interpolate";
export { linear } from "./ops/linear";
export { log } from "./ops/log";
export { logsumexp } from "./ops/logsumexp";
export { maskedFill } from "./ops/masked-fill";
export { matmul } from "./ops/matmul";
export { max, min } from "./ops/max";
export { maximum, minimum } from "./ops/maximum";
export { mean } from "./ops/mean";
export { mul } from "./ops/mul";
export { neg } from "./ops/neg";
export { oneHot } from "./ops/one-hot";
export { type AdamStepOptions, adamStep_, type SgdStepOptions, sgdStep_ } from "./ops/optim-update";
export { pad } from "./ops/pad";
export { permute, transpose } from "./ops/permute";
export { pow } from "./ops/pow";
export { leakyRelu, relu } from "./ops/relu";
export { flatten, reshape, squeeze, unsqueeze, view } from "./ops/reshape";
export { type ScatterReduceOptions, type ScatterReduction, scatter, scatterReduce } from "./ops/scatter";
export { logSigmoid, sigmoid } from "./ops/sigmoid";
export { silu } from "./ops/silu";
export { select, slice } from "./ops/slice";
export { logSoftmax, softmax } from "./ops/softmax";
export { type SoftmaxCrossEntropyOptions, softmaxCrossEntropy } from "./ops/softmax-cross-entropy";
export { softplus } from "./ops/softplus";
export { argsort, type SortResult, sort, topk } from "./ops/sort";
export { chunk, split } from "./ops/split";
export { sqrt } from "./ops/sqrt";
export { sub } from "./ops/sub";
export { sum, sumToShape } from "./ops/sum";
export { tanh } from "./ops/tanh";
// Storage placement and lifetime: explicit moves between backends, deterministic release.
export { toBackend } from "./ops/to-backend";
export { cos, sin } from "./ops/trig";
export { tril, triu } from "./ops/tril";
export { std, variance } from "./ops/var";
export { where } from "./ops/where";
export {
  GENERATOR_ALGORITHM,
  Generator,
  type GeneratorState,
  GeneratorStateError,
  type GeneratorStateErrorCode,
  getRngState,
  manualSeed,
  setRngState,
} from "./random";
export { broadcastShapes, formatShape, type Shape } from "./shape";
export { type BackwardOptions, type GradHook, Tensor, type TensorOptions } from "./tensor";
export { tidy } from "./tidy";
// ---- end of core exports ----

// safetensors I/O (records and Tensors), linear algebra through ml-matrix (not differentiable),
// conv/pool ops (differentiable; raw kernels in kernels/conv2d.ts and kernels/pool-*.ts)
export { SAFETENSORS_DTYPES, type SafetensorsDtype } from "./io/safetensors-dtype";
export { SafetensorsError, type SafetensorsErrorCode } from "./io/safetensors-error";
export {
  readSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_SIZE,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
  safetensorsHeaderSize,
} from "./io/safetensors-header";
export { type DecodedSafetensors, decodeSafetensors, type SafetensorsRecord } from "./io/safetensors-read";
export { loadSafetensors, type SaveSafetensorsOptions, saveSafetensors } from "./io/safetensors-tensor";
export { encodeSafetensors, type SafetensorsWriteRecord } from "./io/safetensors-write";
export type { IntPair } from "./kernels/conv-geometry";
export { type EighResult, type EigResult, eig, eigh } from "./linalg/eig";
export { fromMatrix, toMatrix } from "./linalg/matrix-interop";
export { matrixRank, pinv, type RankTolerance } from "./linalg/pinv";
export { type QrResult, qr } from "./linalg/qr";
export { type SvdResult, svd } from "./linalg/svd";
export { type ConvTranspose2dOptions, convTranspose2d } from "./ops/conv-transpose2d";
export { type Conv1dOptions, conv1d } from "./ops/conv1d";
export { type Conv2dOptions, conv2d } from "./ops/conv2d";
export { type AvgPool2dOptions, avgPool2d } from "./ops/pool-avg2d";
export { maxPool2d, maxPool2dWithIndices, type Pool2dOptions } from "./ops/pool-max2d";

// ---- WebAssembly SIMD backend ----

// Backend selection: the ops run on "js" until `await initBackend()` makes "wasm" the default.
export {
  getBackend,
  getThreads,
  type InitThreadsOptions,
  initBackend,
  initThreads,
  ready,
  type SetBackendOptions,
  setBackend,
} from "./backend/active";
export {
  type Backend,
  type BackendName,
  type BiasActivation,
  KERNEL_NAMES,
  type KernelName,
  type Kernels,
  type MatrixView,
} from "./backend/backend";
// The raw flat f32 kernels behind the 'wasm' backend are in the `@paramlens/tensor/wasm` entry (src/wasm.ts).
export { DEFAULT_WASM_THRESHOLDS, type WasmThresholds } from "./backend/wasm/backend-adapter";
