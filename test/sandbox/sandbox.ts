/**
 * `startSandbox`: wires the three simulated services (Keycloak, web frontend, controller) to one shared
 * state, fault table and request log, each on its own loopback port.
 */
import { ADMIN_PREFIX, createAdminApp } from "./admin";
import type { ControllerContext } from "./controller-context";
import { createControllerApp } from "./controller";
import { DEFAULT_USERS } from "./default-users";
import { FaultTable } from "./faults";
import { createFrontendApp } from "./frontend";
import { Listener } from "./http-server";
import { createKeycloakApp } from "./keycloak";
import { loadState, saveStateAtomically } from "./persistence";
import { ControllerProfile, NEWEST_CONTROLLER, PROFILES } from "./profiles";
import { Realm } from "./realm";
import { findRoom } from "./room-access";
import { aliasMaker } from "./room-names";
import { guestsAdmitted } from "./room-rules";
import { createRequestListener } from "./request-pipeline";
import { RequestLog } from "./request-log";
import { SandboxState } from "./state";
import { SandboxStore } from "./store";
import { TokenCache } from "./token-cache";
import { Traffic, type TrafficCounts } from "./traffic";
import { defaultKeyMaterial, TokenSigner } from "./tokens";
import type { ControllerVersion, RequestLogEntry, SandboxFault, SandboxOptions, SandboxUserProfile, ServiceName } from "./types";

export interface Sandbox {
  /** The web frontend, e.g. `http://127.0.0.1:41234`: what users configure as `opentalk:url`. */
  url: string;
  controllerUrl: string;
  /** The realm issuer, e.g. `http://127.0.0.1:41235/auth/realms/opentalk`. */
  oidcUrl: string;
  realm: string;
  clientId: string;
  /** The first configured user (by default `bot@example.org`). */
  username: string;
  password: string;
  /** `controllerUrl + "/__sandbox"`. */
  adminUrl: string;
  /** The release imitated (`SandboxOptions.controllerVersion`). */
  controllerVersion: ControllerVersion;
  /** Its behaviours, as `profiles.ts` lists them (e.g. `profile.release`, `profile.inviteApi`). */
  profile: ControllerProfile;
  /**
   * Whether a visitor without an account could enter the room (id or alias) through its plain link right now:
   * 0.35 and a room that admits guests (not end-to-end encrypted, `guest_access` not `disabled`, the owner's tariff
   * has `guests_allowed`). What an unauthenticated `GET /v1/rooms/{id}/event` tells (200/404 vs 401); always false
   * before 0.35, where guests need an invite code. Also `GET /__sandbox/rooms/{id}/guest-can-join`.
   */
  guestCanJoin(roomIdOrAlias: string): boolean;
  /**
   * Changes a Keycloak user's e-mail and names (`null` removes one), as the realm's admin API would: userinfo
   * serves the new values, access tokens issued before keep their copy. Service-account users are
   * `service-account-<clientId>`. Also `PUT /__sandbox/users/{username}` with `{email, firstName, lastName}`.
   */
  setUserProfile(username: string, profile: { [K in keyof SandboxUserProfile]?: string | null }): void;
  requests(filter?: Partial<Pick<RequestLogEntry, "service" | "method">>): RequestLogEntry[];
  /** Connections accepted and the most concurrent requests per service (traffic.ts); also `GET /__sandbox/traffic`. */
  traffic(): TrafficCounts;
  /** Empties the request log and restarts the traffic counts. */
  clearRequests(): void;
  addFault(fault: SandboxFault): void;
  clearFaults(): void;
  /** The controller's admin job `room-cleanup`: deletes every room without an event (with SIP config and invites); returns how many. */
  runRoomCleanup(): number;
  /** Empties data, sessions, faults and the log; keeps keys, ports and users. */
  reset(): void;
  /**
   * Closes that listener (connections refused) and reopens it on the same port after `ms`, or earlier at `resume`;
   * resolves when reopened.
   */
  pause(service: ServiceName, ms: number): Promise<void>;
  /** Ends a `pause` of that service now, e.g. an outage meant to outlast an operation; await the pause to see it reopened. */
  resume(service: ServiceName): void;
  /**
   * Every access token issued so far now counts as expired (at the controller, introspection and userinfo). The
   * controller's token cache is emptied too, so it notices at once instead of after up to 300 s.
   */
  expireAccessTokens(): void;
  /** Ends every Keycloak session: refresh answers `Session not active`, the controller rejects their tokens (cache emptied). */
  endSessions(): void;
  /**
   * Keycloak sessions started so far: one per password grant — a refresh continues its session, and a client-credentials
   * grant starts none (no refresh token, nothing to continue).
   * So tests can tell "one password grant" from "several grants" without logging grant bodies (they hold passwords).
   */
  sessionsStarted(): number;
  store: SandboxStore;
  close(): Promise<void>;
}

/** A made-up Berlin number: what `room.call_in.tel` shows unless `SandboxOptions.callInTel` says otherwise. */
export const DEFAULT_CALL_IN_TEL = "+49 30 1234567";

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const users = options.users && options.users.length > 0 ? options.users : [...DEFAULT_USERS];
  const controllerVersion = options.controllerVersion ?? NEWEST_CONTROLLER;
  const profile = PROFILES[controllerVersion];
  if (!profile) throw new Error(`Unknown controllerVersion "${String(controllerVersion)}": choose one of ${Object.keys(PROFILES).join(", ")}.`);
  const realmName = options.realm ?? "opentalk";
  const realmPrefix = options.realmPrefix ?? "";
  const loaded = options.statePath ? loadState(options.statePath) : undefined;
  const state = new SandboxState(loaded ?? SandboxState.empty(await defaultKeyMaterial()));
  const signer = new TokenSigner(state.data.keys);
  const realm = new Realm(state, signer, {
    realm: realmName,
    clientId: options.clientId ?? "Frontend",
    clientSecret: options.clientSecret,
    directAccessGrants: options.directAccessGrants ?? true,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 1800,
  }, users, options.serviceAccounts);
  const store = new SandboxStore(state, realm, aliasMaker(options.roomAliasSuffix));
  const tokenCache = new TokenCache();
  const faults = new FaultTable();
  const log = new RequestLog();
  const traffic = new Traffic();

  const urls = { controller: "", keycloak: "", frontend: "" };
  const latency = { ms: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 };
  const keycloak = new Listener(
    createRequestListener({ service: "keycloak", app: createKeycloakApp(realm, signer, { realmPrefix, wrongPasswordStatus: options.wrongPasswordStatus ?? 401 }), faults, log, latency, traffic }),
    () => traffic.connectionAccepted("keycloak"),
  );
  const ctx: ControllerContext = {
    store,
    realm,
    profile,
    tokenCache,
    callInTel: options.callInTel === undefined ? DEFAULT_CALL_IN_TEL : options.callInTel || null,
    openApiDocument: options.openApiDocument ?? true,
    controllerUrl: () => urls.controller,
    keycloakReachable: () => keycloak.listening,
  };
  const controls = {
    addFault: (fault: SandboxFault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    requests: (filter: Partial<Pick<RequestLogEntry, "service" | "method">> = {}) => log.list(filter),
    traffic: () => traffic.counts(),
    clearRequests: () => {
      log.clear();
      traffic.clear();
    },
    reset: () => {
      state.reset();
      faults.clear();
      log.clear();
      traffic.clear();
      tokenCache.clear();
    },
    runRoomCleanup: () => store.runRoomCleanup(),
    expireAccessTokens: () => {
      realm.expireAccessTokens();
      tokenCache.clear();
    },
    endSessions: () => {
      realm.endSessions();
      tokenCache.clear();
    },
    sessionsStarted: () => state.data.sessions.length,
    guestCanJoin: (roomIdOrAlias: string) => {
      const room = findRoom(ctx, roomIdOrAlias);
      return profile.guestsJoinByRoomLink && room !== undefined && guestsAdmitted(ctx, room);
    },
    setUserProfile: (username: string, fields: { [K in keyof SandboxUserProfile]?: string | null }) => void realm.setProfile(username, fields),
  };

  const listeners: Record<ServiceName, Listener> = {
    keycloak,
    frontend: new Listener(
      createRequestListener({ service: "frontend", app: createFrontendApp({ controllerUrl: () => urls.controller, oidcUrl: () => realm.issuer, clientId: realm.settings.clientId }), faults, log, traffic }),
      () => traffic.connectionAccepted("frontend"),
    ),
    controller: new Listener(
      createRequestListener({ service: "controller", app: createControllerApp(ctx), faults, log, latency, traffic, adminPrefix: `${ADMIN_PREFIX}/`, admin: createAdminApp(controls) }),
      () => traffic.connectionAccepted("controller"),
    ),
  };

  const previousPorts = state.data.ports;
  const ports = {
    keycloak: await listenOn(listeners.keycloak, options.keycloakPort, previousPorts?.keycloak),
    frontend: await listenOn(listeners.frontend, options.frontendPort, previousPorts?.frontend),
    controller: await listenOn(listeners.controller, options.port, previousPorts?.controller),
  };
  urls.keycloak = `http://127.0.0.1:${ports.keycloak}`;
  urls.frontend = `http://127.0.0.1:${ports.frontend}`;
  urls.controller = `http://127.0.0.1:${ports.controller}`;
  realm.issuer = `${urls.keycloak}${realmPrefix}/realms/${realmName}`;
  state.data.ports = ports;

  if (options.statePath) {
    const statePath = options.statePath;
    state.onChange(() => saveStateAtomically(statePath, state.data));
    saveStateAtomically(statePath, state.data);
  }

  let closed = false;
  /** How to end the current pause of each service early (`resume`), and every pause still under way (`close`). */
  const resumers: Partial<Record<ServiceName, () => void>> = {};
  const pauses = new Set<() => void>();
  return {
    url: urls.frontend,
    controllerUrl: urls.controller,
    oidcUrl: realm.issuer,
    realm: realmName,
    clientId: realm.settings.clientId,
    username: users[0].username,
    password: users[0].password,
    adminUrl: `${urls.controller}${ADMIN_PREFIX}`,
    controllerVersion,
    profile,
    ...controls,
    store,
    async pause(service, ms) {
      const listener = listeners[service];
      let wake!: () => void;
      const over = new Promise<void>((resolve) => (wake = resolve));
      pauses.add(wake);
      resumers[service] = wake;
      await listener.close();
      const timer = setTimeout(wake, ms);
      await over;
      clearTimeout(timer);
      pauses.delete(wake);
      if (resumers[service] === wake) delete resumers[service];
      if (!closed) await listener.listen(ports[service]);
    },
    resume(service) {
      resumers[service]?.();
    },
    async close() {
      closed = true;
      for (const wake of pauses) wake();
      await Promise.all(Object.values(listeners).map((l) => l.close()));
    },
  };
}

/**
 * An explicit port must be free. Otherwise a restarted sandbox takes its old port if it can, so the
 * issuer and URLs (and thus saved tokens and links) still match.
 */
async function listenOn(listener: Listener, requested: number | undefined, previous: number | undefined): Promise<number> {
  if (requested) return listener.listen(requested);
  if (previous) {
    try {
      return await listener.listen(previous);
    } catch {
      // Taken by something else meanwhile: any port will do; old tokens then fail as after an issuer change.
    }
  }
  return listener.listen(0);
}
