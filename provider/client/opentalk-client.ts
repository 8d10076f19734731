import type { z } from "zod";
import { ControllerError } from "./errors";
import { discoverApi, discoverOidc, type ApiLocation, type OidcLocation } from "./discovery";
import { HttpTransport, type HttpResponse } from "./http-transport";
import { linkTarget } from "./link-header";
import { redactingLogger, silentLogger, type Logger } from "./logger";
import { redactPath, registerSecret } from "./redaction";
import { controllerErrorFrom, decodeBody } from "./responses";
import * as wire from "./schemas";
import type { Settings } from "./settings";
import { FixedTokenSource, PasswordTokenSource, type TokenSource } from "./token-source";

/** Room settings as the controller takes them on create (`POST /v1/rooms`) and update (`PATCH /v1/rooms/{id}`). */
export interface RoomSettingsBody {
  password?: string | null;
  waiting_room?: boolean;
  e2e_encryption?: boolean;
  guest_access?: string;
  enable_sip?: boolean;
}

export interface ClientOptions {
  logger?: Logger;
}

const CONTROLLER_HINT = "Check opentalk:url (OPENTALK_URL) or opentalk:controllerUrl (OPENTALK_CONTROLLER_URL).";
const PAGE_SIZE = 100;

/**
 * The OpenTalk controller API, authenticated. One instance serves every resource of a process (see client-cache):
 * discovery and login happen once, lazily, on the first call, and are shared by all concurrent calls.
 */
export class OpenTalkClient {
  /** The web address people open; links are built on it. */
  readonly webUrl: string;
  private readonly http: HttpTransport;
  private readonly logger: Logger;
  private readonly tokens: TokenSource;
  private api?: Promise<ApiLocation>;
  private oidc?: Promise<OidcLocation>;
  private me?: Promise<wire.PrivateUserProfile>;

  constructor(private readonly settings: Settings, options: ClientOptions = {}) {
    this.webUrl = settings.url;
    this.logger = redactingLogger(options.logger ?? silentLogger);
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

  // --- users ---------------------------------------------------------------------------------------------------

  /** The configured user (cached: it does not change within a process). */
  currentUser(): Promise<wire.PrivateUserProfile> {
    this.me ??= this.request("GET", "users/me", { schema: wire.PrivateUserProfile }).catch((error) => {
      this.me = undefined;
      throw error;
    });
    return this.me;
  }

  tariff(): Promise<wire.Tariff> {
    return this.request("GET", "users/me/tariff", { schema: wire.Tariff });
  }

  // --- rooms ---------------------------------------------------------------------------------------------------

  listRooms(): Promise<wire.Room[]> {
    return this.listAll("rooms", wire.Room);
  }

  getRoom(roomId: string): Promise<wire.Room> {
    return this.request("GET", `rooms/${seg(roomId)}`, { schema: wire.Room });
  }

  /** The controller answers 200 (not the 201 its spec says). Not retried after an ambiguous failure. */
  createRoom(body: RoomSettingsBody): Promise<wire.Room> {
    return this.request("POST", "rooms", { body, schema: wire.Room });
  }

  /** Never send an empty body: the controller fails on `{}`. Callers only patch what changed. */
  updateRoom(roomId: string, body: RoomSettingsBody): Promise<wire.Room> {
    if (Object.keys(body).length === 0) throw new Error("updateRoom called with nothing to change");
    return this.request("PATCH", `rooms/${seg(roomId)}`, { body, schema: wire.Room });
  }

  async deleteRoom(roomId: string): Promise<void> {
    await this.request("DELETE", `rooms/${seg(roomId)}`, {});
  }

  // --- SIP dial-in ---------------------------------------------------------------------------------------------

  /** The room's SIP dial-in config, or undefined when it has none (404). */
  async getSipConfig(roomId: string): Promise<wire.SipConfig | undefined> {
    const sip = await this.request("GET", `rooms/${seg(roomId)}/sip`, { schema: wire.SipConfig, allow404: true });
    if (sip) registerSecret(sip.password);
    return sip;
  }

  /** Creates (201, random PIN) or updates (200) the SIP config. */
  async putSipConfig(roomId: string, body: { lobby?: boolean; password?: string }): Promise<wire.SipConfig> {
    const sip = await this.request("PUT", `rooms/${seg(roomId)}/sip`, { body, schema: wire.SipConfig });
    registerSecret(sip.password);
    return sip;
  }

  async deleteSipConfig(roomId: string): Promise<void> {
    await this.request("DELETE", `rooms/${seg(roomId)}/sip`, { allow404: true });
  }

  // --- guest invites -------------------------------------------------------------------------------------------

  /** All invites of a room, inactive ones included (the controller lists soft-deleted invites too). */
  async listInvites(roomId: string): Promise<wire.Invite[]> {
    const invites = await this.listAll(`rooms/${seg(roomId)}/invites`, wire.Invite);
    for (const invite of invites) registerSecret(invite.invite_code);
    return invites;
  }

  async getInvite(roomId: string, code: string): Promise<wire.Invite> {
    registerSecret(code);
    return this.request("GET", `rooms/${seg(roomId)}/invites/${seg(code)}`, { schema: wire.Invite });
  }

  /** `expiration: null` = never expires. */
  async createInvite(roomId: string, expiration: string | null): Promise<wire.Invite> {
    const invite = await this.request("POST", `rooms/${seg(roomId)}/invites`, { body: { expiration }, schema: wire.Invite });
    registerSecret(invite.invite_code);
    return invite;
  }

  /** Always send the wanted expiration: the controller clears it when the field is omitted. */
  async updateInvite(roomId: string, code: string, expiration: string | null): Promise<wire.Invite> {
    registerSecret(code);
    return this.request("PUT", `rooms/${seg(roomId)}/invites/${seg(code)}`, { body: { expiration }, schema: wire.Invite });
  }

  /** A soft delete on the server: the invite stays listed with `active: false`. */
  async deleteInvite(roomId: string, code: string): Promise<void> {
    registerSecret(code);
    await this.request("DELETE", `rooms/${seg(roomId)}/invites/${seg(code)}`, {});
  }

  /** What a guest's browser does with a guest link; undefined when the code is not usable (404). */
  async verifyInvite(code: string): Promise<wire.InviteVerification | undefined> {
    registerSecret(code);
    return this.request("POST", "invite/verify", {
      body: { invite_code: code },
      schema: wire.InviteVerification,
      allow404: true,
      anonymous: true,
      idempotent: true,
    });
  }

  /** Free the connection pool (tests and the CLI; a provider process simply exits). */
  async close(): Promise<void> {
    await this.http.close();
  }

  // --- plumbing ------------------------------------------------------------------------------------------------

  private async listAll<S extends z.ZodType>(path: string, item: S): Promise<z.infer<S>[]> {
    const api = await this.apiLocation();
    const items: z.infer<S>[] = [];
    let url: string | undefined = `${api.apiBase}${path}?per_page=${PAGE_SIZE}&page=1`;
    while (url) {
      const response = await this.authorized("GET", url);
      const endpoint = `GET ${new URL(url).pathname}`;
      if (response.status !== 200) throw this.failure("GET", url, response);
      items.push(...(decodeBody(item.array(), response, endpoint) as z.infer<S>[]));
      const next = linkTarget(response.headers["link"], "next");
      url = next ? new URL(next, url).href : undefined;
    }
    return items;
  }

  private async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; schema?: z.ZodType<T>; allow404?: boolean; anonymous?: boolean; idempotent?: boolean },
  ): Promise<T> {
    const api = await this.apiLocation();
    const url = `${api.apiBase}${path}`;
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
}

const CLAIM_NAMES: Record<string, string> = { email: "email", given_name: "first name", family_name: "last name" };

function jsonHeaders(body: string | undefined): Record<string, string> {
  return body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" };
}

function seg(value: string): string {
  return encodeURIComponent(value);
}
