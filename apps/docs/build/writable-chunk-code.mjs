// Compatibility shim, loaded by astro.config.mjs. Astro 5 was built for Vite 6 (Rollup) and assigns
// `chunk.code = …` to its SSR manifest chunk after bundling. The root pnpm override `vite: 8.3.8` gives
// Astro Vite 8 (Rolldown), whose output chunks (OutputChunkImpl) expose `code` as a getter only, so the
// build dies with "Cannot set property code of #<OutputChunkImpl> which has only a getter". Rolldown
// defines that getter per instance with Object.defineProperty; this shim adds a setter to exactly that
// property (key "code" on an OutputChunkImpl), storing the new code so later reads see it. Nothing else
// is touched and the output is unchanged. Remove it when Astro gets the Vite it was built for — see
// apps/docs/README.md ("Root changes").

const SHIMMED = Symbol.for("paramlens.writableChunkCode");

export function installWritableChunkCode() {
  if (Object.defineProperty[SHIMMED]) return;
  const define = Object.defineProperty;
  const patched = function defineProperty(target, key, descriptor) {
    if (
      key === "code" &&
      descriptor &&
      typeof descriptor.get === "function" &&
      descriptor.set === undefined &&
      target?.constructor?.name === "OutputChunkImpl"
    ) {
      const get = descriptor.get;
      let written;
      let hasWritten = false;
      return define(target, key, {
        ...descriptor,
        get() {
          return hasWritten ? written : get.call(this);
        },
        set(value) {
          written = value;
          hasWritten = true;
        },
      });
    }
    return define(target, key, descriptor);
  };
  patched[SHIMMED] = true;
  Object.defineProperty = patched;
}
