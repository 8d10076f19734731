import assert from "node:assert/strict";
import {
  DEFAULT_RETRY_POLICY,
  isIdempotent,
  parseRetryAfter,
  retryDelayMs,
  shouldRetry,
  type AttemptOutcome,
  type RetryPolicy,
} from "../../provider/client/retry-policy";

const status = (code: number): AttemptOutcome => ({ kind: "status", status: code });
const network = (code: string): AttemptOutcome => ({ kind: "network", code });
const describeOutcome = (o: AttemptOutcome) => (o.kind === "status" ? `HTTP ${o.status}` : o.code);

/** Failures that provably happen before the request leaves this process. */
const NEVER_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
/** Failures after which the server may have acted on the request. */
const MAYBE_SENT = ["ETIMEDOUT", "ECONNRESET", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "EPIPE"];
const RETRYABLE_STATUSES = [429, 502, 503, 504];
const FINAL_STATUSES = [400, 401, 403, 404, 409, 500];

describe("isIdempotent", () => {
  const rows: Array<[string, boolean | undefined, boolean]> = [
    ["GET", undefined, true],
    ["get", undefined, true],
    ["PUT", undefined, true],
    ["PATCH", undefined, true],
    ["DELETE", undefined, true],
    ["HEAD", undefined, true],
    ["POST", undefined, false],
    ["post", false, false],
    ["POST", true, true],
  ];
  for (const [method, marked, expected] of rows) {
    it(`calls ${method}${marked === undefined ? "" : ` marked ${marked}`} ${expected ? "idempotent" : "not idempotent"}`, () => {
      assert.equal(isIdempotent(method, marked), expected);
    });
  }
});

describe("shouldRetry", () => {
  interface Row {
    method: string;
    idempotent?: boolean;
    outcome: AttemptOutcome;
    retry: boolean;
  }
  const rows: Row[] = [];
  for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
    for (const code of RETRYABLE_STATUSES) rows.push({ method, outcome: status(code), retry: true });
    for (const code of FINAL_STATUSES) rows.push({ method, outcome: status(code), retry: false });
    for (const code of [...NEVER_SENT, ...MAYBE_SENT]) rows.push({ method, outcome: network(code), retry: true });
  }
  for (const code of NEVER_SENT) rows.push({ method: "POST", outcome: network(code), retry: true });
  for (const code of MAYBE_SENT) rows.push({ method: "POST", outcome: network(code), retry: false });
  for (const code of [...RETRYABLE_STATUSES, ...FINAL_STATUSES]) rows.push({ method: "POST", outcome: status(code), retry: false });
  // A POST marked idempotent (token grant, invite verification) is treated like a GET.
  for (const code of RETRYABLE_STATUSES) rows.push({ method: "POST", idempotent: true, outcome: status(code), retry: true });
  for (const code of MAYBE_SENT) rows.push({ method: "POST", idempotent: true, outcome: network(code), retry: true });
  rows.push({ method: "POST", idempotent: true, outcome: status(400), retry: false });
  rows.push({ method: "POST", idempotent: true, outcome: status(401), retry: false });

  for (const row of rows) {
    const who = `${row.method}${row.idempotent ? " (marked idempotent)" : ""}`;
    it(`${row.retry ? "retries" : "does not retry"} ${who} after ${describeOutcome(row.outcome)}`, () => {
      assert.equal(shouldRetry(row.outcome, { method: row.method, idempotent: row.idempotent }, 1), row.retry);
    });
  }

  it("stops after the policy's maximum number of attempts", () => {
    const request = { method: "GET" };
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++) {
      assert.equal(shouldRetry(status(503), request, attempt), true, `attempt ${attempt}`);
    }
    assert.equal(shouldRetry(status(503), request, DEFAULT_RETRY_POLICY.maxAttempts), false);
    assert.equal(shouldRetry(network("ECONNREFUSED"), { method: "POST" }, DEFAULT_RETRY_POLICY.maxAttempts), false);
  });

  it("respects a custom maximum, including a single attempt", () => {
    const twice: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 };
    assert.equal(shouldRetry(status(503), { method: "GET" }, 1, twice), true);
    assert.equal(shouldRetry(status(503), { method: "GET" }, 2, twice), false);
    const once: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
    assert.equal(shouldRetry(network("ECONNREFUSED"), { method: "GET" }, 1, once), false);
  });
});

describe("retryDelayMs", () => {
  const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 1_000, maxRetryAfterMs: 10_000 };
  const lowest = () => 0;
  const highest = () => 1;

  it("waits between half and all of the nominal delay (equal jitter)", () => {
    assert.equal(retryDelayMs(1, undefined, policy, lowest), 100);
    assert.equal(retryDelayMs(1, undefined, policy, highest), 200);
    assert.equal(retryDelayMs(1, undefined, policy, () => 0.5), 150);
  });

  it("doubles the nominal delay with each attempt, up to maxDelayMs", () => {
    const rows: Array<[number, number, number]> = [
      [1, 100, 200],
      [2, 200, 400],
      [3, 400, 800],
      [4, 500, 1_000],
      [9, 500, 1_000],
    ];
    for (const [attempt, min, max] of rows) {
      assert.equal(retryDelayMs(attempt, undefined, policy, lowest), min, `attempt ${attempt}, random 0`);
      assert.equal(retryDelayMs(attempt, undefined, policy, highest), max, `attempt ${attempt}, random 1`);
    }
  });

  it("stays within the equal-jitter bounds for any random value", () => {
    for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]) {
      const wait = retryDelayMs(3, undefined, policy, () => r);
      assert.ok(wait >= 400 && wait <= 800, `random ${r} gave ${wait}`);
    }
  });

  it("waits as long as Retry-After asks, in seconds, ignoring the backoff", () => {
    assert.equal(retryDelayMs(1, "3", policy, highest), 3_000);
    assert.equal(retryDelayMs(5, "0", policy, highest), 0);
  });

  it("waits until a Retry-After HTTP date, measured from the injected now", () => {
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    assert.equal(retryDelayMs(1, "Wed, 21 Oct 2026 07:28:05 GMT", policy, highest, now), 5_000);
  });

  it("caps Retry-After at maxRetryAfterMs", () => {
    assert.equal(retryDelayMs(1, "3600", policy, highest), 10_000);
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    assert.equal(retryDelayMs(1, "Thu, 22 Oct 2026 07:28:00 GMT", policy, highest, now), 10_000);
    assert.equal(retryDelayMs(1, "120", DEFAULT_RETRY_POLICY, highest), DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  });

  it("falls back to the backoff when Retry-After cannot be read", () => {
    assert.equal(retryDelayMs(2, "soon", policy, lowest), 200);
    assert.equal(retryDelayMs(2, "", policy, lowest), 200);
  });

  it("spends more than three seconds in minimum waits over all retries of the default policy", () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++) {
      total += retryDelayMs(attempt, undefined, DEFAULT_RETRY_POLICY, lowest);
    }
    assert.ok(total > 3_000, `the minimum total wait is ${total} ms`);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
  const rows: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ["", undefined],
    ["0", 0],
    ["7", 7_000],
    [" 12 ", 12_000],
    ["Wed, 21 Oct 2026 07:28:30 GMT", 30_000],
    ["Wed, 21 Oct 2026 07:27:00 GMT", 0],
    ["not a date", undefined],
  ];
  for (const [value, expected] of rows) {
    it(`reads ${JSON.stringify(value)} as ${expected === undefined ? "nothing" : `${expected} ms`}`, () => {
      assert.equal(parseRetryAfter(value, now), expected);
    });
  }
});
