/**
 * `/__sandbox/` on the controller listener: the test controls over HTTP, for tests that run the
 * sandbox in another process (`npm run sandbox`). No authentication; never logged, never faulted.
 */
import { describeInvalidFault } from "./faults";
import { emptyResponse, Handler, jsonResponse, Router } from "./http-server";
import type { SandboxFault, SandboxUserProfile, ServiceName } from "./types";

export const ADMIN_PREFIX = "/__sandbox";

export interface AdminControls {
  addFault(fault: SandboxFault): void;
  clearFaults(): void;
  requests(filter: { service?: ServiceName; method?: string }): unknown[];
  traffic(): unknown;
  clearRequests(): void;
  reset(): void;
  runRoomCleanup(): number;
  expireAccessTokens(): void;
  endSessions(): void;
  guestCanJoin(roomIdOrAlias: string): boolean;
  setUserProfile(username: string, profile: { [K in keyof SandboxUserProfile]?: string | null }): void;
}

export function createAdminApp(controls: AdminControls): Handler {
  const router = new Router()
    .add("POST", `${ADMIN_PREFIX}/faults`, (req) => {
      let fault: unknown;
      try {
        fault = JSON.parse(req.body.toString("utf8"));
      } catch {
        return jsonResponse(400, { error: "the body must be a JSON fault object" });
      }
      const problem = describeInvalidFault(fault);
      if (problem) return jsonResponse(400, { error: problem });
      controls.addFault(fault as SandboxFault);
      return emptyResponse(204);
    })
    .add("DELETE", `${ADMIN_PREFIX}/faults`, () => (controls.clearFaults(), emptyResponse(204)))
    .add("GET", `${ADMIN_PREFIX}/requests`, (req) => {
      const service = req.url.searchParams.get("service") ?? undefined;
      const method = req.url.searchParams.get("method") ?? undefined;
      return jsonResponse(200, controls.requests({ service: service as ServiceName | undefined, method }));
    })
    .add("GET", `${ADMIN_PREFIX}/traffic`, () => jsonResponse(200, controls.traffic()))
    .add("DELETE", `${ADMIN_PREFIX}/requests`, () => (controls.clearRequests(), emptyResponse(204)))
    .add("POST", `${ADMIN_PREFIX}/reset`, () => (controls.reset(), emptyResponse(204)))
    .add("POST", `${ADMIN_PREFIX}/jobs/room-cleanup`, () => jsonResponse(200, { deleted: controls.runRoomCleanup() }))
    .add("POST", `${ADMIN_PREFIX}/expire-access-tokens`, () => (controls.expireAccessTokens(), emptyResponse(204)))
    .add("POST", `${ADMIN_PREFIX}/end-sessions`, () => (controls.endSessions(), emptyResponse(204)))
    .add("GET", `${ADMIN_PREFIX}/rooms/:room/guest-can-join`, (req) => jsonResponse(200, { guestCanJoin: controls.guestCanJoin(req.params.room) }))
    // Keycloak's admin `PUT /admin/realms/{realm}/users/{id}` with a `UserRepresentation`'s profile fields.
    .add("PUT", `${ADMIN_PREFIX}/users/:username`, (req) => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body.toString("utf8")) as Record<string, unknown>;
      } catch {
        return jsonResponse(400, { error: "the body must be a JSON object like {\"email\":…,\"firstName\":…,\"lastName\":…}" });
      }
      const field = (name: string): string | null | undefined => {
        const value = body[name];
        return typeof value === "string" || value === null ? value : undefined;
      };
      try {
        controls.setUserProfile(req.params.username, { email: field("email"), givenName: field("firstName"), familyName: field("lastName") });
      } catch (error) {
        return jsonResponse(404, { error: (error as Error).message });
      }
      return emptyResponse(204);
    });

  return (req) => {
    const match = router.match(req.method, req.url.pathname);
    if (match.kind === "found") return match.handler({ ...req, params: match.params });
    return jsonResponse(match.kind === "wrong-method" ? 405 : 404, { error: `no sandbox admin endpoint ${req.method} ${req.url.pathname}` });
  };
}
