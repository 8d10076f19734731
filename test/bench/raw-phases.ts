// The raw baseline: the calls the provider makes for each phase (workload.ts plans them), sent directly with undici
// at the same parallelism — each resource's calls in one slot, one after the other, as one engine step makes them —
// with nothing around them: no host, no gRPC, no validation, no retry policy. It discovers and logs in like a fresh
// process (within the create phase's time), in the best order: its release probe runs beside the login chain, and its
// token is renewed in the background before it expires.
//
//   create   POST /v1/rooms, then POST /v1/rooms/{id}/invites (0.34) or GET /v1/rooms/{id} (0.35);
//            POST /v1/events, then GET /v1/rooms/{room}/sip (0.34+)
//   diff     nothing (the provider diffs locally)
//   refresh  GET /v1/rooms/{id}; GET …/invites/{code} (0.34) or GET /v1/rooms/{id} (0.35); GET /v1/events/{id}, GET …/sip
//   update   PATCH /v1/rooms/{id} {waiting_room: true}; PATCH /v1/events/{id} {title}
//   destroy  DELETE …/invites/{code} (0.34), then DELETE /v1/rooms/{id}; DELETE /v1/events/{id}
import { setImmediate as nextTurn } from "node:timers/promises";
import { Agent, request } from "undici";
import type { Sandbox } from "../sandbox";
import { timePhases, type BaselinePhase, type PhaseName } from "./measurements";
import { concurrencyLimit, type Limit } from "./parallelism";
import { updatedMeeting, declaredMeeting } from "./provider-phases";
import type { Workload } from "./workload";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
}

class RawApi {
  private token!: Tokens;
  private renewAt = 0;
  private expiresAt = 0;
  private renewing?: Promise<void>;
  private tokenEndpoint = "";

  private constructor(
    private readonly agent: Agent,
    private readonly sandbox: Sandbox,
  ) {}

  /** Discovery and login as a fresh process makes them, timed with the create phase. */
  static async connect(sandbox: Sandbox): Promise<RawApi> {
    // The provider's transport pool (provider/client/http-transport.ts), so both sides may open as many connections.
    const api = new RawApi(new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 }), sandbox);
    await api.json("GET", `${sandbox.url}/.well-known/opentalk/client`);
    await api.json("GET", `${sandbox.controllerUrl}/.well-known/opentalk/api`);
    const [, login] = await Promise.all([
      api.json("GET", `${sandbox.controllerUrl}/v1/openapi.json`),
      api.json("GET", `${sandbox.controllerUrl}/v1/auth/login`),
    ]);
    const issuer = (login as { oidc: { url: string } }).oidc.url;
    api.tokenEndpoint = ((await api.json("GET", `${issuer}/.well-known/openid-configuration`)) as { token_endpoint: string }).token_endpoint;
    await api.grant({ grant_type: "password", username: sandbox.username, password: sandbox.password, scope: "openid profile email" });
    return api;
  }

  async send(method: Method, path: string, body?: unknown): Promise<any> {
    return this.json(method, `${this.sandbox.controllerUrl}/v1/${path}`, body, await this.bearer());
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** The current token; from four fifths of its life on, a renewal runs beside the requests that still use it. */
  private async bearer(): Promise<string> {
    if (Date.now() >= this.renewAt) {
      this.renewing ??= this.grant({ grant_type: "refresh_token", refresh_token: this.token.refresh_token }).finally(() => (this.renewing = undefined));
      if (Date.now() >= this.expiresAt) await this.renewing;
    }
    return this.token.access_token;
  }

  private async grant(form: Record<string, string>): Promise<void> {
    const sentAt = Date.now();
    const response = await request(this.tokenEndpoint, {
      dispatcher: this.agent,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, client_id: this.sandbox.clientId }).toString(),
    });
    const tokens = (await response.body.json()) as Tokens;
    if (response.statusCode !== 200) throw new Error(`raw baseline: token grant answered ${response.statusCode}`);
    await this.json("POST", `${this.sandbox.controllerUrl}/v1/auth/login`, { id_token: tokens.id_token });
    this.token = tokens;
    this.renewAt = sentAt + tokens.expires_in * 800 - 1000;
    this.expiresAt = sentAt + tokens.expires_in * 1000 - 1000;
  }

  private async json(method: Method, url: string, body?: unknown, token?: string): Promise<any> {
    const response = await request(url, {
      dispatcher: this.agent,
      method,
      headers: {
        accept: "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    // As the provider's transport does: undici frees the socket one turn after the answer, so a request sent at once
    // would open another connection.
    await nextTurn();
    if (response.statusCode >= 400) throw new Error(`raw baseline: ${method} ${new URL(url).pathname} answered ${response.statusCode}: ${text}`);
    return text === "" ? undefined : JSON.parse(text);
  }
}

interface RawContext {
  sandbox: Sandbox;
  workload: Workload;
  api?: RawApi;
  limit: Limit;
  rooms: Array<{ id: string; inviteCode?: string }>;
  meetings: Array<{ id: string; roomId: string }>;
}

const SUPPRESS = "suppress_email_notification=true";

const RUNNERS: Record<PhaseName, (ctx: RawContext) => Promise<unknown>> = {
  async create(ctx) {
    const api = (ctx.api = await RawApi.connect(ctx.sandbox));
    const { workload: w, limit } = ctx;
    // Asked once per process, beside the first creates: guests allowed (0.35 guest links) or dial-in (meetings' SIP).
    const tariff = !w.inviteCodes || (w.meetings > 0 && w.meetingSipReadable) ? api.send("GET", "users/me/tariff") : undefined;
    const rooms = Promise.all(Array.from({ length: w.rooms }, async () => {
      const room = await limit(() => api.send("POST", "rooms", { waiting_room: false, e2e_encryption: false, enable_sip: false }));
      if (!w.inviteCodes) {
        await limit(() => api.send("GET", `rooms/${room.id}`));
        return { id: room.id as string };
      }
      const invite = await limit(() => api.send("POST", `rooms/${room.id}/invites`, { expiration: null }));
      return { id: room.id as string, inviteCode: invite.invite_code as string };
    }));
    const meetings = Promise.all(Array.from({ length: w.meetings }, (_, i) => limit(async () => {
      const event = await api.send("POST", `events?${SUPPRESS}`, { ...declaredMeeting(i), description: "", is_adhoc: false, is_time_independent: true, waiting_room: false, e2e_encryption: false });
      if (w.meetingSipReadable) await api.send("GET", `rooms/${event.room.id}/sip`);
      return { id: event.id as string, roomId: event.room.id as string };
    })));
    [ctx.rooms, ctx.meetings] = await Promise.all([rooms, meetings, tariff]);
  },
  async diff() {},
  async refresh(ctx) {
    const { api, limit, workload: w } = { ...ctx, api: ctx.api! };
    await Promise.all([
      ...ctx.rooms.flatMap((room) => [
        limit(() => api.send("GET", `rooms/${room.id}`)),
        limit(() => api.send("GET", w.inviteCodes ? `rooms/${room.id}/invites/${room.inviteCode}` : `rooms/${room.id}`)),
      ]),
      ...ctx.meetings.map((meeting) => limit(async () => {
        await api.send("GET", `events/${meeting.id}`);
        if (w.meetingSipReadable) await api.send("GET", `rooms/${meeting.roomId}/sip`);
      })),
    ]);
  },
  async update(ctx) {
    const { api, limit } = { ...ctx, api: ctx.api! };
    await Promise.all([
      ...ctx.rooms.map((room) => limit(() => api.send("PATCH", `rooms/${room.id}`, { waiting_room: true }))),
      ...ctx.meetings.map((meeting, i) => limit(() => api.send("PATCH", `events/${meeting.id}?${SUPPRESS}`, updatedMeeting(i)))),
    ]);
  },
  async destroy(ctx) {
    const { api, limit, workload: w } = { ...ctx, api: ctx.api! };
    await Promise.all([
      ...ctx.rooms.map(async (room) => {
        if (w.inviteCodes) await limit(() => api.send("DELETE", `rooms/${room.id}/invites/${room.inviteCode}`));
        await limit(() => api.send("DELETE", `rooms/${room.id}`));
      }),
      ...ctx.meetings.map((meeting) => limit(() => api.send("DELETE", `events/${meeting.id}?${SUPPRESS}`))),
    ]);
    ctx.rooms = [];
    ctx.meetings = [];
  },
};

export interface RawRunOptions {
  sandbox: Sandbox;
  workload: Workload;
  parallelism: number;
}

export async function measureRawPhases(options: RawRunOptions): Promise<BaselinePhase[]> {
  const ctx: RawContext = { sandbox: options.sandbox, workload: options.workload, limit: concurrencyLimit(options.parallelism), rooms: [], meetings: [] };
  try {
    return await timePhases(options.sandbox, RUNNERS, ctx);
  } finally {
    await ctx.api?.close();
  }
}
