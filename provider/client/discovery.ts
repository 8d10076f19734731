import type { HttpTransport } from "./http-transport";
import { loginErrorFrom } from "./keycloak-errors";
import { controllerErrorFrom, decodeBody } from "./responses";
import { ControllerWellKnown, FrontendWellKnown, OidcProviderInfo, OpenIdConfiguration } from "./schemas";
import type { Settings } from "./settings";

/** Where the controller's API lives. */
export interface ApiLocation {
  controllerUrl: string;
  /** `{controller}/v1/`, with the trailing slash, so relative paths resolve under it. */
  apiBase: string;
}

/** Where and how to log in. */
export interface OidcLocation {
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
}

/** Which settings decide the controller's address: named in every error about reaching it. */
export const CONTROLLER_HINT = "Check opentalk:url (OPENTALK_URL) or set opentalk:controllerUrl (OPENTALK_CONTROLLER_URL).";
const OIDC_HINT = "Check opentalk:oidcUrl (OPENTALK_OIDC_URL), or leave it unset so it is discovered from the controller.";

/**
 * The discovery chain of an OpenTalk deployment, so that the web address alone is enough:
 * web frontend `/.well-known/opentalk/client` → controller; controller `/.well-known/opentalk/api` → API base.
 * Each step is skipped when its setting is given.
 */
export async function discoverApi(http: HttpTransport, settings: Settings): Promise<ApiLocation> {
  let controllerUrl = settings.controllerUrl;
  if (!controllerUrl) {
    const endpoint = `${settings.url}/.well-known/opentalk/client`;
    const doc = await getJson(http, endpoint, FrontendWellKnown, "web frontend", CONTROLLER_HINT);
    controllerUrl = new URL(doc.opentalk_controller.base_url, settings.url + "/").href.replace(/\/+$/, "");
  }
  const wellKnown = `${controllerUrl}/.well-known/opentalk/api`;
  const response = await http.send({ method: "GET", url: wellKnown, service: "controller", settingHint: CONTROLLER_HINT });
  // Controllers that predate the API well-known document answer 404: their API is at /v1.
  if (response.status === 404) return { controllerUrl, apiBase: `${controllerUrl}/v1/` };
  if (response.status !== 200) throw controllerErrorFrom("GET", "/.well-known/opentalk/api", response);
  const doc = decodeBody(ControllerWellKnown, response, "GET /.well-known/opentalk/api");
  const apiBase = new URL(doc.opentalk_api.v1.base_url.replace(/\/*$/, "/"), controllerUrl + "/").href;
  return { controllerUrl, apiBase };
}

/**
 * Which Keycloak realm and client to log in with: `GET {api}/auth/login` names both (the web app's own client), and
 * the realm's OpenID configuration gives the token endpoint — so realms with and without the `/auth` prefix both
 * work, because the discovered URLs decide.
 */
export async function discoverOidc(http: HttpTransport, settings: Settings, api: ApiLocation): Promise<OidcLocation> {
  let issuer = settings.oidcUrl;
  let clientId = settings.clientId;
  if (!issuer || !clientId) {
    const info = await getJson(http, `${api.apiBase}auth/login`, OidcProviderInfo, "controller", CONTROLLER_HINT);
    issuer ??= info.oidc.url.replace(/\/+$/, "");
    clientId ??= info.oidc.name;
  }
  const url = `${issuer}/.well-known/openid-configuration`;
  const response = await http.send({ method: "GET", url, service: "Keycloak", settingHint: OIDC_HINT });
  if (response.status !== 200) throw loginErrorFrom(response, { clientId, issuer });
  const config = decodeBody(OpenIdConfiguration, response, `GET ${new URL(url).pathname}`);
  return { issuer, clientId, tokenEndpoint: config.token_endpoint };
}

async function getJson<T>(
  http: HttpTransport,
  url: string,
  schema: import("zod").ZodType<T>,
  service: "controller" | "web frontend",
  settingHint: string,
): Promise<T> {
  const response = await http.send({ method: "GET", url, service, settingHint });
  const path = new URL(url).pathname;
  if (response.status !== 200) {
    throw controllerErrorFrom("GET", path, response).withHint(
      `this does not look like an OpenTalk ${service} discovery document. ${settingHint}`,
    );
  }
  return decodeBody(schema, response, `GET ${path}`);
}
