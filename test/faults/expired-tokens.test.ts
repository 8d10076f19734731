// Fault matrix: the credentials run out in the middle of a run. The host holds one token for all 50 resources; when
// the controller refuses it, the client renews it once for all concurrent requests (single flight) and replays each
// refused request once. The controller refuses with a 401, except OpenTalk 0.30, which answers a revoked or expired
// token with its internal error 500 (ot-controller v0.30.1 oidc/mod.rs: introspection without `exp`): there reads,
// updates and deletes are replayed the same way, but a create is not — a 500 to a POST might be a real failure after
// the work was done. After every token grant the client logs in to the controller (`POST /v1/auth/login`, which 0.29
// needs: its session ends with the ID token), so each renewal counts one controller login.
//
// "The access token expires mid-run": the controller starts rejecting the token the client still believes valid
// (expired early, revoked, or clocks apart) — the hard case, since a token that simply runs out is renewed before
// its expiry. "The refresh token has expired": Keycloak refuses the refresh (a refresh token lives as long as the
// SSO session's idle time; here the session is ended, which Keycloak reports as "Session not active" just as it
// reports an idle timeout), so the client falls back to a password login.
import * as assert from "assert";
import { PROFILES, type ControllerVersion, type Sandbox } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { itDestroysAll, itRefreshesAll, itUpdatesAll, updated, type Operation } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, opsOf, ROOM_COUNT, useFaultStack } from "./fault-stack";
import { requestsOf, shapeOf, type RequestTarget, type ResourceKind, type ResourceOperation } from "./release-shape";
import { assertAll, assertConverges } from "./stack-assertions";

/** Controller requests refused for the token (then replayed with a new one, except 0.30's creates). */
function refused(stack: FaultStack): number {
  const status = stack.sandbox.profile.inactiveTokenStatus;
  return stack.sandbox.requests({ service: "controller" }).filter((request) => request.status === status).length;
}

/**
 * The requests that met the struck token were refused once each and replayed once each. Requests sent after the one
 * renewal carry the new token, so on a loaded machine not all of them meet the old one — at least one does.
 */
function assertReplayedOnce(stack: FaultStack, targets: (RequestTarget & { count: number })[], what: string): void {
  const sent = targets.reduce((sum, target) => sum + target.count, 0);
  const refusedRequests = refused(stack);
  assert.ok(refusedRequests >= 1 && refusedRequests <= sent, `${what}: ${refusedRequests} of ${sent} refused`);
  const received = targets.reduce((sum, target) => sum + stack.received(target.method, target.path), 0);
  assert.strictEqual(received, sent + refusedRequests, `${what}: each refused request replayed once`);
}

function controllerLogins(stack: FaultStack): number {
  return stack.received("POST", /^\/v1\/auth\/login$/);
}

interface TokenFault {
  strike(sandbox: Sandbox): void;
  /** Token grants per strike: answered 200 and answered 400 (a refused refresh), and controller logins. */
  perStrike: { granted: number; refused: number; logins: number };
}

function tokenFaultMatrix(release: ControllerVersion, title: string, fault: TokenFault): void {
  const shape = shapeOf(release);
  // 0.30's 500 to a POST is not taken for a refused token (see above).
  const createsReplayed = PROFILES[release].inactiveTokenStatus === 401;
  describe(title, () => {
    const stack = useFaultStack({ release });
    const strike = () => fault.strike(stack().sandbox);
    const { granted, refused: refusedGrants, logins } = fault.perStrike;
    /** Token grants answered 200 and 400, and controller logins. */
    const renewals = (s: FaultStack) => [s.tokenGrants(200), s.tokenGrants(400), controllerLogins(s)];
    const inviteCreate = shape.requests.invite.create!;

    if (createsReplayed) {
      // Would catch: no renewal (every guest link fails), one renewal per request (25 logins), or a replayed POST that
      // had been carried out (a duplicate guest link).
      it("creates all 50 resources, each once, with one token renewal", async () => {
        const s = stack();
        await s.empty();
        s.sandbox.clearRequests();
        const run = await s.up(1, strike);
        assertAll(s, run, "create");
        assertReplayedOnce(s, [{ ...inviteCreate, count: ROOM_COUNT }], `the guest links' ${inviteCreate.method}s`);
        assert.deepStrictEqual(renewals(s), [1 + granted, refusedGrants, 1 + logins], "the first login, then one renewal for all the refused requests");
        assert.deepStrictEqual(s.account(), CLEAN, "no duplicate from the replayed requests");
        await assertConverges(s, 1);
      });
    } else {
      // Would catch: a POST answered 500 replayed (it may have been carried out), or such a failure taken as success.
      it("creates the rooms, fails the guest links whose POST met the refused token without repeating them, and the next pulumi up creates them", async () => {
        const s = stack();
        await s.empty();
        s.sandbox.clearRequests();
        const run = await s.up(1, strike);
        assert.deepStrictEqual(opsOf(run), { create: ROOM_COUNT, "create!": ROOM_COUNT });
        for (const failure of failuresOf(run)) {
          assert.strictEqual(failure.kind, "invite");
          assert.match(failure.message, /OpenTalk controller answered 500 to POST \/v1\/rooms\/[0-9a-f-]{36}\/invites \(internal_server_error: .*\) — the controller or a proxy in front of it failed, and the create may still have happened/);
        }
        assert.strictEqual(s.received("POST", inviteCreate.path), ROOM_COUNT, "no POST repeated");
        assert.deepStrictEqual(renewals(s), [1, 0, 1], "only the first login: a 500 to a POST is not taken for a refused token");
        assert.deepStrictEqual(s.account(), CLEAN, "the refused POSTs made nothing");
        // A new process logs in afresh (in this one, only POSTs would meet the refused token again).
        await s.restartHost();
        const { second } = await assertConverges(s, 1);
        assert.deepStrictEqual(opsOf(second), { same: ROOM_COUNT, create: ROOM_COUNT });
      });
    }

    /** The token is struck (mid-run, or before the run); the requests that met it were replayed, and one renewal served them all. */
    const renewedOnce = (operation: ResourceOperation, kinds: Partial<Record<ResourceKind, number>>, when: "between" | "before", what: string) => ({
      strike: (_: FaultStack, run: Operation) => {
        if (when === "between") return run(strike);
        strike();
        return run();
      },
      check: (s: FaultStack) => {
        assertReplayedOnce(s, requestsOf(shape, operation, kinds), what);
        assert.deepStrictEqual(renewals(s), [granted, refusedGrants, logins]);
      },
    });
    // With invite codes the token is struck after the rooms, so the invite PUTs meet it; on 0.35 the guest links send
    // nothing, so it is struck before the run and the room PATCHes meet it.
    itUpdatesAll(stack, `updates ${updated(shape)} with one token renewal`, shape.inviteCodes
      ? renewedOnce("update", { invite: ROOM_COUNT }, "between", "the guest links' PUTs")
      : renewedOnce("update", { room: ROOM_COUNT }, "before", "the rooms' PATCHes"));
    itRefreshesAll(stack, "refreshes all 50 resources with one token renewal", renewedOnce("read", { room: ROOM_COUNT, invite: ROOM_COUNT }, "before", "the reads"));
    itDestroysAll(stack, "deletes all 50 resources with one token renewal",
      renewedOnce("delete", { room: ROOM_COUNT }, "between", "the room DELETEs, sent after the guest links"));
  });
}

forEachRelease((release) => {
  tokenFaultMatrix(release, "the access token expiring mid-run", {
    strike: (sandbox) => sandbox.expireAccessTokens(),
    // renewed with the refresh token: no password login; the controller login that follows every grant
    perStrike: { granted: 1, refused: 0, logins: 1 },
  });

  tokenFaultMatrix(release, "the refresh token expired (Keycloak ended the session) mid-run", {
    strike: (sandbox) => sandbox.endSessions(),
    // the refresh is refused ("Session not active"), then a password login and the controller login
    perStrike: { granted: 1, refused: 1, logins: 1 },
  });
});
