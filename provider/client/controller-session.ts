import type { z } from "zod";
import { ControllerError, ResponseShapeError, type UnattributedAnswerError } from "./errors";
import { CONTROLLER_HINT, discoverApi, discoverOidc, type ApiLocation, type OidcLocation } from "./discovery";
import { HttpTransport, type HttpResponse } from "./http-transport";
import { linkTarget } from "./link-header";
import { redactingLogger, silentLogger, type Logger } from "./logger";
import { redactPath } from "./redaction";
import { decodeBody, failureFrom, isWebPage, parseJson } from "./responses";
import { SETTING_KEYS, type Settings } from "./settings";
import { tokenSourceFor, type TokenSource } from "./token-source";

const PAGE_SIZE = 100;

export interface RequestOptions<T> {
  body?: unknown;
  /** Query parameters, appended in order. */
  query?: Record<string, string | number | boolean | undefined>;
  schema?: z.ZodType<T>;
  /**
   * The statuses that mean success for this endpoint; every other answer is a failure (a redirect or a proxy's 200
   * page never counts). Default: GET and PATCH 200, POST and PUT 200 or 201, DELETE 204.
   */
  expect?: readonly number[];
  /** Without a token (invite verification). */
  anonymous?: boolean;
  idempotent?: boolean;
}

const SUCCESS: Record<string, readonly number[]> = {
  GET: [200],
  PATCH: [200],
  // The controller answers creates with 200 although its OpenAPI file says 201 (API-NOTES §10); both count.
  POST: [200, 201],
  // PUT /sip answers 201 when it creates the config, 200 when it changes it.
  PUT: [200, 201],
  DELETE: [204],
};

/**
 * An authenticated conversation with one controller: discovery and login happen once, lazily, on the first call,
 * and are shared by all concurrent calls; every request carries the current token, and a 401 leads to one new
 * login and one replay. Only the statuses an endpoint answers on success count as success; every other answer is
 * attributed (responses.ts: the controller's word, or something in front of it) and thrown. The endpoints live in
 * OpenTalkClient.
 */
export class ControllerSession {
  readonly logger: Logger;
  private readonly http: HttpTransport;
  private readonly tokens: TokenSource;
  private api?: Promise<ApiLocation>;
  private oidc?: Promise<OidcLocation>;
  /** Set once the release is known (OpenTalkClient.capabilities): 0.30 answers a rejected token with 500. */
  rejectsTokensWith500 = false;
  /** A token that got a 500 again right after it replaced one: its 500s are the controller's real failures. */
  private tokenWithGenuine500s?: string;

  constructor(private readonly settings: Settings, logger?: Logger) {
    this.logger = redactingLogger(logger ?? silentLogger);
    this.http = new HttpTransport({ timeoutMs: settings.requestTimeoutMs, logger: this.logger });
    this.tokens = tokenSourceFor(settings, {
      http: this.http,
      oidc: () => this.oidcLocation(),
      logger: this.logger,
      afterGrant: (idToken) => this.controllerLogin(idToken),
    });
  }

  /**
   * Every page of a `page`/`per_page` list, following `Link: rel="next"` (rooms, invites). The controller builds its
   * links from its own view of the request (behind a proxy: an internal host, plain http, no path prefix), so only a
   * link's query is taken, and the next page is asked for at the configured controller: the token never goes
   * anywhere else.
   */
  async listAll<S extends z.ZodType>(path: string, item: S): Promise<z.infer<S>[]> {
    const api = await this.apiLocation();
    const items: z.infer<S>[] = [];
    let url: string | undefined = `${api.apiBase}${path}?per_page=${PAGE_SIZE}&page=1`;
    const seen = new Set<string>();
    // A Link that points back at a page already read would loop for ever; stop there.
    while (url && !seen.has(url)) {
      seen.add(url);
      const response = await this.exchange("GET", url, { schema: item.array() });
      items.push(...(response.body as z.infer<S>[]));
      url = nextPageUrl(api, path, linkTarget(response.headers["link"], "next"), url);
    }
    return items;
  }

  /**
   * Every item of a cursor list (events): `per_page` and `after`, following `Link: rel="after"`. Released controllers
   * append recurrence exceptions after their event, so a page can hold more items than `per_page`
   * (ot-controller v0.30.1 controller_backend/events, RELEASES.md): only events count towards a full page. The last
   * page is one without an `after` link, or with fewer events than asked for.
   */
  async listByCursor<S extends z.ZodType>(path: string, item: S, query: RequestOptions<unknown>["query"], perPage = PAGE_SIZE, limit = Infinity): Promise<z.infer<S>[]> {
    const api = await this.apiLocation();
    const items: z.infer<S>[] = [];
    let url: string | undefined = `${api.apiBase}${path}${queryString({ ...query, per_page: perPage })}`;
    const seen = new Set<string>();
    while (url && !seen.has(url) && items.length < limit) {
      seen.add(url);
      const response = await this.exchange("GET", url, { schema: item.array() });
      const page = response.body as z.infer<S>[];
      items.push(...page);
      const events = page.filter((entry) => (entry as { type?: string }).type !== "exception").length;
      const after = linkTarget(response.headers["link"], "after");
      url = events >= perPage ? nextPageUrl(api, path, after, url) : undefined;
    }
    return items.slice(0, limit);
  }

  /** Discovery and login, as the first authenticated call would do them; nothing when they are done. */
  async signIn(): Promise<void> {
    await this.apiLocation();
    await this.tokens.token();
  }

  async request<T>(method: string, path: string, options: RequestOptions<T>): Promise<T> {
    const api = await this.apiLocation();
    const url = `${api.apiBase}${path}${queryString(options.query)}`;
    return (await this.exchange(method, url, options)).body as T;
  }

  /** One request at a URL under the API base: send, judge the answer, decode a success. */
  private async exchange<T>(method: string, url: string, options: RequestOptions<T>): Promise<{ body: T | undefined; headers: HttpResponse["headers"] }> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const response = options.anonymous
      ? await this.http.send({ method, url, headers: jsonHeaders(body), body, idempotent: options.idempotent, service: "controller", settingHint: CONTROLLER_HINT })
      : await this.authorized(method, url, body);
    const expected = options.expect ?? SUCCESS[method] ?? [200];
    if (!expected.includes(response.status) || (response.status < 300 && isWebPage(response))) {
      throw this.failure(method, url, response);
    }
    if (!options.schema || response.status === 204) return { body: undefined, headers: response.headers };
    return { body: decodeBody(options.schema, response, `${method} ${redactPath(new URL(url).pathname)}`), headers: response.headers };
  }

  /**
   * Send with the current token; when the controller rejects it, get a new one once and replay (the token may have
   * been revoked or the session ended). Rejection is a 401 — and on OpenTalk 0.30 also its internal-error 500 for
   * reads, updates and deletes (capabilities.ts `rejectsTokensWith500`). A create is not replayed on a 500: it might
   * have been carried out.
   */
  private async authorized(method: string, url: string, body?: string): Promise<HttpResponse> {
    const api = await this.apiLocation();
    // Every URL is built on the API base (pagination links included), so the token never leaves the controller; this
    // guards that promise against a future call site that forgets it.
    if (!url.startsWith(api.apiBase)) throw new Error(`refusing to send the access token to ${new URL(url).origin}: not under ${api.apiBase}`);
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.token();
      const response = await this.http.send({
        method,
        url,
        headers: { ...jsonHeaders(body), authorization: `Bearer ${token}` },
        body,
        service: "controller",
        settingHint: CONTROLLER_HINT,
      });
      const suspect500 = this.rejectsTokensWith500 && token !== this.tokenWithGenuine500s && maybeRejectedToken(method, response);
      // 0.30 also answers some lookups of missing things with 500 (an unknown invite code): once a fresh token gets one
      // too, that token's 500s are taken as they are, so a refresh does not renew the token for every missing link.
      if (attempt > 1 && suspect500) this.tokenWithGenuine500s = token;
      const rejected = response.status === 401 || suspect500;
      if (attempt > 1 || !this.tokens.canRenew || !rejected) return response;
      this.logger.debug(`${method} ${new URL(url).pathname} answered ${response.status}; logging in again and replaying once`);
      this.tokens.reject(token);
    }
  }

  private failure(method: string, url: string, response: HttpResponse): ControllerError | UnattributedAnswerError {
    const error = failureFrom(method, url, response, CONTROLLER_HINT);
    if (!(error instanceof ControllerError)) return error;
    const missing = /userinfo claims are missing mandatory '(\w+)'/.exec(error.serverMessage ?? "")?.[1];
    if (missing) return error.withHint(missingProfileHint(this.settings, CLAIM_NAMES[missing] ?? missing));
    // 0.29's login checks the ID token's claims without saying which one is missing (ot-controller v0.29.0
    // crates/opentalk-controller-core/src/api/v1/auth/mod.rs ~114: `invalid_claims`).
    if (error.code === "invalid_claims") return error.withHint(missingProfileHint(this.settings, "email, first name or last name"));
    if (this.tokens.canRenew) return error;
    const fixed = SETTING_KEYS.accessToken;
    if (error.code === "unknown_sub") {
      return error.withHint(
        `OpenTalk 0.29 knows only users who have logged in once, and the user of ${fixed.config} has not: sign in to the ` +
          `OpenTalk web app once as that user, or configure a login (a service account, or a username and password) instead of a token`,
      );
    }
    const renewal = `a login (a service account, or a username and password) so tokens are renewed`;
    if (response.status === 401) {
      return error.withHint(`the configured ${fixed.config} (${fixed.env}) was rejected — expired or revoked: give a fresh one, or configure ${renewal}`);
    }
    if (maybeRejectedToken(method, response)) {
      return error.withHint(
        `if every call fails like this, the configured ${fixed.config} (${fixed.env}) was probably rejected — OpenTalk 0.30 ` +
          `answers an expired or revoked token with this 500: give a fresh one, or configure ${renewal}`,
      );
    }
    return error;
  }

  private apiLocation(): Promise<ApiLocation> {
    this.api ??= discoverApi(this.http, this.settings).catch((error) => {
      this.api = undefined;
      throw error;
    });
    return this.api;
  }

  private oidcLocation(): Promise<OidcLocation> {
    this.oidc ??= this.apiLocation()
      .then((api) => discoverOidc(this.http, this.settings, api))
      .catch((error) => {
        this.oidc = undefined;
        throw error;
      });
    return this.oidc;
  }

  /**
   * `POST /v1/auth/login` with the id_token: controllers up to 0.29 create the user here and refuse every call
   * before it (`unknown_sub`); from 0.30 it is deprecated and harmless. A controller that no longer has the
   * endpoint (404/405) is fine too.
   */
  private async controllerLogin(idToken: string | undefined): Promise<void> {
    if (!idToken) return;
    const api = await this.apiLocation();
    const body = JSON.stringify({ id_token: idToken });
    const response = await this.http.send({
      method: "POST",
      url: `${api.apiBase}auth/login`,
      headers: jsonHeaders(body),
      body,
      idempotent: true,
      service: "controller",
      settingHint: CONTROLLER_HINT,
    });
    if (response.status === 200) return;
    const failure = this.failure("POST", `${api.apiBase}auth/login`, response);
    if (failure instanceof ControllerError && failure.meaning === "no-route") return;
    throw failure;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

const CLAIM_NAMES: Record<string, string> = { email: "email", given_name: "first name", family_name: "last name" };

/** OpenTalk requires an email, a first and a last name of every user; where to set them depends on who logs in. */
function missingProfileHint(settings: Settings, field: string): string {
  const login = settings.login;
  if (login.kind === "client-credentials") {
    const user = `service-account-${login.clientId.toLowerCase()}`;
    return (
      `the service account of client "${login.clientId}" has no ${field}: OpenTalk requires an email, a first name and a ` +
      `last name — set them on ${user} in Keycloak: Clients → ${login.clientId} → Service account roles → the user link ` +
      `(${user}) → Details`
    );
  }
  const user = login.kind === "password" ? login.username : "the configured user";
  return (
    `the OpenTalk user "${user}" has no ${field} in Keycloak: OpenTalk requires an email, a first name and a last name — ` +
    `set them in Keycloak (Users → ${user} → Details)`
  );
}

function jsonHeaders(body: string | undefined): Record<string, string> {
  return body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" };
}

/** A 500 that may be 0.30's answer to a rejected token: the controller's own internal error, to a repeatable request. */
function maybeRejectedToken(method: string, response: HttpResponse): boolean {
  if (response.status !== 500 || method === "POST") return false;
  const body = parseJson(response.text) as { code?: unknown } | undefined;
  return body?.code === "internal_server_error";
}

/**
 * The URL of the next page of the list at `path`: the query of the controller's link, asked of the configured API
 * base. A link to another list is not followed blindly: the list would be incomplete without a word, and an
 * incomplete list of rooms could make a room look gone.
 */
function nextPageUrl(api: ApiLocation, path: string, link: string | undefined, current: string): string | undefined {
  if (!link) return undefined;
  const target = new URL(link, current);
  if (!decodeURIComponent(target.pathname).replace(/\/+$/, "").endsWith(`/${decodeURIComponent(path)}`)) {
    throw new ResponseShapeError(`GET ${redactPath(new URL(current).pathname)}`, "Link", `the next page is announced at ${redactPath(target.pathname)}, another list`);
  }
  return `${api.apiBase}${path}${target.search}`;
}

function queryString(query: RequestOptions<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
