/** What every controller route needs to know, passed explicitly instead of living in module globals. */
import type { ControllerProfile } from "./profiles";
import type { Realm } from "./realm";
import type { SandboxStore } from "./store";
import type { TokenCache } from "./token-cache";

export interface ControllerContext {
  store: SandboxStore;
  realm: Realm;
  /** The release imitated; handlers ask its named behaviours, never the version. */
  profile: ControllerProfile;
  /** The controller's per-token cache of authentication results. */
  tokenCache: TokenCache;
  /** The controller's `call_in.tel` setting: the dial-in number shown in events' `room.call_in`; `null` when unset. */
  callInTel: string | null;
  /** `endpoints.disable_openapi` inverted. */
  openApiDocument: boolean;
  /** `http://127.0.0.1:P`, known once the listener is bound; used for pagination links. */
  controllerUrl(): string;
  /** False while Keycloak is paused: the controller's introspection and userinfo calls then fail. */
  keycloakReachable(): boolean;
}
