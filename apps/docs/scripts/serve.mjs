// A tiny static file server for the built site (dist/), used by `npm start` and the browser tests. It
// serves files only from dist/, maps "/path/" to "/path/index.html", answers unknown paths with the site's
// 404 page, and listens on 127.0.0.1 only. It does not build anything.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".wasm": "application/wasm",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pagefind": "application/octet-stream",
};

/** Resolves a URL path to a file inside `root`, or null (never escapes `root`). */
export function resolveFile(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return null;
  }
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (existsSync(file) && statSync(file).isFile()) return file;
  const index = join(file, "index.html");
  if (existsSync(index)) return index;
  return null;
}

/** Starts the server; resolves to { url, close }. Port 0 picks a free port. */
export function serveStatic(root, port = 0) {
  const server = createServer((req, res) => {
    const file = resolveFile(root, req.url ?? "/");
    if (
      file &&
      req.url &&
      !req.url.split("?")[0].endsWith("/") &&
      file.endsWith(`${sep}index.html`) &&
      !req.url.split("?")[0].endsWith("index.html")
    ) {
      // "/tools/calculator" → "/tools/calculator/" so relative links resolve as Astro expects.
      const [p, q] = req.url.split("?");
      res.writeHead(301, { location: `${p}/${q ? `?${q}` : ""}` }).end();
      return;
    }
    const target = file ?? join(root, "404.html");
    const status = file ? 200 : 404;
    res.writeHead(status, { "content-type": TYPES[extname(target)] ?? "application/octet-stream" });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
