// KV cache for incremental decoding (Hugging Face's past_key_values / DynamicCache): per layer, the keys
// and values of every position already run, [B, Hkv, t, headDim] (keys after rotary, so a cached key never
// needs re-rotating). GPT.forward(ids, { cache }) appends the new positions and attends over all of them.
// It holds tensors only; positions, overflow and model checks live in GPT.forward. It does not roll or
// truncate: a full cache is an error there, and generate() re-runs the window instead (see gpt.ts).
import { concat, reshape, type Tensor } from "@paramlens/tensor";
import { ModelError } from "./errors";

/** The shape a cache was filled with; a cache only fits models of the same shape. */
export interface KVCacheShape {
  nLayers: number;
  nKvHeads: number;
  headDim: number;
  contextLength: number;
}

/** One layer's cached keys and values, [B, Hkv, t, headDim] each (null while empty). */
export class KVCacheLayer {
  private k: Tensor | null = null;
  private v: Tensor | null = null;

  /** Cached positions in this layer. */
  get length(): number {
    return this.k ? this.k.shape[2]! : 0;
  }
  get keys(): Tensor | null {
    return this.k;
  }
  get values(): Tensor | null {
    return this.v;
  }

  /**
   * Appends new keys/values k, v [B, Hkv, t, hd] after the cached ones and returns everything,
   * [B, Hkv, length + t, hd] each.
   */
  append(k: Tensor, v: Tensor): { keys: Tensor; values: Tensor } {
    const [b, h, t, d] = k.shape as [number, number, number, number];
    if (this.k && this.v) {
      const [cb, ch, , cd] = this.k.shape as [number, number, number, number];
      if (cb !== b || ch !== h || cd !== d || v.shape.join() !== k.shape.join()) {
        throw new ModelError(
          "INPUT",
          `KVCacheLayer.append: new keys [${k.shape.join(",")}] / values [${v.shape.join(",")}] do not fit the cached [${this.k.shape.join(",")}]`,
        );
      }
      this.k = concat([this.k, k], 2); // (B, Hkv, length + t, hd)
      this.v = concat([this.v, v], 2);
    } else {
      // reshape keeps the [B, Hkv, t, hd] view (copying only if the input is not contiguous)
      this.k = reshape(k, [b, h, t, d]);
      this.v = reshape(v, [b, h, t, d]);
    }
    return { keys: this.k, values: this.v! };
  }

  /** @internal restores a state taken by {@link snapshot} (GPT.forward rolls back a failed step). */
  restore(s: { k: Tensor | null; v: Tensor | null }): void {
    this.k = s.k;
    this.v = s.v;
  }
  /** @internal */
  snapshot(): { k: Tensor | null; v: Tensor | null } {
    return { k: this.k, v: this.v };
  }
}

/**
 * Keys and values of the positions a GPT has already run, one {@link KVCacheLayer} per block. Create it
 * empty (`new KVCache()`); the first `gpt.forward(ids, { cache })` fixes its batch size and shape.
 */
export class KVCache {
  private _layers: KVCacheLayer[] = [];
  private _shape: KVCacheShape | null = null;
  private _batchSize: number | null = null;
  /** @internal the model that filled it (a cache is only valid for the weights that made it). */
  owner: object | null = null;

  /** Cached positions (0 when empty); the next token's position. */
  get length(): number {
    return this._layers[0]?.length ?? 0;
  }
  /** Batch size the cache was filled with, or null while empty. */
  get batchSize(): number | null {
    return this._batchSize;
  }
  /** Shape of the model that filled it, or null while empty. */
  get shape(): Readonly<KVCacheShape> | null {
    return this._shape;
  }
  /** Per-layer caches (empty array while the cache is empty). */
  get layers(): readonly KVCacheLayer[] {
    return this._layers;
  }

  /** Empties the cache so it can start a new sequence (or serve another model). */
  reset(): void {
    this._layers = [];
    this._shape = null;
    this._batchSize = null;
    this.owner = null;
  }

  /** @internal binds an empty cache to a model shape, batch size and owner. */
  begin(shape: KVCacheShape, batchSize: number, owner: object): void {
    this._shape = { ...shape };
    this._batchSize = batchSize;
    this.owner = owner;
    this._layers = Array.from({ length: shape.nLayers }, () => new KVCacheLayer());
  }
}
