/**
 * The controller's cache of authentication results, keyed by the access token. A result lives for
 * min(the token's remaining life, 300 s) (core/caches.rs 19–29 @ v0.29.0; user_auth/mod.rs @ v0.30.1 254–262,
 * API-NOTES §3). Errors are cached too unless they are 5xx (user_auth/mod.rs @ v0.29.0 265–290, @ v0.30.1 292):
 * that is why a 0.29 call made before `POST /v1/auth/login` keeps its `unknown_sub` answer afterwards.
 */
import type { ControllerFailure } from "./api-error";
import type { SandboxControllerUser } from "./store";

const MAX_TTL_MS = 300_000;
/** 0.29 caches only tokens with more than 10 s left (user_auth/mod.rs @ v0.29.0 265–290). */
export const MIN_REMAINING_FOR_CACHE_MS = 10_000;

export type AuthOutcome = { user: SandboxControllerUser } | { failure: ControllerFailure };

interface Entry {
  outcome: AuthOutcome;
  expiresAtMs: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private insertsSinceSweep = 0;

  get(token: string): AuthOutcome | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= Date.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.outcome;
  }

  /** Keeps `outcome` until the token expires (`expSeconds`), at most 300 s; 5xx failures are never kept. */
  put(token: string, expSeconds: number, outcome: AuthOutcome, minRemainingMs = 0): void {
    if ("failure" in outcome && outcome.failure.status >= 500) return;
    const remaining = expSeconds * 1000 - Date.now();
    if (remaining <= minRemainingMs) return;
    this.entries.set(token, { outcome, expiresAtMs: Date.now() + Math.min(remaining, MAX_TTL_MS) });
    if (++this.insertsSinceSweep >= 1000) this.sweep();
  }

  /** Test control: as if every entry had run out (used by `expireAccessTokens`, `endSessions`, `reset`). */
  clear(): void {
    this.entries.clear();
  }

  private sweep(): void {
    this.insertsSinceSweep = 0;
    const now = Date.now();
    for (const [token, entry] of this.entries) if (entry.expiresAtMs <= now) this.entries.delete(token);
  }
}
