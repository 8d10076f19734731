/**
 * What happens to every request before and after a simulated service sees it: admin requests are
 * diverted (and not logged), faults are applied, the service answers, the configured latency passes, and the
 * outcome is logged.
 */
import type * as http from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { faultResponse, FaultTable } from "./faults";
import { Handler, readBody, SandboxRequest, textResponse, writeResponse } from "./http-server";
import { redactPath, RequestLog } from "./request-log";
import type { Traffic } from "./traffic";
import type { ServiceName } from "./types";

export interface Latency {
  ms: number;
  jitterMs: number;
}

export interface PipelineOptions {
  service: ServiceName;
  app: Handler;
  faults: FaultTable;
  log: RequestLog;
  /** Requests whose path starts with this prefix go to `admin` and bypass faults, latency and the log. */
  adminPrefix?: string;
  admin?: Handler;
  /** Added to every answer after processing; each request waits on its own, so concurrent ones overlap. */
  latency?: Latency;
  /** Counts the requests being handled at once (not the admin API's). */
  traffic?: Traffic;
}

export function createRequestListener(options: PipelineOptions): http.RequestListener {
  const latency = options.latency && (options.latency.ms > 0 || options.latency.jitterMs > 0) ? options.latency : undefined;
  return (rawReq, rawRes) => {
    void handle(options, latency, rawReq, rawRes).catch((error: unknown) => {
      writeResponse(rawRes, textResponse(500, `sandbox failure: ${(error as Error).message}`));
    });
  };
}

async function handle(options: PipelineOptions, latency: Latency | undefined, rawReq: http.IncomingMessage, rawRes: http.ServerResponse): Promise<void> {
  const started = performance.now();
  const method = (rawReq.method ?? "GET").toUpperCase();
  const rawPath = rawReq.url ?? "/";
  // The body is read before any delay so a delayed request is still processed after the client gave up.
  const body = await readBody(rawReq);
  const req: SandboxRequest = { method, rawPath, url: new URL(rawPath, "http://127.0.0.1"), headers: rawReq.headers, body, params: {} };

  if (options.admin && options.adminPrefix && req.url.pathname.startsWith(options.adminPrefix)) {
    writeResponse(rawRes, await options.admin(req));
    return;
  }

  const logOutcome = (status: number): void =>
    options.log.record({
      service: options.service,
      method,
      path: redactPath(options.service, rawPath),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });

  // From here until the answer is written (latency included) the request counts as in flight.
  const finished = options.traffic?.requestStarted(options.service, method, rawPath);
  try {
    await answer(options, latency, rawReq, rawRes, req, logOutcome);
  } finally {
    finished?.();
  }
}

async function answer(
  options: PipelineOptions,
  latency: Latency | undefined,
  rawReq: http.IncomingMessage,
  rawRes: http.ServerResponse,
  req: SandboxRequest,
  logOutcome: (status: number) => void,
): Promise<void> {
  const { method, rawPath } = req;
  const fault = options.faults.take(options.service, method, rawPath);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.drop) {
    rawReq.socket.destroy();
    logOutcome(0);
    return;
  }
  const response = fault?.status !== undefined ? faultResponse({ ...fault, status: fault.status }) : await options.app(req);
  if (fault?.dropAfterProcessing) {
    rawReq.socket.destroy();
    logOutcome(0);
    return;
  }
  if (latency) await sleep(Math.max(0, latency.ms + (Math.random() * 2 - 1) * latency.jitterMs));
  writeResponse(rawRes, response);
  logOutcome(response.status);
}
