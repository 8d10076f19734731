import { SettingsError } from "./errors";
import { isLoopback } from "./loopback";
import { SETTING_KEYS, type Settings } from "./settings";

/**
 * Where credentials may go. The password (or client secret) goes only to Keycloak's token endpoint, the access token
 * only to the controller's API; both addresses come from settings or from OpenTalk's own discovery, and discovery is
 * only believed within these rules:
 * - an address on an origin the user configured (opentalk:url, controllerUrl, oidcUrl, trustedOrigins), or one that a
 *   configured or discovered OpenTalk server legitimately names: the controller the web app names, the issuer the
 *   controller names — and the token endpoint only on the issuer's own origin;
 * - never plain http to another machine unless opentalk:allowInsecureHttp says so, and never an https → http step
 *   down made by discovery (someone in between could have rewritten the document that named the http address).
 */
/**
 * A URL that discovery found at `namedBy` (a URL of a server already trusted): accepted if it stays on plain-text
 * rules and, when `origins` is given, on one of those origins. `what` says what the URL is, for the message.
 */
export function checkDiscoveredUrl(
  settings: Settings,
  url: string,
  namedBy: string,
  what: string,
  allowedOrigins?: readonly string[],
): void {
  const target = new URL(url);
  const source = new URL(namedBy);
  const insecure = SETTING_KEYS.allowInsecureHttp;
  if (target.username || target.password) {
    throw new SettingsError(`${namedBy} names ${what} with a user name or password in its address: refusing to use it.`);
  }
  if (target.protocol === "http:" && !isLoopback(target.hostname)) {
    if (source.protocol === "https:") {
      throw new SettingsError(
        `${source.origin} (https) names ${what} at ${target.origin}, plain http: a step down from https that would send ` +
          `credentials unencrypted, and that someone between you and the server could have made. Refusing it. If that ` +
          `address is really meant, configure it yourself (${settingFor(what)}) together with ${insecure.config}=true.`,
      );
    }
    if (!settings.allowInsecureHttp) {
      throw new SettingsError(
        `${source.origin} names ${what} at ${target.origin}, plain http to another machine, which would carry credentials ` +
          `unencrypted. Serve it over https, or set ${insecure.config} to true (${insecure.env}=true) on a network you trust.`,
      );
    }
  }
  if (allowedOrigins && !allowedOrigins.includes(target.origin) && !settings.trustedOrigins.includes(target.origin)) {
    const trusted = SETTING_KEYS.trustedOrigins;
    throw new SettingsError(
      `${namedBy} names ${what} at ${target.origin}, which is not ${allowedOrigins.join(" or ")}: refusing to send ` +
        `credentials there. If that server really belongs to your OpenTalk deployment, add its origin to ${trusted.config} ` +
        `(${trusted.env}), e.g. "${target.origin}".`,
    );
  }
}

function settingFor(what: string): string {
  if (/controller/.test(what)) return SETTING_KEYS.controllerUrl.config;
  if (/issuer|Keycloak|token/.test(what)) return SETTING_KEYS.oidcUrl.config;
  return SETTING_KEYS.trustedOrigins.config;
}
