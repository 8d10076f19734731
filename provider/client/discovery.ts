import { ControllerError, SettingsError, type UnattributedAnswerError } from "./errors";
import type { HttpResponse, HttpTransport } from "./http-transport";
import { loginErrorFrom } from "./keycloak-errors";
import { checkDiscoveredUrl } from "./origins";
import { decodeBody, failureFrom, isWebPage, parseJson } from "./responses";
import { ControllerWellKnown, FrontendWellKnown, OidcProviderInfo, OpenIdConfiguration } from "./schemas";
import { SETTING_KEYS, type Settings } from "./settings";

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
export const OIDC_HINT = "Check opentalk:oidcUrl (OPENTALK_OIDC_URL), or leave it unset so it is discovered from the controller.";

const URL_KEY = SETTING_KEYS.url;
const CONTROLLER_KEY = SETTING_KEYS.controllerUrl;

/**
 * The discovery chain of an OpenTalk deployment, so that the web address alone is enough:
 * web app `/.well-known/opentalk/client` → controller; controller `/.well-known/opentalk/api` → API base.
 * Each step is skipped when its setting is given. Misconfigurations are named: the controller's address given as
 * the web app's, or the web app's as the controller's, each answer in a way only that server does.
 */
export async function discoverApi(http: HttpTransport, settings: Settings): Promise<ApiLocation> {
  const controllerUrl = settings.controllerUrl ?? (await controllerNamedByWebApp(http, settings));
  const wellKnown = `${controllerUrl}/.well-known/opentalk/api`;
  const response = await http.send({ method: "GET", url: wellKnown, service: "controller", settingHint: CONTROLLER_HINT });
  const where = settings.controllerUrl ? `${CONTROLLER_KEY.config} (${controllerUrl})` : `the controller the web app names (${controllerUrl})`;
  if (response.status === 200 && isWebPage(response)) {
    throw new SettingsError(
      `${where} answers ${wellKnown} with a web page, not the controller's API document: that is the web app's address, ` +
        `not the controller's. ${settings.controllerUrl ? `Set ${CONTROLLER_KEY.config} to the controller's address, or leave it unset so it is discovered from ${URL_KEY.config}.` : `Set ${CONTROLLER_KEY.config} (${CONTROLLER_KEY.env}) to the controller's address.`}`,
    );
  }
  if (response.status !== 200) {
    const failure = failureFrom("GET", wellKnown, response, CONTROLLER_HINT);
    // Controllers without the API document answer with an empty 404 of their own: their API is at /v1.
    if (failure instanceof ControllerError && failure.meaning === "no-route") return { controllerUrl, apiBase: `${controllerUrl}/v1/` };
    throw failure;
  }
  const doc = decodeBody(ControllerWellKnown, response, "GET /.well-known/opentalk/api");
  const apiBase = new URL(doc.opentalk_api.v1.base_url.replace(/\/*$/, "/"), controllerUrl + "/").href;
  checkDiscoveredUrl(settings, apiBase, wellKnown, "its API", [new URL(controllerUrl).origin]);
  return { controllerUrl, apiBase };
}

/** `{url}/.well-known/opentalk/client`: the controller the web app talks to. */
async function controllerNamedByWebApp(http: HttpTransport, settings: Settings): Promise<string> {
  const endpoint = `${settings.url}/.well-known/opentalk/client`;
  const response = await http.send({ method: "GET", url: endpoint, service: "web frontend", settingHint: CONTROLLER_HINT });
  const doc = response.status === 200 ? FrontendWellKnown.safeParse(parseJson(response.text)) : undefined;
  if (!doc?.success) throw await notAWebApp(http, settings, endpoint, response);
  const controllerUrl = new URL(doc.data.opentalk_controller.base_url, settings.url + "/").href.replace(/\/+$/, "");
  checkDiscoveredUrl(settings, controllerUrl, endpoint, "its controller");
  return controllerUrl;
}

/** Why `{url}` gave no discovery document: it is the controller itself, or something else entirely. */
async function notAWebApp(http: HttpTransport, settings: Settings, endpoint: string, response: HttpResponse): Promise<SettingsError | ControllerError | UnattributedAnswerError> {
  const probe = await http
    .send({ method: "GET", url: `${settings.url}/.well-known/opentalk/api`, service: "controller", settingHint: CONTROLLER_HINT })
    .catch(() => undefined);
  if (probe?.status === 200 && ControllerWellKnown.safeParse(parseJson(probe.text)).success) {
    return new SettingsError(
      `${URL_KEY.config} (${settings.url}) is the OpenTalk controller's address, not the web app's: set ${URL_KEY.config} ` +
        `(${URL_KEY.env}) to the address people open in their browser (room links are built on it), and, to skip ` +
        `discovery, ${CONTROLLER_KEY.config} to ${settings.url}.`,
    );
  }
  const answered =
    response.status === 200 ? "with something that is not OpenTalk's discovery document" : `${response.status}${isWebPage(response) ? " (a web page)" : ""}`;
  return new SettingsError(
    `${settings.url} does not look like an OpenTalk web app: ${endpoint} answered ${answered}. Set ${URL_KEY.config} ` +
      `(${URL_KEY.env}) to the address people open for OpenTalk, or set ${CONTROLLER_KEY.config} (${CONTROLLER_KEY.env}) ` +
      `to the controller's address if the web app does not publish that document.`,
  );
}

/**
 * Which Keycloak realm and client to log in with: `GET {api}/auth/login` names both (the web app's own client), and
 * the realm's OpenID configuration gives the token endpoint — so realms with and without the `/auth` prefix both
 * work, because the discovered URLs decide. The document must name the issuer it was fetched from (OpenID Connect
 * Discovery 1.0 §4.3), and its token endpoint must be on that issuer's origin: a rewritten document cannot send the
 * password elsewhere.
 */
export async function discoverOidc(http: HttpTransport, settings: Settings, api: ApiLocation): Promise<OidcLocation> {
  let issuer = settings.oidcUrl;
  let clientId = settings.clientId;
  if (!issuer || !clientId) {
    const endpoint = `${api.apiBase}auth/login`;
    const response = await http.send({ method: "GET", url: endpoint, service: "controller", settingHint: CONTROLLER_HINT });
    if (response.status !== 200) throw failureFrom("GET", endpoint, response, CONTROLLER_HINT);
    const info = decodeBody(OidcProviderInfo, response, "GET /v1/auth/login");
    if (!issuer) {
      issuer = info.oidc.url.replace(/\/+$/, "");
      checkDiscoveredUrl(settings, issuer, endpoint, "its Keycloak issuer");
    }
    // 0.29 names its OIDC provider "default" here, not the web app's client (ot-controller v0.29.0
    // crates/opentalk-controller-core/src/lib.rs ~449): logging in as client "default" could only fail.
    if (!clientId && info.oidc.name === "default") {
      throw new SettingsError(
        `This OpenTalk controller (0.29) does not say which Keycloak client its web app logs in with (GET /v1/auth/login ` +
          `names "default"): set ${SETTING_KEYS.clientId.config} (${SETTING_KEYS.clientId.env}) to that client, usually "Frontend".`,
      );
    }
    clientId ??= info.oidc.name;
  }
  const url = `${issuer}/.well-known/openid-configuration`;
  const response = await http.send({ method: "GET", url, service: "Keycloak", settingHint: OIDC_HINT });
  if (response.status !== 200) throw loginErrorFrom(response, { clientId, issuer });
  const config = decodeBody(OpenIdConfiguration, response, `GET ${new URL(url).pathname}`);
  if (config.issuer.replace(/\/+$/, "") !== issuer) {
    throw new SettingsError(
      `The OpenID configuration at ${url} names the issuer ${config.issuer}, not ${issuer}: it belongs to another realm or ` +
        `host, or was rewritten on the way. Refusing to log in there. ${OIDC_HINT}`,
    );
  }
  checkDiscoveredUrl(settings, config.token_endpoint, url, "its token endpoint", [new URL(issuer).origin]);
  return { issuer, clientId, tokenEndpoint: config.token_endpoint };
}
