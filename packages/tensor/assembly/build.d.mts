// Types for build.mjs, so TypeScript tests can import it.
export declare const generatedPath: string;
export declare function compileKernels(): Promise<Uint8Array>;
export declare function renderGenerated(bytes: Uint8Array): string;
