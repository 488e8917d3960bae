// Fetches the demos' committed model assets (public/models/) in the browser: a JSON sidecar and its
// safetensors weights. A failed request names the URL and the HTTP status; nothing is cached beyond the
// browser's own cache.
import { DemoError } from "./errors";

async function get(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new DemoError("FETCH_FAILED", `GET ${url}: HTTP ${res.status}`);
  return res;
}

export async function fetchJson<T>(url: string): Promise<T> {
  return (await (await get(url)).json()) as T;
}

export async function fetchBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await get(url)).arrayBuffer());
}

/** `public/models/<name>` under the site's base path. */
export function modelUrl(name: string): string {
  const base = import.meta.env.BASE_URL ?? "/";
  return `${base.endsWith("/") ? base : `${base}/`}models/${name}`;
}
