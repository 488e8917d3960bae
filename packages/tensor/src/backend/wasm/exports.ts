// The raw exports of the kernel module (assembly/index.ts), typed. Every pointer is a byte offset into
// the backend's memory; sizes are element counts. Prefer the checked methods of WasmBackend; these are
// for callers that keep their tensors in WasmF32 buffers and validated the sizes themselves.

export interface WasmKernelExports {
  heapBase(): number;
  gemmWorkspaceBytes(): number;
  /** C[m,n] (+)= op(A)·op(B); transA: A stored [k,m]; transB: B stored [n,k]. */
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    accumulate: number,
    work: number,
  ): void;
  /** gemm on sub-matrices: lda/ldb/ldc are row strides (elements) of the stored A, B and C. */
  gemmStrided(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
    work: number,
  ): void;
  /** batch gemmStrided calls; entry i at a + i·strideA, b + i·strideB, c + i·strideC (elements). */
  gemmStridedBatched(
    batch: number,
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    strideA: number,
    b: number,
    ldb: number,
    strideB: number,
    c: number,
    ldc: number,
    strideC: number,
    accumulate: number,
    work: number,
  ): void;
  gemmBatched(
    batch: number,
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    strideA: number,
    b: number,
    strideB: number,
    c: number,
    accumulate: number,
    work: number,
  ): void;
  im2col(
    x: number,
    channels: number,
    height: number,
    width: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    ph: number,
    pw: number,
    dh: number,
    dw: number,
    col: number,
  ): void;
  col2im(
    col: number,
    channels: number,
    height: number,
    width: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    ph: number,
    pw: number,
    dh: number,
    dw: number,
    x: number,
  ): void;
  /** y [N, Cout, outH, outW] = conv2d(x [N, C, H, W], w [Cout, C, kh, kw]) (+ bias; 0 = none). */
  conv2dImages(
    x: number,
    w: number,
    bias: number,
    batch: number,
    channels: number,
    height: number,
    width: number,
    outChannels: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    ph: number,
    pw: number,
    dh: number,
    dw: number,
    col: number,
    y: number,
    work: number,
  ): void;
  /** dx [N, C, H, W] = col2im(Wᵀ · dy_i) per image; dcol scratch C·kh·kw·P floats (0 for direct 1×1). */
  conv2dBackwardInputImages(
    dy: number,
    w: number,
    batch: number,
    channels: number,
    height: number,
    width: number,
    outChannels: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    ph: number,
    pw: number,
    dh: number,
    dw: number,
    dcol: number,
    dx: number,
    work: number,
  ): void;
  /** Rows [rowStart, rowStart + rows) of dw [Cout, C·kh·kw] = Σ_i dy_i · im2col(x_i)ᵀ (overwritten). */
  conv2dBackwardWeightRows(
    x: number,
    dy: number,
    batch: number,
    channels: number,
    height: number,
    width: number,
    outChannels: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    ph: number,
    pw: number,
    dh: number,
    dw: number,
    rowStart: number,
    rows: number,
    col: number,
    dwOut: number,
    work: number,
  ): void;
  binarySame(op: number, a: number, b: number, out: number, n: number): void;
  binaryScalar(op: number, reversed: number, a: number, s: number, out: number, n: number): void;
  binaryRow(
    op: number,
    reversed: number,
    a: number,
    row: number,
    out: number,
    rows: number,
    cols: number,
  ): void;
  binaryCol(
    op: number,
    reversed: number,
    a: number,
    col: number,
    out: number,
    rows: number,
    cols: number,
  ): void;
  unary(op: number, x: number, out: number, n: number): void;
  unaryBackward(op: number, x: number, y: number, dy: number, dx: number, n: number): void;
  biasActivation(act: number, x: number, bias: number, out: number, rows: number, cols: number): void;
  sumLastAxis(x: number, out: number, rows: number, cols: number): void;
  maxLastAxis(x: number, out: number, rows: number, cols: number): void;
  maxPool2dForward(
    x: number,
    y: number,
    idx: number,
    planes: number,
    h: number,
    w: number,
    kH: number,
    kW: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    outH: number,
    outW: number,
  ): void;
  maxPool2dBackward(dy: number, idx: number, dx: number, planes: number, hw: number, outHW: number): void;
  sumFirstAxis(x: number, out: number, rows: number, cols: number): void;
  softmaxLastAxis(x: number, out: number, rows: number, cols: number): void;
  logSoftmaxLastAxis(x: number, out: number, rows: number, cols: number): void;
  softmaxBackward(y: number, dy: number, dx: number, rows: number, cols: number): void;
  logSoftmaxBackward(y: number, dy: number, dx: number, rows: number, cols: number): void;
  softmaxCrossEntropy(
    x: number,
    targets: number,
    losses: number,
    dx: number,
    rows: number,
    cols: number,
    scale: number,
    ignoreIndex: number,
  ): void;
  sgdUpdate(
    p: number,
    g: number,
    vel: number,
    n: number,
    lr: number,
    momentum: number,
    dampening: number,
    weightDecay: number,
    nesterov: number,
    firstStep: number,
  ): void;
  adamUpdate(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    decoupled: number,
    step: number,
  ): void;
}
