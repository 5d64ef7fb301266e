/** A tiny static file server on 127.0.0.1 for the browser test (GET/HEAD only, no listing). */
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".safetensors": "application/octet-stream",
};

/** A running server: its base URL (ending in `/`) and how to stop it. */
export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

async function respond(
  root: string,
  rawUrl: string,
): Promise<{ status: number; type: string; body: Buffer }> {
  const path = decodeURIComponent(new URL(rawUrl, "http://localhost").pathname);
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return { status: 403, type: "text/plain", body: Buffer.from("forbidden") };
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
    return {
      status: 200,
      type: TYPES[extname(file)] ?? "application/octet-stream",
      body: await readFile(file),
    };
  } catch {
    return { status: 404, type: "text/plain", body: Buffer.from("not found") };
  }
}

/** Serves the files under `root` on a free port of 127.0.0.1. */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    respond(base, req.url ?? "/").then(
      ({ status, type, body }) => {
        res.writeHead(status, { "content-type": type, "content-length": body.length });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
