// The raw baseline: the same API calls the provider makes for each phase, sent directly with undici at the same
// parallelism, with one token fetched once beforehand (outside the timings) and no discovery. What the provider
// costs on top of this is the host, gRPC, the engine's steps, validation and the client.
//
//   create   POST /v1/rooms, then POST /v1/rooms/{id}/invites
//   diff     nothing (the provider diffs locally)
//   refresh  GET /v1/rooms/{id}, GET /v1/rooms/{id}/invites/{code}
//   update   PATCH /v1/rooms/{id} {waiting_room: true}
//   destroy  DELETE /v1/rooms/{id}/invites/{code}, then DELETE /v1/rooms/{id}
import { Agent, request } from "undici";
import type { Sandbox } from "../sandbox";
import { timePhases, type PhaseName, type BaselinePhase } from "./measurements";
import { concurrencyLimit, type Limit } from "./parallelism";

interface RawRoom {
  id: string;
  inviteCode?: string;
}

class RawApi {
  private readonly agent: Agent;

  constructor(
    private readonly controllerUrl: string,
    private readonly token: string,
  ) {
    // The provider's transport pool (provider/client/http-transport.ts), so both sides may open as many connections.
    this.agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 32 });
  }

  static async login(sandbox: Sandbox): Promise<RawApi> {
    const body = new URLSearchParams({
      grant_type: "password",
      client_id: sandbox.clientId,
      username: sandbox.username,
      password: sandbox.password,
      scope: "openid profile email",
    });
    const response = await request(`${sandbox.oidcUrl}/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    const tokens = (await response.body.json()) as { access_token?: string };
    if (response.statusCode !== 200 || !tokens.access_token) throw new Error(`raw baseline login failed: ${response.statusCode}`);
    return new RawApi(sandbox.controllerUrl, tokens.access_token);
  }

  async send(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<any> {
    const response = await request(`${this.controllerUrl}/v1/${path}`, {
      dispatcher: this.agent,
      method,
      headers: {
        accept: "application/json",
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw new Error(`raw baseline: ${method} /v1/${path} answered ${response.statusCode}: ${text}`);
    return text === "" ? undefined : JSON.parse(text);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

interface RawContext {
  api: RawApi;
  limit: Limit;
  rooms: RawRoom[];
  n: number;
}

const RUNNERS: Record<PhaseName, (ctx: RawContext) => Promise<unknown>> = {
  async create(ctx) {
    ctx.rooms = await Promise.all(Array.from({ length: ctx.n }, async () => {
      const room = await ctx.limit(() => ctx.api.send("POST", "rooms", { waiting_room: false, e2e_encryption: false, enable_sip: false }));
      const invite = await ctx.limit(() => ctx.api.send("POST", `rooms/${room.id}/invites`, { expiration: null }));
      return { id: room.id as string, inviteCode: invite.invite_code as string };
    }));
  },
  async diff() {},
  async refresh(ctx) {
    await Promise.all(ctx.rooms.flatMap((room) => [
      ctx.limit(() => ctx.api.send("GET", `rooms/${room.id}`)),
      ctx.limit(() => ctx.api.send("GET", `rooms/${room.id}/invites/${room.inviteCode}`)),
    ]));
  },
  async update(ctx) {
    await Promise.all(ctx.rooms.map((room) => ctx.limit(() => ctx.api.send("PATCH", `rooms/${room.id}`, { waiting_room: true }))));
  },
  async destroy(ctx) {
    await Promise.all(ctx.rooms.map(async (room) => {
      await ctx.limit(() => ctx.api.send("DELETE", `rooms/${room.id}/invites/${room.inviteCode}`));
      await ctx.limit(() => ctx.api.send("DELETE", `rooms/${room.id}`));
    }));
    ctx.rooms = [];
  },
};

export interface RawRunOptions {
  sandbox: Sandbox;
  n: number;
  parallelism: number;
}

export async function measureRawPhases(options: RawRunOptions): Promise<BaselinePhase[]> {
  const { sandbox, n, parallelism } = options;
  const api = await RawApi.login(sandbox);
  try {
    const ctx: RawContext = { api, limit: concurrencyLimit(parallelism), rooms: [], n };
    return await timePhases(sandbox, RUNNERS, ctx);
  } finally {
    await api.close();
  }
}
