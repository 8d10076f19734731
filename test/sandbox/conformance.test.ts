/**
 * Every kind of sandbox answer of the 0.34 and 0.35 profiles, checked against the controller's committed OpenAPI
 * file (0.35.0-alpha, between the two releases). A difference passes only if `spec-deviations.ts` lists it, so a
 * sandbox drifting from the real controller's contract (or a new quirk not written down) fails here. 0.29 and
 * 0.30 predate the file's types (no `guest_access`) and are checked by their own tests only.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import type { ControllerVersion } from "./index";
import { api, call, grant, useSandbox, WireResponse } from "./sandbox-fixture";
import {
  EMPTY_ANSWERS,
  ERROR_BODY_SCHEMA,
  ERROR_CONTENT_TYPE,
  PLAIN_TEXT_ERROR_CONTENT_TYPE,
  SCHEMA_OVERRIDES,
  STATUS_DEVIATIONS,
  STATUSES_ANY_OPERATION_MAY_ANSWER,
  UNDECLARED_LINK_HEADERS,
} from "./spec-deviations";

const SPEC_FILE = "opentalk-controller-api-v0.35.0-alpha.yaml";
const SPEC_PATH = findSpec();

/**
 * The OpenAPI file lives in the workspace's `shared/opentalk/` next to the checkout (SOURCE.md), which is `../..`
 * from a plain clone but further up from a git worktree; `OPENTALK_API_SPEC` names it explicitly.
 */
function findSpec(): string {
  if (process.env.OPENTALK_API_SPEC) return process.env.OPENTALK_API_SPEC;
  for (let dir = path.resolve(__dirname, "../.."); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "opentalk", SPEC_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${SPEC_FILE} not found in any shared/opentalk/ above ${__dirname}; set OPENTALK_API_SPEC`);
  }
}
const SPEC_ID = "https://opentalk.invalid/controller-api.json";

type OpenApiResponse = { $ref?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> };
type OpenApiDocument = {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: { responses: Record<string, OpenApiResponse>; schemas: Record<string, object> };
};

const spec = parse(fs.readFileSync(SPEC_PATH, "utf8")) as OpenApiDocument;
Object.assign(spec.components.schemas, SCHEMA_OVERRIDES);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("bcp-47", /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/);
ajv.addSchema({ ...spec, $id: SPEC_ID });

function validate(pointer: string, value: unknown, what: string): void {
  const validator = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
  assert.ok(validator(value), `${what} does not match ${pointer}: ${ajv.errorsText(validator.errors)}\n${JSON.stringify(value)}`);
}

const escapePointer = (segment: string): string => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** Asserts that `response` is an answer the file (plus the listed deviations) allows for this operation. */
function assertConforms(method: string, specPath: string, response: WireResponse): void {
  const operation = spec.paths[specPath]?.[method.toLowerCase()];
  assert.ok(operation, `the OpenAPI file has no ${method} ${specPath}`);
  const label = `${method} ${specPath} → ${response.status}`;
  const deviation = STATUS_DEVIATIONS.find((d) => d.method === method && d.path === specPath && d.status === response.status);
  const documented = String(response.status) in operation.responses;
  const contentType = response.headers.get("content-type");
  if (response.status >= 400 && response.text === "" && contentType === null) {
    assert.ok(EMPTY_ANSWERS[response.status], `${label}: an empty answer spec-deviations.ts does not list`);
    assert.ok(documented || deviation || response.status === 403, `${label} is neither documented nor a listed deviation`);
    return;
  }
  assert.ok(documented || deviation || STATUSES_ANY_OPERATION_MAY_ANSWER.includes(response.status), `${label} is neither documented nor a listed deviation`);

  if (response.status < 400) {
    const specStatus = String(deviation?.replaces ?? response.status);
    let documentedResponse = operation.responses[specStatus];
    if (documentedResponse.$ref) documentedResponse = spec.components.responses[documentedResponse.$ref.split("/").pop() as string];
    if (documentedResponse.content?.["application/json"]) {
      assert.equal(contentType, "application/json", label);
      validate(`#/paths/${escapePointer(specPath)}/${method.toLowerCase()}/responses/${specStatus}/content/application~1json/schema`, response.json, label);
    } else {
      assert.equal(response.text, "", `${label} should have no body`);
    }
    if (response.headers.has("link") && !(documentedResponse.headers && "link" in documentedResponse.headers)) {
      assert.ok(UNDECLARED_LINK_HEADERS.includes(`${method} ${specPath}`), `${label} sends an undeclared Link header`);
    }
    return;
  }
  if (contentType === PLAIN_TEXT_ERROR_CONTENT_TYPE) {
    assert.equal(response.status, 400, `${label}: only actix extractor errors are plain text`);
    assert.equal(response.json, undefined, label);
    return;
  }
  assert.equal(contentType, ERROR_CONTENT_TYPE, label);
  validate(ERROR_BODY_SCHEMA, response.json, label);
  if (response.status === 401) {
    validate("#/components/responses/Unauthorized/content/application~1json/schema", response.json, label);
    assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer error="invalid_token", error_description="/, label);
  }
}

const DATED = { starts_at: { datetime: "2030-01-06T09:00:00Z", timezone: "Europe/Berlin" }, ends_at: { datetime: "2030-01-06T10:00:00Z", timezone: "Europe/Berlin" } };

for (const version of ["0.34", "0.35"] as ControllerVersion[]) {
  describe(`sandbox conformance with the controller's OpenAPI file: ${version}`, () => {
    const ctx = useSandbox({ controllerVersion: version });
    let token = "";
    let roomId = "";
    const v1 = (method: string, apiPath: string, body?: unknown, headers?: Record<string, string>) => api(ctx.sandbox, token, method, `/v1${apiPath}`, body, headers);
    const anonymous = (method: string, apiPath: string, body?: unknown) => api(ctx.sandbox, undefined, method, `/v1${apiPath}`, body);
    const NOBODY = "00000000-0000-4000-8000-000000000000";

    before(async () => {
      token = (await grant(ctx.sandbox)).access_token;
    });
    afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true }));

    it("serves the documents outside the file in their documented shape (API-NOTES §1, openapi.json)", async () => {
      const client = await call(`${ctx.sandbox.url}/.well-known/opentalk/client`);
      assert.ok(ajv.validate({ type: "object", required: ["opentalk_controller"], properties: { opentalk_controller: { type: "object", required: ["base_url"], properties: { base_url: { type: "string", format: "uri" } } } } }, client.json));
      const apiDocument = await call(`${ctx.sandbox.controllerUrl}/.well-known/opentalk/api`);
      assert.deepEqual(apiDocument.json, { opentalk_api: { v1: { base_url: "v1" } } });
      const openapi = await call(`${ctx.sandbox.controllerUrl}/v1/openapi.json`);
      assert.equal(openapi.json.info.title, "OpenTalk Controller Frontend API");
      for (const [served, operations] of Object.entries(openapi.json.paths as Record<string, object>)) {
        // Newer than the file: room names (0.35); the deprecated roomserver redirects are not in it either.
        if (served === "/rooms/name/verify" || served.includes("/roomserver/")) continue;
        for (const method of Object.keys(operations)) assert.ok(spec.paths[served.replace("room_id_or_alias", "room_id")]?.[method], `served ${method} ${served} is in the file`);
      }
    });

    it("auth and users", async () => {
      const tokens = await grant(ctx.sandbox);
      assertConforms("GET", "/auth/login", await call(`${ctx.sandbox.controllerUrl}/v1/auth/login`));
      assertConforms("POST", "/auth/login", await anonymous("POST", "/auth/login", { id_token: tokens.id_token }));
      assertConforms("POST", "/auth/login", await anonymous("POST", "/auth/login", { id_token: "forged" }));
      assertConforms("POST", "/auth/login", await anonymous("POST", "/auth/login", {}));
      assertConforms("GET", "/users/me", await v1("GET", "/users/me"));
      assertConforms("GET", "/users/me/tariff", await v1("GET", "/users/me/tariff"));
      assertConforms("GET", "/users/me", await anonymous("GET", "/users/me"));
      assertConforms("GET", "/users/me", await api(ctx.sandbox, "forged", "GET", "/v1/users/me"));
      assertConforms("GET", "/users/me", await api(ctx.sandbox, (await grant(ctx.sandbox, "nomail")).access_token, "GET", "/v1/users/me"));
      assertConforms("GET", "/turn", await anonymous("GET", "/turn"));
    });

    it("rooms", async () => {
      const created = await v1("POST", "/rooms", { password: "secret", waiting_room: true, enable_sip: true });
      assertConforms("POST", "/rooms", created);
      roomId = created.json.id;
      assertConforms("POST", "/rooms", await v1("POST", "/rooms", { waiting_room: 1 }));
      assertConforms("POST", "/rooms", await v1("POST", "/rooms", "{}", { "Content-Type": "text/plain" }));
      assertConforms("POST", "/rooms", await v1("POST", "/rooms", { e2e_encryption: true }));
      assertConforms("GET", "/rooms", await v1("GET", "/rooms?per_page=1"));
      assertConforms("GET", "/rooms", await v1("GET", "/rooms?page=0"));
      assertConforms("GET", "/rooms/{room_id}", await v1("GET", `/rooms/${roomId}`));
      assertConforms("GET", "/rooms/{room_id}", await v1("GET", `/rooms/${NOBODY}`));
      assertConforms("GET", "/rooms/{room_id}", await v1("GET", "/rooms/not-a-uuid"));
      assertConforms("GET", "/rooms/{room_id}", await anonymous("GET", `/rooms/${roomId}`));
      assertConforms("PATCH", "/rooms/{room_id}", await v1("PATCH", `/rooms/${roomId}`, { password: null }));
      assertConforms("PATCH", "/rooms/{room_id}", await v1("PATCH", `/rooms/${NOBODY}`, { waiting_room: false }));
      assertConforms("PATCH", "/rooms/{room_id}", await v1("PATCH", `/rooms/${roomId}`, {}));
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: false });
      assertConforms("POST", "/rooms", await v1("POST", "/rooms", { enable_sip: true }));
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true });
      const eventRoom = ctx.sandbox.store.attachEvent(ctx.sandbox.store.createRoom("bot@example.org").id);
      assertConforms("DELETE", "/rooms/{room_id}", await v1("DELETE", `/rooms/${eventRoom.id}`));
    });

    it("SIP configs", async () => {
      assertConforms("GET", "/rooms/{room_id}/sip", await v1("GET", `/rooms/${roomId}/sip`));
      assertConforms("PUT", "/rooms/{room_id}/sip", await v1("PUT", `/rooms/${roomId}/sip`, { lobby: true }));
      assertConforms("DELETE", "/rooms/{room_id}/sip", await v1("DELETE", `/rooms/${roomId}/sip`));
      assertConforms("GET", "/rooms/{room_id}/sip", await v1("GET", `/rooms/${roomId}/sip`));
      assertConforms("PUT", "/rooms/{room_id}/sip", await v1("PUT", `/rooms/${roomId}/sip`, { lobby: false }));
      assertConforms("PUT", "/rooms/{room_id}/sip", await v1("PUT", `/rooms/${roomId}/sip`, {}));
      const encrypted = (await v1("POST", "/rooms", { e2e_encryption: true, guest_access: "disabled" })).json.id;
      assertConforms("PUT", "/rooms/{room_id}/sip", await v1("PUT", `/rooms/${encrypted}/sip`, { lobby: true }));
      assertConforms("GET", "/rooms/{room_id}/sip", await v1("GET", `/rooms/${encrypted}/sip`));
    });

    it("invites and verification", async () => {
      const code = ctx.sandbox.store.createInvite(roomId, "2099-12-31T23:59:59Z").code;
      assertConforms("POST", "/rooms/{room_id}/invites", await v1("POST", `/rooms/${roomId}/invites`, { expiration: "2099-12-31T23:59:59Z" }));
      assertConforms("GET", "/rooms/{room_id}/invites", await v1("GET", `/rooms/${roomId}/invites`));
      assertConforms("GET", "/rooms/{room_id}/invites/{invite_code}", await v1("GET", `/rooms/${roomId}/invites/${code}`));
      assertConforms("GET", "/rooms/{room_id}/invites/{invite_code}", await v1("GET", `/rooms/${roomId}/invites/${NOBODY}`));
      assertConforms("PUT", "/rooms/{room_id}/invites/{invite_code}", await v1("PUT", `/rooms/${roomId}/invites/${code}`, {}));
      assertConforms("POST", "/invite/verify", await anonymous("POST", "/invite/verify", { invite_code: code }));
      assertConforms("DELETE", "/rooms/{room_id}/invites/{invite_code}", await v1("DELETE", `/rooms/${roomId}/invites/${code}`));
      assertConforms("POST", "/invite/verify", await anonymous("POST", "/invite/verify", { invite_code: code }));
      assertConforms("POST", "/invite/verify", await anonymous("POST", "/invite/verify", { invite_code: "nope" }));
      const closed = (await v1("POST", "/rooms", { guest_access: "disabled" })).json.id;
      assertConforms("POST", "/rooms/{room_id}/invites", await v1("POST", `/rooms/${closed}/invites`, {}));
      assertConforms("GET", "/rooms/{room_id}/invites", await v1("GET", `/rooms/${closed}/invites`));
    });

    it("events", async () => {
      const created = await v1("POST", "/events?suppress_email_notification=true", { title: "Standing", description: "", is_time_independent: true, password: "pw" });
      assertConforms("POST", "/events", created);
      const eventId = created.json.id;
      const weekly = await v1("POST", "/events", { title: "Weekly", description: "d", is_time_independent: false, ...DATED, recurrence_pattern: ["FREQ=WEEKLY;BYDAY=MO"] });
      assertConforms("POST", "/events", weekly);
      ctx.sandbox.store.createEventException(weekly.json.id, { originalStartsAt: { datetime: "2030-01-13T09:00:00Z", timezone: "Europe/Berlin" }, title: "Moved", status: "ok" });
      assertConforms("POST", "/events", await v1("POST", "/events", { title: "Single", description: "d", is_time_independent: false, ...DATED, guest_access: "disabled", e2e_encryption: true }));
      assertConforms("POST", "/events", await v1("POST", "/events", { title: "x", description: "", is_time_independent: false }));
      assertConforms("POST", "/events", await v1("POST", "/events", { title: "x", description: "", is_time_independent: true, e2e_encryption: true }));
      assertConforms("POST", "/events", await v1("POST", "/events", { title: "x", description: "", is_time_independent: false, starts_at: DATED.ends_at, ends_at: DATED.starts_at }));
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
      assertConforms("POST", "/events", await v1("POST", "/events", { title: "x", description: "", is_time_independent: true }));
      assertConforms("PATCH", "/events/{event_id}", await v1("PATCH", `/events/${eventId}`, { guest_access: "waiting_room" }));
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true });
      assertConforms("GET", "/events", await v1("GET", "/events?per_page=2"));
      assertConforms("GET", "/events", await v1("GET", "/events?per_page=x"));
      assertConforms("GET", "/events/{event_id}", await v1("GET", `/events/${eventId}`));
      assertConforms("GET", "/events/{event_id}", await v1("GET", `/events/${eventId}?invitees_max=0`));
      assertConforms("GET", "/events/{event_id}", await v1("GET", `/events/${NOBODY}`));
      assertConforms("PATCH", "/events/{event_id}", await v1("PATCH", `/events/${eventId}?suppress_email_notification=true`, { title: "Renamed", password: null }));
      assertConforms("PATCH", "/events/{event_id}", await v1("PATCH", `/events/${eventId}`, {}));
      assertConforms("PATCH", "/events/{event_id}", await v1("PATCH", `/events/${eventId}`, { is_time_independent: false, ...DATED, is_all_day: true }));
      assertConforms("PATCH", "/events/{event_id}", await v1("PATCH", `/events/${eventId}`, { title: 7 }));
      assertConforms("PATCH", "/events/{event_id}", await v1("PATCH", `/events/${NOBODY}`, { title: "x" }));
      const eventRoomId = created.json.room.id;
      assertConforms("GET", "/rooms/{room_id}/event", await v1("GET", `/rooms/${eventRoomId}/event`));
      assertConforms("GET", "/rooms/{room_id}/event", await anonymous("GET", `/rooms/${eventRoomId}/event`));
      assertConforms("GET", "/rooms/{room_id}/event", await v1("GET", `/rooms/${(await v1("POST", "/rooms", {})).json.id}/event`));
      assertConforms("GET", "/rooms/{room_id}/event", await v1("GET", `/rooms/${NOBODY}/event`));
      if (ctx.sandbox.profile.startInvitedRedirects) assertConforms("POST", "/rooms/{room_id}/start_invited", await anonymous("POST", `/rooms/${eventRoomId}/start_invited`, {}));
      assertConforms("DELETE", "/rooms/{room_id}", await v1("DELETE", `/rooms/${eventRoomId}`));
      assertConforms("DELETE", "/events/{event_id}", await v1("DELETE", `/events/${eventId}?suppress_email_notification=true`));
      assertConforms("DELETE", "/events/{event_id}", await v1("DELETE", `/events/${eventId}`));
    });

    it("room deletion", async () => {
      assertConforms("DELETE", "/rooms/{room_id}", await v1("DELETE", `/rooms/${roomId}`));
    });
  });
}

describe("sandbox conformance checks themselves", () => {
  it("rejects what the file forbids, so the checks above can fail", () => {
    assert.throws(() => validate("#/components/schemas/RoomResource", { id: "x" }, "a broken room"));
    const event = { type: "single", starts_at: { datetime: "2030-01-01T00:00:00Z", timezone: "UTC" }, ends_at: { datetime: "2030-01-01T01:00:00Z", timezone: "UTC" } };
    assert.throws(() => validate("#/components/schemas/EventResourceDateKind", { ...event, is_time_independent: "no" }, "a bad marker"));
    validate("#/components/schemas/EventResourceDateKind", { ...event, is_time_independent: false }, "a dated event");
    assert.throws(() => assertConforms("GET", "/rooms/{room_id}", { status: 404, headers: new Headers({ "content-type": ERROR_CONTENT_TYPE }), text: "{}", json: { code: "not_found", message: "" } }));
    assert.throws(() => assertConforms("POST", "/rooms", { status: 201, headers: new Headers({ "content-type": "application/json" }), text: "{}", json: {} }));
    assert.throws(() => assertConforms("GET", "/rooms", { status: 404, headers: new Headers(), text: "", json: undefined }), "an empty 404 is not a listed empty answer");
    assert.throws(() => assertConforms("GET", "/rooms", { status: 410, headers: new Headers(), text: "", json: undefined }), "410 only for the invite API");
  });
});
