import { z } from "zod";
import { capabilitiesOf, isReleaseVersion, type ServerCapabilities } from "./capabilities";
import type { ControllerSession } from "./controller-session";
import { isControllerError, isUnattributedAnswerError } from "./errors";

const OpenApiInfo = z.object({ info: z.object({ version: z.unknown() }) });

/**
 * Learn the controller's release without side effects.
 * 1. `GET /v1/openapi.json`: no login needed, on by default, `info.version` is the release (ot-controller v0.30.1
 *    crates/opentalk-controller-core/src/swagger.rs; the crate version through utoipa).
 * 2. When an operator turned it off (`endpoints.disable_openapi`, an empty 404), tell the releases apart by what they
 *    route: `POST /v1/rooms/name/verify` exists from 0.35 only; `GET /v1/turn` answers 401 without a login on 0.29
 *    and 204 from 0.30 (ot-controller v0.29.0 vs v0.30.1 crates/opentalk-controller-core/src/api/v1/turn.rs). 0.30
 *    to 0.34 cannot be told apart this way; 0.34 is assumed and the label says so.
 */
export async function probeCapabilities(session: ControllerSession): Promise<ServerCapabilities> {
  const described = await session.request("GET", "openapi.json", { schema: OpenApiInfo, anonymous: true }).catch(unlessWithheld);
  const version = described?.info.version;
  if (isReleaseVersion(version)) return capabilitiesOf(version);

  const namesRooms = await session
    .request("POST", "rooms/name/verify", { body: { name: "pulumi-opentalk-probe" }, expect: [200, 204] })
    .then(() => true, (error: unknown) => {
      // 0.35 answers a name it does not like with its own JSON (400/409); older releases do not route the path
      // (403 or 404 with an empty body).
      if (isControllerError(error) && error.code !== undefined && error.status < 500) return true;
      if (isControllerError(error)) return false;
      throw error;
    });
  if (namesRooms) return assumed("0.35.0", "it has room names");
  const turnNeedsLogin = await session.request("GET", "turn", { anonymous: true, expect: [200, 204] }).then(
    () => false,
    (error: unknown) => {
      if (isControllerError(error)) return error.meaning === "unauthenticated";
      throw error;
    },
  );
  return turnNeedsLogin ? assumed("0.29.0", "it answers like 0.29") : assumed("0.34.0", "taken for 0.34");
}

function assumed(version: string, why: string): ServerCapabilities {
  return { ...capabilitiesOf(version), version: undefined, label: `this OpenTalk controller (its version is not published; ${why})` };
}

/**
 * The document is not to be had: the controller does not serve it (its empty 404), or a proxy in front of it withholds
 * it (the proxy's own 401, 403 or 404: operators hide API documents). The routes tell the release then, and they are
 * the controller's own answers. Anything else is a real failure.
 */
function unlessWithheld(error: unknown): undefined {
  if (isControllerError(error) && (error.meaning === "no-route" || error.meaning === "denied")) return undefined;
  if (isUnattributedAnswerError(error) && [401, 403, 404].includes(error.status)) return undefined;
  throw error;
}
