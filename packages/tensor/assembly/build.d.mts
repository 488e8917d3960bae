// Types for build.mjs, so TypeScript tests can import it.
export type KernelTarget = "release" | "shared";
export declare const variants: Record<KernelTarget, { path: string; name: string }>;
export declare function compileKernels(target?: KernelTarget): Promise<Uint8Array>;
export declare function renderGenerated(bytes: Uint8Array, target?: KernelTarget): string;
