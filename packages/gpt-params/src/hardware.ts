// A catalogue of devices for "will it fit, how fast": memory, memory bandwidth and peak dense FLOP/s per
// dtype (dense = without 2:4 sparsity, which datasheets often quote doubled), each with its source. Figures
// a datasheet does not print are derived, and `derived` says how. Users add their own with defineDevice().
import { positive } from "./check-args";
import { ArgumentError } from "./errors";

/** Peak dense FLOP/s by compute dtype (tensor cores where the device has them). */
export interface PeakFlops {
  fp32?: number;
  /** FP16/BF16 inputs with FP32 accumulation. */
  bf16: number;
  fp8?: number;
  int8?: number;
}

/**
 * One device. Memory sizes are binary, as the hardware is (an "80 GB" A100 shows 81,920 MiB in nvidia-smi:
 * 80 GiB); bandwidths and FLOP/s are decimal, as vendors print them.
 */
export interface Device {
  id: string;
  name: string;
  kind: "datacenter-gpu" | "consumer-gpu" | "apple" | "cpu" | "tpu" | "custom";
  /** Memory in bytes (unified memory: the whole pool; the OS needs part of it). */
  memoryBytes: number;
  /** Memory bandwidth, bytes/s. */
  bandwidth: number;
  peakFlops: PeakFlops;
  /** Device-to-device bandwidth per direction, bytes/s, for tensor-parallel all-reduces (NVLink etc.). */
  linkBandwidth?: number;
  source: string;
  /** How a figure was derived when the source does not print it. */
  derived?: string;
}

const T = 1e12;
const G = 1e9;
const GiB = 2 ** 30;

const DEVICES: readonly Device[] = [
  {
    id: "h100-sxm",
    name: "NVIDIA H100 SXM5 80GB",
    kind: "datacenter-gpu",
    memoryBytes: 80 * GiB,
    bandwidth: 3350 * G,
    peakFlops: { fp32: 66.9 * T, bf16: 989.4 * T, fp8: 1978.9 * T, int8: 1978.9 * T },
    linkBandwidth: 450 * G,
    source:
      "NVIDIA H100 Tensor Core GPU datasheet (SXM: 3.35 TB/s; BF16 1,979 TFLOPS with sparsity; NVLink 900 GB/s)",
    derived: "dense = sparse / 2; NVLink per direction = 900 / 2",
  },
  {
    id: "h100-pcie",
    name: "NVIDIA H100 PCIe 80GB",
    kind: "datacenter-gpu",
    memoryBytes: 80 * GiB,
    bandwidth: 2.0 * T,
    peakFlops: { fp32: 51.2 * T, bf16: 756.5 * T, fp8: 1513 * T, int8: 1513 * T },
    linkBandwidth: 300 * G,
    source:
      "NVIDIA H100 Tensor Core GPU datasheet (PCIe: 2 TB/s; BF16 1,513 TFLOPS with sparsity; NVLink bridge 600 GB/s)",
    derived: "dense = sparse / 2; link per direction = 600 / 2",
  },
  {
    id: "h200",
    name: "NVIDIA H200 SXM 141GB",
    kind: "datacenter-gpu",
    memoryBytes: 141 * GiB,
    bandwidth: 4800 * G,
    peakFlops: { fp32: 67 * T, bf16: 989.5 * T, fp8: 1979 * T, int8: 1979 * T },
    linkBandwidth: 450 * G,
    source:
      "NVIDIA H200 Tensor Core GPU datasheet (141 GB HBM3e, 4.8 TB/s, BF16 1,979 TFLOPS with sparsity, NVLink 900 GB/s)",
    derived: "dense = sparse / 2",
  },
  {
    id: "a100-80gb",
    name: "NVIDIA A100 SXM4 80GB",
    kind: "datacenter-gpu",
    memoryBytes: 80 * GiB,
    bandwidth: 2039 * G,
    peakFlops: { fp32: 19.5 * T, bf16: 312 * T, int8: 624 * T },
    linkBandwidth: 300 * G,
    source:
      "NVIDIA A100 Tensor Core GPU datasheet (80GB SXM: 2,039 GB/s; BF16 312 TFLOPS dense; NVLink 600 GB/s)",
  },
  {
    id: "a100-40gb",
    name: "NVIDIA A100 SXM4 40GB",
    kind: "datacenter-gpu",
    memoryBytes: 40 * GiB,
    bandwidth: 1555 * G,
    peakFlops: { fp32: 19.5 * T, bf16: 312 * T, int8: 624 * T },
    linkBandwidth: 300 * G,
    source: "NVIDIA A100 Tensor Core GPU datasheet (40GB SXM: 1,555 GB/s; BF16 312 TFLOPS dense)",
  },
  {
    id: "l40s",
    name: "NVIDIA L40S 48GB",
    kind: "datacenter-gpu",
    memoryBytes: 48 * GiB,
    bandwidth: 864 * G,
    peakFlops: { fp32: 91.6 * T, bf16: 362.05 * T, fp8: 733 * T },
    source:
      "NVIDIA L40S datasheet (48 GB GDDR6, 864 GB/s; BF16 733 TFLOPS and FP8 1,466 TFLOPS with sparsity)",
    derived: "dense = sparse / 2",
  },
  {
    id: "l4",
    name: "NVIDIA L4 24GB",
    kind: "datacenter-gpu",
    memoryBytes: 24 * GiB,
    bandwidth: 300 * G,
    peakFlops: { fp32: 30.3 * T, bf16: 121 * T, fp8: 242.5 * T },
    source:
      "NVIDIA L4 Tensor Core GPU datasheet (24 GB, 300 GB/s; BF16 242 TFLOPS, FP8 485 TFLOPS with sparsity)",
    derived: "dense = sparse / 2",
  },
  {
    id: "mi300x",
    name: "AMD Instinct MI300X",
    kind: "datacenter-gpu",
    memoryBytes: 192 * GiB,
    bandwidth: 5300 * G,
    peakFlops: { fp32: 163.4 * T, bf16: 1307.4 * T, fp8: 2614.9 * T, int8: 2614.9 * T },
    source:
      "AMD Instinct MI300X data sheet (192 GB HBM3, 5.3 TB/s; dense BF16 1,307.4 TFLOPS, FP8 2,614.9 TFLOPS)",
  },
  {
    id: "tpu-v5e",
    name: "Google Cloud TPU v5e",
    kind: "tpu",
    memoryBytes: 16 * GiB,
    bandwidth: 819 * G,
    peakFlops: { bf16: 197 * T, int8: 394 * T },
    linkBandwidth: 200 * G,
    source:
      "Google Cloud TPU v5e documentation (16 GB HBM2, 819 GB/s, 197 TFLOPS BF16, 394 TOPS INT8; ICI 1,600 Gbps)",
    derived: "ICI 1,600 Gbps = 200 GB/s",
  },
  {
    id: "rtx-4090",
    name: "NVIDIA GeForce RTX 4090",
    kind: "consumer-gpu",
    memoryBytes: 24 * GiB,
    bandwidth: 1008 * G,
    peakFlops: { fp32: 82.6 * T, bf16: 165.2 * T },
    source:
      "NVIDIA Ada GPU architecture whitepaper, Appendix A (RTX 4090: 1,008 GB/s; FP16/BF16 tensor with FP32 accumulate 165.2 TFLOPS dense)",
  },
  {
    id: "rtx-3090",
    name: "NVIDIA GeForce RTX 3090",
    kind: "consumer-gpu",
    memoryBytes: 24 * GiB,
    bandwidth: 936 * G,
    peakFlops: { fp32: 35.6 * T, bf16: 71 * T },
    source:
      "NVIDIA Ampere GA102 GPU architecture whitepaper (RTX 3090: 936 GB/s; FP16 tensor with FP32 accumulate 71 TFLOPS dense)",
  },
  {
    id: "m2-ultra",
    name: "Apple M2 Ultra (76-core GPU, 192 GB)",
    kind: "apple",
    memoryBytes: 192 * GiB,
    bandwidth: 800 * G,
    peakFlops: { fp32: 27.2 * T, bf16: 27.2 * T },
    source:
      "Apple newsroom, 'Apple introduces M2 Ultra' (2023-06-05): up to 192 GB unified memory, 800 GB/s, 76-core GPU",
    derived:
      "76 GPU cores × 128 FP32 lanes × 2 × 1.398 GHz = 27.2 TFLOPS; FP16 runs at the FP32 rate; macOS keeps part of unified memory",
  },
  {
    id: "ddr5-dual-channel",
    name: "Desktop CPU, DDR5-5600 dual channel (64 GB), 16 cores AVX-512",
    kind: "cpu",
    memoryBytes: 64 * GiB,
    bandwidth: 89.6 * G,
    peakFlops: { fp32: 2.3 * T, bf16: 2.3 * T },
    source:
      "JEDEC DDR5 (5600 MT/s × 8 bytes × 2 channels = 89.6 GB/s); AMD Ryzen 9 7950X specifications (16 cores, 4.5 GHz base)",
    derived: "FP32 peak = 16 cores × 32 FLOP/cycle (two 256-bit FMA pipes) × 4.5 GHz",
  },
];

/** Every built-in device, by id. */
export const devices: Readonly<Record<string, Device>> = Object.freeze(
  Object.fromEntries(DEVICES.map((d) => [d.id, Object.freeze(d)])),
);

/** Ids of the built-in devices. */
export const deviceIds: readonly string[] = Object.freeze(DEVICES.map((d) => d.id));

/** Finds a built-in device by id, or throws an ArgumentError listing the ids. */
export function getDevice(id: string): Device {
  const d = typeof id === "string" && Object.hasOwn(devices, id) ? devices[id] : undefined;
  if (d === undefined) {
    throw new ArgumentError(
      "getDevice",
      "id",
      `"${String(id).slice(0, 40)}" is not a known device (${deviceIds.join(", ")}); define your own with defineDevice()`,
    );
  }
  return d;
}

/** A user-defined device, validated: memory in GiB, bandwidth in GB/s and peak in TFLOPS for readability. */
export function defineDevice(spec: {
  name: string;
  memoryGiB: number;
  bandwidthGBs: number;
  bf16TFLOPS: number;
  linkGBs?: number;
}): Device {
  const fn = "defineDevice";
  const name =
    typeof spec.name === "string" && spec.name.length > 0 ? spec.name.slice(0, 80) : "custom device";
  const memory = positive(fn, "memoryGiB", spec.memoryGiB);
  const bw = positive(fn, "bandwidthGBs", spec.bandwidthGBs);
  const tf = positive(fn, "bf16TFLOPS", spec.bf16TFLOPS);
  const link = spec.linkGBs === undefined ? undefined : positive(fn, "linkGBs", spec.linkGBs);
  return {
    id: "custom",
    name,
    kind: "custom",
    memoryBytes: memory * GiB,
    bandwidth: bw * G,
    peakFlops: { bf16: tf * T },
    ...(link === undefined ? {} : { linkBandwidth: link * G }),
    source: "user-defined",
  };
}
