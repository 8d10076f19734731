/**
 * `GET /v1/openapi.json`: the controller serves its utoipa document without authentication, registered on the App
 * before the `/v1` scope (core/swagger.rs 17–33, core/lib.rs @ v0.30.1 556; feature `swagger` is a default of the
 * binary). `info.version` is the crate version, i.e. the exact release (`#[openapi(info(…))]` sets none:
 * core/lib.rs @ v0.30.1 691–695), which is what clients read. `endpoints.disable_openapi = true` turns it off:
 * 404, empty. The document here lists the paths and methods the sandbox serves for this release, in the alpha
 * file's shape (`servers: [{url: "/v1"}]`, paths relative to it); it carries no schemas.
 */
import type { ControllerProfile } from "./profiles";

const PARAMETER_NAMES: Record<string, string> = { eventId: "event_id", code: "invite_code" };

export function openApiDocument(profile: ControllerProfile, routes: ReadonlyArray<{ method: string; path: string }>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path } of routes) {
    if (!path.startsWith("/v1/") || method === "HEAD" || method === "OPTIONS") continue;
    // The removed invite API's `Gone` handlers carry no utoipa annotation (CHANGELOG 0.35.0 "Remove invite code
    // authentication from open-api spec", !2654).
    if (profile.inviteApi === "gone" && path.startsWith("/v1/rooms/") && path.includes("/invites")) continue;
    const specPath = path
      .slice("/v1".length)
      .replace(/:(\w+)/g, (_, name: string) => `{${name === "roomId" ? (profile.roomNames ? "room_id_or_alias" : "room_id") : (PARAMETER_NAMES[name] ?? name)}}`);
    paths[specPath] ??= {};
    paths[specPath][method.toLowerCase()] = { operationId: `${method.toLowerCase()}${specPath.replace(/[^a-z0-9]+/gi, "_")}`, responses: {} };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "OpenTalk Controller Frontend API",
      description: "Specifies the endpoints and structure of the OpenTalk Controller Frontend API",
      contact: { name: "OpenTalk Team", email: "mail@opentalk.eu" },
      license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
      version: profile.release,
    },
    servers: [{ url: "/v1" }],
    paths,
  };
}
