// Fault matrix: the credentials run out in the middle of a run. The host holds one token for all 50 resources;
// when the controller refuses it (401), the client renews it once for all concurrent requests (single flight) and
// replays each refused request once. Replaying is safe even for a create: a 401 comes before the controller does
// anything.
//
// "The access token expires mid-run": the controller starts rejecting the token the client still believes valid
// (expired early, revoked, or clocks apart) — the hard case, since a token that simply runs out is renewed before
// its expiry. "The refresh token has expired": Keycloak refuses the refresh (a refresh token lives as long as the
// SSO session's idle time; here the session is ended, which Keycloak reports as "Session not active" just as it
// reports an idle timeout), so the client falls back to a password login.
import * as assert from "assert";
import type { Sandbox } from "../sandbox";
import { itDestroysAll, itRefreshesAll, itUpdatesAll, type Operation } from "./fault-matrix";
import { assertAll, assertConverges, CLEAN, FaultStack, RESOURCE_COUNT, ROOM_COUNT, useFaultStack } from "./fault-stack";

/** Controller requests answered 401 (then replayed with a new token). */
function refused(stack: FaultStack): number {
  return stack.sandbox.requests({ service: "controller" }).filter((request) => request.status === 401).length;
}

function controllerLogins(stack: FaultStack): number {
  return stack.received("POST", /^\/v1\/auth\/login$/);
}

interface TokenFault {
  strike(sandbox: Sandbox): void;
  /** Token grants per strike: answered 200 and answered 400 (a refused refresh), and controller logins. */
  perStrike: { granted: number; refused: number; logins: number };
}

function tokenFaultMatrix(title: string, fault: TokenFault): void {
  describe(title, () => {
    const stack = useFaultStack();
    const strike = () => fault.strike(stack().sandbox);
    const { granted, refused: refusedGrants, logins } = fault.perStrike;
    /** Token grants answered 200 and 400, and controller logins. */
    const renewals = (s: FaultStack) => [s.tokenGrants(200), s.tokenGrants(400), controllerLogins(s)];

    it("creates all 50 resources, each once, with one token renewal", async () => {
      const s = stack();
      await s.empty();
      s.sandbox.clearRequests();
      const run = await s.up(1, strike);
      assertAll(run, "create");
      assert.strictEqual(refused(s), ROOM_COUNT, "every invite POST was refused once …");
      assert.strictEqual(s.received("POST", /^\/v1\/rooms\/[^/]+\/invites$/), 2 * ROOM_COUNT, "… and replayed once");
      assert.deepStrictEqual(renewals(s), [1 + granted, refusedGrants, 1 + logins],
        "the first login, then one renewal for all 25 refused requests");
      assert.deepStrictEqual(s.account(), CLEAN, "no duplicate from the replayed POSTs");
      await assertConverges(s, 1);
    });

    /** The token is struck mid-run; `refusedRequests` were refused once each, and one renewal served them all. */
    const renewedOnce = (refusedRequests: number, message?: string) => ({
      strike: (_: FaultStack, operation: Operation) => operation(strike),
      check: (s: FaultStack) => {
        assert.strictEqual(refused(s), refusedRequests, message);
        assert.deepStrictEqual(renewals(s), [granted, refusedGrants, logins]);
      },
    });
    itUpdatesAll(stack, "updates all 50 resources with one token renewal", renewedOnce(ROOM_COUNT));
    itRefreshesAll(stack, "refreshes all 50 resources with one token renewal", renewedOnce(RESOURCE_COUNT));
    itDestroysAll(stack, "deletes all 50 resources with one token renewal",
      renewedOnce(ROOM_COUNT, "the room DELETEs after the invites were refused once"));
  });
}

tokenFaultMatrix("the access token expiring mid-run", {
  strike: (sandbox) => sandbox.expireAccessTokens(),
  // renewed with the refresh token: no password login, no controller login
  perStrike: { granted: 1, refused: 0, logins: 0 },
});

tokenFaultMatrix("the refresh token expired (Keycloak ended the session) mid-run", {
  strike: (sandbox) => sandbox.endSessions(),
  // the refresh is refused ("Session not active"), then a password login and the controller login
  perStrike: { granted: 1, refused: 1, logins: 1 },
});
