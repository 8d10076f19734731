import { setImmediate as nextTurn } from "node:timers/promises";
import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import { ConnectionError, OpenTalkError, ResponseShapeError, type OpenTalkService } from "./errors";
import type { Logger } from "./logger";
import { redactPath } from "./redaction";
import { DEFAULT_RETRY_POLICY, isIdempotent, neverReachedServer, retryDelayMs, shouldRetry, type RetryPolicy } from "./retry-policy";

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Safe to repeat even though it is a POST (a token grant, an invite check). */
  idempotent?: boolean;
  /** Which server this is, and which settings decide its address: both go into a connection error. */
  service: OpenTalkService;
  settingHint: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

export interface HttpTransportOptions {
  timeoutMs: number;
  logger: Logger;
  retryPolicy?: RetryPolicy;
  /** Default MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

/**
 * The largest answer read. A page of 100 rooms or events is well under 1 MB; anything far bigger is not a controller
 * answer worth holding in memory (a hostile or broken upstream sending hundreds of MB would take the provider host's
 * memory with it), so reading stops there and the request fails.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * The only place that does HTTP. One keep-alive connection pool per process, a timeout on every request, and the
 * retry policy of retry-policy.ts. A failure status is returned, not thrown (after retries): only the caller knows
 * what a 403 means. A network failure that survives the retries becomes a ConnectionError naming the address.
 *
 * The pool has no size limit of its own. In the dynamic-provider host every request belongs to an engine step and
 * each step sends its requests one after another, so the engine's `--parallel` (default four per CPU) already
 * bounds how many are open at once; a smaller pool made the rest queue (a limit of 32 held a 64-step engine to 32
 * requests at a time, measured with `npm run bench`). The CLI bounds its own concurrency (guest-links.ts).
 */
export class HttpTransport {
  private readonly agent: Agent;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: HttpTransportOptions) {
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connect: { timeout: Math.min(options.timeoutMs, 10_000) },
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.attempt(req);
      } catch (error) {
        // Our own verdicts on an answer (too large) are final: the server answered, there is nothing to retry.
        if (error instanceof OpenTalkError) throw error;
        const code = networkCode(error);
        if (!shouldRetry({ kind: "network", code }, req, attempt, this.policy)) {
          throw this.connectionError(req, error, code, attempt);
        }
        const wait = retryDelayMs(attempt, undefined, this.policy);
        this.options.logger.debug(
          `${req.method} ${redactPath(req.url)} failed (${code}); attempt ${attempt + 1} in ${wait} ms`,
        );
        await sleep(wait);
        continue;
      }
      if (!shouldRetry({ kind: "status", status: response.status }, req, attempt, this.policy)) return response;
      const wait = retryDelayMs(attempt, response.headers["retry-after"], this.policy);
      this.options.logger.debug(
        `${req.method} ${redactPath(req.url)} answered ${response.status}; attempt ${attempt + 1} in ${wait} ms`,
      );
      await sleep(wait);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async attempt(req: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = this.options.timeoutMs;
    // A deadline cleared as soon as the answer is read: AbortSignal.timeout() would keep each request's timer and
    // signal alive for the whole timeout (30 s by default), so a provider serving thousands of resources would hold
    // thousands of them (measured with npm run bench).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    timer.unref();
    try {
      const response = await undiciRequest(req.url, {
        dispatcher: this.agent,
        method: req.method as "GET",
        headers: req.headers,
        body: req.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: deadline.signal,
      });
      const text = await readCapped(response, req, this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
      }
      // undici hands a kept-alive socket to the next request only one event-loop turn after the answer
      // (lib/dispatcher/client-h1.js, "wait a full event loop cycle to reuse this socket"). A caller that sends its
      // next request at once (a meeting's SIP read after its event) would find the socket busy and open another
      // connection; waiting that turn here keeps to about one connection per concurrent step (measured with
      // `npm run bench`: 25–29 connections for 16 steps before, 16 after).
      await nextTurn();
      return { status: response.statusCode, headers, text };
    } finally {
      clearTimeout(timer);
    }
  }

  private connectionError(req: HttpRequest, error: unknown, code: string, attempts: number): ConnectionError {
    const what = isTimeout(code)
      ? `no answer within ${this.options.timeoutMs} ms (raise opentalk:requestTimeoutMs if the server is slow)`
      : `${describeCode(code)} (${code})`;
    // Said of every request that was not repeated because it may have been carried out: a timed-out create as much as
    // a dropped one. Not of an idempotent POST (a token grant), which was repeated.
    const ambiguous = !neverReachedServer(code) && !isIdempotent(req.method, req.idempotent);
    const reason = `${what}${ambiguous ? "; not retried, since the request may have been processed" : ""}`;
    return new ConnectionError(
      // A timeout reached the right server: the address settings are not the thing to check then.
      { service: req.service, method: req.method, url: redactPath(req.url), reason, settingHint: isTimeout(code) ? "" : req.settingHint, attempts, code, mayHaveBeenProcessed: ambiguous, timedOut: isTimeout(code) },
      error,
    );
  }
}

/** The body as text, refusing (without reading on) an answer larger than `limit` bytes. */
async function readCapped(response: Dispatcher.ResponseData, req: HttpRequest, limit: number): Promise<string> {
  const tooLarge = () => {
    response.body.destroy();
    const mib = (limit / 1024 / 1024).toFixed(0);
    return new ResponseShapeError(
      `${req.method} ${redactPath(new URL(req.url).pathname)}`,
      "(body)",
      `the answer is larger than ${mib} MiB, far more than any OpenTalk answer, and was not read further`,
    );
  };
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function networkCode(error: unknown): string {
  const e = error as { code?: string; name?: string; cause?: { code?: string } } | undefined;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "ETIMEDOUT";
  return e?.code ?? e?.cause?.code ?? e?.name ?? "UNKNOWN";
}

function isTimeout(code: string): boolean {
  return code === "ETIMEDOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
}

function describeCode(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "the connection was dropped";
    case "UND_ERR_CONNECT_TIMEOUT":
      return "could not open a connection in time";
    default:
      return "network failure";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
