// Rooms, guest links and meetings through Pulumi's real dynamic-provider host on every released controller the sandbox
// imitates (0.29, 0.30, 0.34, 0.35), logged in as a user (password grant) and as a Keycloak service account (client
// credentials). Each release is declared the way its users would: guest access only where it exists (0.34+), a guest
// link that is an invite code up to 0.34 and the room link on 0.35, dial-in switched on at creation where owners
// cannot touch it later (before 0.34). What must hold on every release and for both logins: create, no change without
// a single request, update in place, drift noticed by refresh and put right, a room and a meeting deleted out of band
// (the real controller answers 403 with an empty body) forgotten by refresh and made anew, destroy, one token grant
// per run, and no credential in the state.
import assert from "node:assert/strict";
import type { ConfigValue, DynamicHost, PropertyMap } from "../harness/dynamic-host";
import { HostEngine, type StepResult } from "../harness/engine";
import type { Sandbox, SandboxServiceAccount } from "../sandbox";
import { installPackage, inviteCodeOf, inviteGoal, leakedSecrets, meetingGoal, PROJECT, roomGoal, stackConfig, startHostIn, verifyInvite, type InstalledPackage } from "../support/host-fixture";
import { forEachRelease } from "../support/releases";
import { recordingLogger, tokenRequests, useSandbox } from "../support/sandbox-fixture";

const SERVICE_ACCOUNT: SandboxServiceAccount = {
  clientId: "pulumi-ci",
  clientSecret: "ci-client-secret-4412",
  profile: { email: "rooms-bot@example.org", givenName: "Rooms", familyName: "Bot" },
};
const ROOM_PASSWORD = "Release-Room-Pw-3310";
const MEETING_PASSWORD = "Release-Meeting-Pw-3311";

type Login = "user" | "service account";

function loginConfig(s: Sandbox, login: Login): Record<string, ConfigValue> {
  if (login === "user") return stackConfig(s);
  return {
    "opentalk:url": s.url,
    "opentalk:clientId": SERVICE_ACCOUNT.clientId,
    "opentalk:clientSecret": { secret: SERVICE_ACCOUNT.clientSecret },
  };
}

function ok(step: StepResult): StepResult {
  assert.ok(step.ok, `${step.urn}: ${step.error?.message}`);
  return step;
}

forEachRelease((release) => {
  const sandbox = useSandbox({ controllerVersion: release, serviceAccounts: [SERVICE_ACCOUNT] });
  let pkg: InstalledPackage;
  before(() => {
    pkg = installPackage(`release-${release}`);
  });
  after(async () => {
    await pkg?.closeSharedClients();
  });

  for (const login of ["user", "service account"] as const) {
    describe(`logged in as a ${login}`, () => {
      let host: DynamicHost;
      before(async () => {
        host = await startHostIn(pkg.dir);
      });
      after(async () => {
        await host?.close();
      });

      it("takes a room, a meeting and their guest links through create, no change, update, drift, deletion, recreate and destroy", async function () {
        this.timeout(60_000);
        const s = sandbox();
        const caps = s.profile;
        const engine = new HostEngine(host, { project: PROJECT, config: loginConfig(s, login) });
        // Declared as a user of this release would: guest access exists from 0.34; before 0.34 dial-in is switched on
        // with the room and cannot be changed afterwards.
        const room: PropertyMap = { password: ROOM_PASSWORD, waitingRoom: true, sip: { enabled: true }, ...(caps.guestAccess ? { guestAccess: "waiting_room" } : {}) };
        const meeting: PropertyMap = {
          title: "Release sync",
          password: MEETING_PASSWORD,
          startsAt: "2031-01-06T09:00:00+01:00",
          endsAt: "2031-01-06T09:30:00+01:00",
          timeZone: "Europe/Berlin",
          recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
        };
        const up = async (roomProps: PropertyMap, meetingProps: PropertyMap) => {
          const [r, m] = await Promise.all([
            engine.register(roomGoal(pkg.shims, "lobby", roomProps)),
            engine.register(meetingGoal(pkg.shims, "release-sync", meetingProps)),
          ]);
          ok(r);
          ok(m);
          const [rl, ml] = await Promise.all([
            engine.register(inviteGoal(pkg.shims, "lobby/guests", { roomId: r.outputs!.roomId })),
            engine.register(inviteGoal(pkg.shims, "release-sync/guests", { roomId: m.outputs!.roomId })),
          ]);
          return [r, m, ok(rl), ok(ml)] as const;
        };
        s.clearRequests();

        // create
        const [r, m, rl, ml] = await up(room, meeting);
        assert.deepEqual([r.op, m.op, rl.op, ml.op], ["create", "create", "create", "create"]);
        const owner = login === "user" ? s.username : SERVICE_ACCOUNT.profile!.email;
        assert.equal(r.outputs!.ownerEmail, owner);
        assert.equal(s.store.room(r.id!)!.password, ROOM_PASSWORD);
        assert.ok(s.store.sipConfig(r.id!), "dial-in is on");
        assert.deepEqual(m.outputs!.recurrence, ["RRULE:FREQ=WEEKLY;BYDAY=MO"]);
        for (const [link, roomStep] of [[rl, r], [ml, m]] as const) {
          const guestLink = String(link.outputs!.guestLink);
          const roomId = String(roomStep.outputs!.roomId);
          if (caps.inviteApi === "gone") {
            assert.equal(guestLink, roomStep.outputs!.roomLink, "0.35: the room link is the guest link");
            assert.equal(s.guestCanJoin(roomId), true);
          } else {
            assert.equal(await verifyInvite(s, inviteCodeOf(guestLink)), 200);
          }
        }
        assert.equal(r.outputs!.guestLink, caps.inviteApi === "gone" ? r.outputs!.roomLink : null, "a room's own guest link exists from 0.35");
        assert.equal(tokenRequests(s), 1, "one token grant for the run");
        assert.deepEqual(s.requests({ service: "controller" }).filter((req) => req.path.includes("/invites") && caps.inviteApi === "gone"), [], "0.35: the removed invite API is never asked");

        // no change: no request at all
        s.clearRequests();
        const same = await up(room, meeting);
        assert.deepEqual(same.map((step) => step.op), ["same", "same", "same", "same"]);
        assert.deepEqual(s.requests(), []);

        // update in place
        const [ur, um] = await up({ ...room, waitingRoom: false }, { ...meeting, title: "Release sync (weekly)" });
        assert.deepEqual([ur.op, ur.id, um.op, um.id], ["update", r.id, "update", m.id]);
        assert.equal(s.store.room(r.id!)!.waitingRoom, false);
        assert.equal(s.store.event(m.id!)!.title, "Release sync (weekly)");
        assert.deepEqual(um.outputs!.recurrence, ["RRULE:FREQ=WEEKLY;BYDAY=MO"], "the recurrence survives a title change");

        // drift, noticed by refresh and put right by the next up
        s.store.updateRoom(r.id!, { waitingRoom: true });
        const refreshed = await engine.refresh();
        assert.ok(refreshed.every((step) => step.ok), refreshed.map((step) => step.error?.message).join("; "));
        assert.equal(engine.get(r.urn)!.outputs.waitingRoom, true);
        const [restored] = await up({ ...room, waitingRoom: false }, { ...meeting, title: "Release sync (weekly)" });
        assert.equal(restored.op, "update");
        assert.equal(s.store.room(r.id!)!.waitingRoom, false);

        // deleted out of band: forgotten by refresh (proven by the controller's lists), made anew by the next up
        s.store.deleteRoom(r.id!);
        s.store.deleteEvent(m.id!);
        const gone = await engine.refresh();
        assert.deepEqual(gone.map((step) => [step.op, step.ok]), gone.map(() => ["refresh-gone", true]), gone.map((step) => step.error?.message).join("; "));
        const [nr, nm] = await up(room, meeting);
        assert.deepEqual([nr.op, nm.op], ["create", "create"]);
        assert.notEqual(nr.id, r.id);

        // no credential in the state (on 0.35 a guest link is the room link, which members need and is a plain output:
        // there the room's guest access, waiting room and password guard it — README "Guest links")
        const state = JSON.stringify(engine.state());
        const guestLinks = caps.inviteApi === "gone" ? [] : engine.resources().map((res) => res.outputs.guestLink as string);
        const secrets = [ROOM_PASSWORD, MEETING_PASSWORD, s.password, SERVICE_ACCOUNT.clientSecret, ...guestLinks];
        assert.deepEqual(leakedSecrets(state, secrets), []);
        assert.doesNotMatch(state, /eyJ[\w-]{10,}\.[\w-]{10,}/, "no JWT");

        // destroy
        const destroyed = await engine.destroy();
        assert.ok(destroyed.every((step) => step.ok), destroyed.map((step) => step.error?.message).join("; "));
        assert.deepEqual(engine.state(), { resources: [] });
        assert.equal(s.store.room(nr.id!), undefined);
        assert.equal(s.store.event(nm.id!), undefined);
        assert.equal(tokenRequests(s) <= 2, true, "at most one more grant (a second host process would log in again)");
      });
    });
  }
});

describe("a Keycloak service account whose errors are explained", () => {
  const sandbox = useSandbox({
    controllerVersion: "0.34",
    serviceAccounts: [
      SERVICE_ACCOUNT,
      { clientId: "no-service-account", clientSecret: "nsa-secret-1", serviceAccountsEnabled: false },
      { clientId: "nameless", clientSecret: "nameless-secret-1" },
    ],
  });
  let pkg: InstalledPackage;
  before(() => {
    pkg = installPackage("service-account-errors");
  });
  after(async () => {
    await pkg?.closeSharedClients();
  });

  /** One `pulumi up` of one room with these credentials, in a host of its own (a host keeps the config it first got). */
  const attempt = async (clientId: string, clientSecret: string): Promise<string> => {
    const s = sandbox();
    const host = await startHostIn(pkg.dir);
    try {
      const engine = new HostEngine(host, { project: PROJECT, config: { "opentalk:url": s.url, "opentalk:clientId": clientId, "opentalk:clientSecret": { secret: clientSecret } } });
      const step = await engine.register(roomGoal(pkg.shims, `room-of-${clientId}`, {}));
      assert.equal(step.ok, false);
      const message = step.error!.message;
      assert.ok(!message.includes(clientSecret), "the client secret is never in a message");
      return message;
    } finally {
      await host.close();
    }
  };

  it("says to switch on service accounts for a client without them", async () => {
    assert.match(await attempt("no-service-account", "nsa-secret-1"), /client "no-service-account" has no service account: in Keycloak open Clients → no-service-account → Settings → Capability config and switch on "Client authentication" and "Service accounts roles"/);
  });

  it("names both settings for a wrong secret", async () => {
    assert.match(await attempt(SERVICE_ACCOUNT.clientId, "wrong-secret-77"), /check opentalk:clientId \(now "pulumi-ci"\) and opentalk:clientSecret .*Credentials tab/);
  });

  it("says where to set the email and names a service-account user lacks", async () => {
    assert.match(
      await attempt("nameless", "nameless-secret-1"),
      /the service account of client "nameless" has no email: OpenTalk requires an email, a first name and a last name — set them on service-account-nameless in Keycloak: Clients → nameless → Service account roles → the user link \(service-account-nameless\) → Details/,
    );
  });

  it("keeps every secret out of the log lines of a whole run", async () => {
    const logger = recordingLogger();
    const { OpenTalkClient, resolveSettings } = await import("../../provider/client");
    const s = sandbox();
    const client = new OpenTalkClient(resolveSettings(undefined, { OPENTALK_URL: s.url, OPENTALK_CLIENT_ID: SERVICE_ACCOUNT.clientId, OPENTALK_CLIENT_SECRET: SERVICE_ACCOUNT.clientSecret }), { logger });
    try {
      await client.createRoom({ password: ROOM_PASSWORD });
      s.expireAccessTokens();
      await client.listRooms();
    } finally {
      await client.close();
    }
    assert.deepEqual(leakedSecrets(logger.lines.join("\n"), [SERVICE_ACCOUNT.clientSecret, ROOM_PASSWORD]), []);
    assert.doesNotMatch(logger.lines.join("\n"), /eyJ[\w-]{10,}\.[\w-]{10,}/);
  });
});

describe("a run on OpenTalk 0.29 longer than its tokens live (the session ends with the ID token)", () => {
  // 0.29 records the ID token's expiry at POST /v1/auth/login and refuses every call after it, even with a fresh access
  // token (ot-controller v0.29.0 crates/opentalk-controller-core/src/api/v1/middleware/user_auth/mod.rs ~258): the
  // client must log in to the controller again after every grant, refreshes included.
  // Keycloak's expiry is whole seconds (exp = ⌊iat⌋ + TTL): a 4 s token lives 3 to 4 s, so after a 5 s pause the token
  // (and the ID token the 0.29 session ends with) of the create has surely expired, while each operation still has over
  // two seconds of a fresh token before the client renews it (a fifth of its life early).
  const TOKEN_SECONDS = 4;
  const PAUSE_MS = 5_000;
  const sandbox = useSandbox({ controllerVersion: "0.29", accessTokenTtlSeconds: TOKEN_SECONDS });
  let pkg: InstalledPackage;
  let host: DynamicHost;
  before(async () => {
    pkg = installPackage("release-0.29-long-run");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });

  it(`succeeds with ${TOKEN_SECONDS} s tokens and ${PAUSE_MS / 1000} s between operations: one password grant, a controller login after every grant`, async function () {
    this.timeout(PAUSE_MS + 30_000);
    const s = sandbox();
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    s.clearRequests();
    const created = ok(await engine.register(roomGoal(pkg.shims, "long-run", { waitingRoom: true })));
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const updated = ok(await engine.register(roomGoal(pkg.shims, "long-run", { waitingRoom: false })));
    assert.deepEqual([created.op, updated.op], ["create", "update"]);
    const refreshed = await engine.refresh();
    assert.ok(refreshed.every((step) => step.ok), refreshed.map((step) => step.error?.message).join("; "));
    const destroyed = await engine.destroy();
    assert.ok(destroyed.every((step) => step.ok));

    const grants = s.requests({ service: "keycloak", method: "POST" }).filter((r) => r.path.endsWith("/token"));
    const logins = s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login");
    assert.ok(grants.length >= 2, `the token was renewed after the pause (${grants.length} grants)`);
    assert.ok(grants.every((r) => r.status === 200));
    assert.equal(logins.length, grants.length, "a controller login after every grant");
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.status === 401), [], "no call was refused");
    assert.equal(s.sessionsStarted(), 1, "exactly one password grant: every later grant refreshed that session");
  });
});
