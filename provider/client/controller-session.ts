import type { z } from "zod";
import { ControllerError } from "./errors";
import { CONTROLLER_HINT, discoverApi, discoverOidc, type ApiLocation, type OidcLocation } from "./discovery";
import { HttpTransport, type HttpResponse } from "./http-transport";
import { linkTarget } from "./link-header";
import { redactingLogger, silentLogger, type Logger } from "./logger";
import { redactPath } from "./redaction";
import { controllerErrorFrom, decodeBody } from "./responses";
import type { Settings } from "./settings";
import { FixedTokenSource, PasswordTokenSource, type TokenSource } from "./token-source";

const PAGE_SIZE = 100;

export interface RequestOptions<T> {
  body?: unknown;
  /** Query parameters, appended in order. */
  query?: Record<string, string | number | boolean | undefined>;
  schema?: z.ZodType<T>;
  /** Answer 404 with undefined instead of an error. */
  allow404?: boolean;
  /** Without a token (invite verification). */
  anonymous?: boolean;
  idempotent?: boolean;
}

/**
 * An authenticated conversation with one controller: discovery and login happen once, lazily, on the first call,
 * and are shared by all concurrent calls; every request carries the current token, and a 401 leads to one new
 * login and one replay. Failures become ControllerErrors with advice. The endpoints live in OpenTalkClient.
 */
export class ControllerSession {
  readonly logger: Logger;
  private readonly http: HttpTransport;
  private readonly tokens: TokenSource;
  private api?: Promise<ApiLocation>;
  private oidc?: Promise<OidcLocation>;

  constructor(private readonly settings: Settings, logger?: Logger) {
    this.logger = redactingLogger(logger ?? silentLogger);
    this.http = new HttpTransport({ timeoutMs: settings.requestTimeoutMs, logger: this.logger });
    if (settings.accessToken) {
      this.tokens = new FixedTokenSource(settings.accessToken);
    } else {
      const { username, password } = settings.credentials!;
      this.tokens = new PasswordTokenSource({
        http: this.http,
        oidc: () => this.oidcLocation(),
        username,
        password,
        clientSecret: settings.clientSecret,
        logger: this.logger,
        afterLogin: (idToken) => this.controllerLogin(idToken),
      });
    }
  }

  /** Every page of a `page`/`per_page` list, following `Link: rel="next"` (rooms, invites). */
  async listAll<S extends z.ZodType>(path: string, item: S): Promise<z.infer<S>[]> {
    const api = await this.apiLocation();
    const items: z.infer<S>[] = [];
    let url: string | undefined = `${api.apiBase}${path}?per_page=${PAGE_SIZE}&page=1`;
    const seen = new Set<string>();
    // A Link that points back at a page already read would loop for ever; stop there.
    while (url && !seen.has(url)) {
      seen.add(url);
      const response = await this.authorized("GET", url);
      const endpoint = `GET ${new URL(url).pathname}`;
      if (response.status !== 200) throw this.failure("GET", url, response);
      items.push(...(decodeBody(item.array(), response, endpoint) as z.infer<S>[]));
      const next = linkTarget(response.headers["link"], "next");
      url = next ? new URL(next, url).href : undefined;
    }
    return items;
  }

  /**
   * Every item of a cursor list (events): `per_page` and `after`, following `Link: rel="after"`. The controller
   * sends that link with every non-empty page, so a page shorter than asked for is the last.
   */
  async listByCursor<S extends z.ZodType>(path: string, item: S, query: RequestOptions<unknown>["query"], perPage = PAGE_SIZE, limit = Infinity): Promise<z.infer<S>[]> {
    const api = await this.apiLocation();
    const items: z.infer<S>[] = [];
    let url: string | undefined = `${api.apiBase}${path}${queryString({ ...query, per_page: perPage })}`;
    while (url && items.length < limit) {
      const response = await this.authorized("GET", url);
      if (response.status !== 200) throw this.failure("GET", url, response);
      const page = decodeBody(item.array(), response, `GET ${new URL(url).pathname}`) as z.infer<S>[];
      items.push(...page);
      const after = linkTarget(response.headers["link"], "after");
      url = page.length === perPage && after ? new URL(after, url).href : undefined;
    }
    return items.slice(0, limit);
  }

  async request<T>(
    method: string,
    path: string,
    options: RequestOptions<T>,
  ): Promise<T> {
    const api = await this.apiLocation();
    const url = `${api.apiBase}${path}${queryString(options.query)}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const response = options.anonymous
      ? await this.http.send({ method, url, headers: jsonHeaders(body), body, idempotent: options.idempotent, service: "controller", settingHint: CONTROLLER_HINT })
      : await this.authorized(method, url, body);
    if (response.status === 404 && options.allow404) return undefined as T;
    if (response.status >= 400) throw this.failure(method, url, response);
    if (!options.schema || response.status === 204) return undefined as T;
    return decodeBody(options.schema, response, `${method} ${redactPath(new URL(url).pathname)}`);
  }

  /** Send with the current token; on 401 get a new one once and replay (the token may have been revoked). */
  private async authorized(method: string, url: string, body?: string): Promise<HttpResponse> {
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
      if (response.status !== 401 || attempt > 1 || !this.tokens.canRenew) return response;
      this.logger.debug(`${method} ${new URL(url).pathname} answered 401; logging in again and replaying once`);
      this.tokens.reject(token);
    }
  }

  private failure(method: string, url: string, response: HttpResponse): ControllerError {
    const error = controllerErrorFrom(method, new URL(url).pathname, response);
    const missing = /userinfo claims are missing mandatory '(\w+)'/.exec(error.serverMessage ?? "")?.[1];
    if (missing) {
      const user = this.settings.credentials?.username ?? "the configured user";
      return error.withHint(
        `the OpenTalk user "${user}" has no ${CLAIM_NAMES[missing] ?? missing} in Keycloak: OpenTalk requires an email, ` +
          `a first name and a last name — set them in Keycloak (Users → ${user} → Details)`,
      );
    }
    if (response.status === 401 && !this.tokens.canRenew) {
      return error.withHint("the configured opentalk:accessToken was rejected (expired?): give a fresh one, or configure a username and password");
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
    if (response.status === 200 || response.status === 404 || response.status === 405) return;
    throw this.failure("POST", `${api.apiBase}auth/login`, response);
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

const CLAIM_NAMES: Record<string, string> = { email: "email", given_name: "first name", family_name: "last name" };

function jsonHeaders(body: string | undefined): Record<string, string> {
  return body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" };
}

function queryString(query: RequestOptions<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
