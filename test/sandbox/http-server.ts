/**
 * The one small HTTP layer all three simulated services share: a route table, plain response values,
 * and a listener that can be closed and reopened on the same port (for `Sandbox.pause`).
 * Built on `node:http` alone so the sandbox has no server framework whose defaults could leak into
 * the wire behaviour we are trying to reproduce.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const CLIENT_FIN_GRACE_MS = 25;

export interface SandboxRequest {
  method: string;
  /** Path and query exactly as received. */
  rawPath: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Filled from `:name` segments of the matched route, percent-decoded. */
  params: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Handler = (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
}

export function textResponse(status: number, body: string, contentType = "text/plain; charset=utf-8"): SandboxResponse {
  return { status, headers: { "Content-Type": contentType }, body };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers };
}

interface Route {
  method: string;
  path: string;
  pattern: RegExp;
  paramNames: string[];
  handler: Handler;
}

export type RouteMatch = { kind: "found"; handler: Handler; params: Record<string, string> } | { kind: "wrong-method" } | { kind: "none" };

/** Routes like `/v1/rooms/:roomId/invites/:code`; a `:name` segment matches one non-empty path segment. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const paramNames: string[] = [];
    const source = path
      .split("/")
      .map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        paramNames.push(segment.slice(1));
        return "([^/]+)";
      })
      .join("/");
    this.routes.push({ method, path, pattern: new RegExp(`^${source}$`), paramNames, handler });
    return this;
  }

  /** Every registered method and path, in registration order (for the served OpenAPI document). */
  list(): Array<{ method: string; path: string }> {
    return this.routes.map((route) => ({ method: route.method, path: route.path }));
  }

  match(method: string, pathname: string): RouteMatch {
    let pathExists = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      pathExists = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, i) => (params[name] = safeDecode(found[i + 1])));
      return { kind: "found", handler: route.handler, params };
    }
    return pathExists ? { kind: "wrong-method" } : { kind: "none" };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function writeResponse(res: http.ServerResponse, response: SandboxResponse): void {
  // A client that gave up (timeout) has destroyed the socket; writing then must not crash the sandbox.
  res.on("error", () => undefined);
  if (res.destroyed) return;
  const body = response.body ?? "";
  res.writeHead(response.status, { ...response.headers, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * One service's socket. `close` refuses new connections and cuts open keep-alive ones, so a paused
 * service looks exactly like a stopped process to clients; `listen` again reuses the same port.
 */
export class Listener {
  private server: http.Server | undefined;
  private boundPort = 0;

  /** `onConnection` is told of every TCP connection accepted (keep-alive at work shows as few). */
  constructor(private readonly onRequest: http.RequestListener, private readonly onConnection?: () => void) {}

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async listen(port: number): Promise<number> {
    const server = http.createServer(this.onRequest);
    server.keepAliveTimeout = 5_000;
    if (this.onConnection) server.on("connection", this.onConnection);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.boundPort;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    // Clients in this process (the tests) must see the FIN of their pooled keep-alive sockets before
    // their next request, or undici reuses a dead socket ("other side closed") instead of reconnecting.
    await sleep(CLIENT_FIN_GRACE_MS);
  }
}
