import assert from "node:assert/strict";
import { ControllerError, isControllerError, isResponseShapeError, isUnattributedAnswerError, ResponseShapeError } from "../../provider/client/errors";
import type { HttpResponse } from "../../provider/client/http-transport";
import { controllerErrorFrom, decodeBody, failureFrom } from "../../provider/client/responses";
import { Room, RoomList } from "../../provider/client/schemas";

const ROOM_ID = "8f2e1a3c-5b7d-4e9f-a1b2-c3d4e5f60718";
const CODE = "3b1c0e4a-9d2f-4c8b-a7e6-5f4d3c2b1a09";

/** A controller answer as the transport hands it over: no server needed. */
function answer(status: number, body: unknown, contentType = "text/json"): HttpResponse {
  return { status, headers: { "content-type": contentType }, text: typeof body === "string" ? body : JSON.stringify(body) };
}

function room(id: string): Record<string, unknown> {
  return {
    id,
    created_by: { id: "u1", email: "bot@example.org", title: "", firstname: "Bot", lastname: "", display_name: "Bot", avatar_url: "" },
    created_at: "2026-05-01T10:00:00.123456Z",
    waiting_room: false,
    guest_access: "waiting_room",
  };
}

function shapeError(run: () => unknown): ResponseShapeError {
  try {
    run();
  } catch (error) {
    assert.ok(isResponseShapeError(error), `expected a ResponseShapeError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a ResponseShapeError, got a body");
}

describe("controllerErrorFrom", () => {
  it("reads the controller's JSON error body sent as text/json", () => {
    const error = controllerErrorFrom(
      "POST",
      "/v1/rooms",
      answer(400, { code: "invalid_json", message: "Json deserialize error: invalid type: integer `5`, expected a string" }),
    );
    assert.ok(isControllerError(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, "invalid_json");
    assert.equal(error.serverMessage, "Json deserialize error: invalid type: integer `5`, expected a string");
    assert.equal(
      error.message,
      "OpenTalk controller answered 400 to POST /v1/rooms (invalid_json: Json deserialize error: invalid type: integer `5`, expected a string)",
    );
  });

  it("reads the JSON body whatever the content type says", () => {
    const body = { code: "forbidden", message: "Access to the requested resource is forbidden" };
    const messages = ["text/json", "application/json", "text/plain", "text/html"].map(
      (type) => controllerErrorFrom("GET", `/v1/rooms/${ROOM_ID}`, answer(403, body, type)).message,
    );
    for (const message of messages) {
      assert.equal(message, `OpenTalk controller answered 403 to GET /v1/rooms/${ROOM_ID} (forbidden: Access to the requested resource is forbidden)`);
    }
    const noHeader = controllerErrorFrom("GET", "/v1/rooms", { status: 403, headers: {}, text: JSON.stringify(body) });
    assert.equal(noHeader.code, "forbidden");
  });

  it("lists the validation errors in the message, field by field", () => {
    const error = controllerErrorFrom(
      "PATCH",
      `/v1/rooms/${ROOM_ID}`,
      answer(400, {
        code: "bad_request",
        message: "Invalid request due to malformed syntax",
        validation_errors: [
          { field: "password", code: "invalid_value", message: "must be at most 255 bytes" },
          { field: "guest_access", code: "invalid_value" },
          { code: "invalid_value", message: "struct-level problem" },
        ],
      }),
    );
    assert.deepEqual(error.validationErrors, [
      { field: "password", code: "invalid_value", message: "must be at most 255 bytes" },
      { field: "guest_access", code: "invalid_value" },
      { code: "invalid_value", message: "struct-level problem" },
    ]);
    assert.match(
      error.message,
      / \[password: must be at most 255 bytes; guest_access: invalid_value; \(body\): struct-level problem\]$/,
    );
  });

  it("keeps actix's plain-text body as the server's message", () => {
    const error = controllerErrorFrom("GET", "/v1/rooms?per_page=30&page=0", answer(400, "Query deserialize error: page must be at least 1", "text/plain; charset=utf-8"));
    assert.equal(error.code, undefined);
    assert.equal(error.serverMessage, "Query deserialize error: page must be at least 1");
    assert.equal(error.message, "OpenTalk controller answered 400 to GET /v1/rooms?per_page=30&page=0 (Query deserialize error: page must be at least 1)");
  });

  it("keeps JSON that is not an error body as text", () => {
    const error = controllerErrorFrom("GET", "/v1/rooms", answer(404, { detail: "no such route" }));
    assert.equal(error.code, undefined);
    assert.equal(error.serverMessage, '{"detail":"no such route"}');
  });

  it("keeps at most 300 characters of a text body", () => {
    const error = controllerErrorFrom("GET", "/v1/rooms", answer(400, "y".repeat(1000), "text/plain"));
    assert.equal(error.serverMessage, "y".repeat(300));
  });

  it("has no server message for an empty body", () => {
    const error = controllerErrorFrom("GET", "/v1/rooms", answer(403, ""));
    assert.equal(error.serverMessage, undefined);
    assert.equal(error.message, "OpenTalk controller answered 403 to GET /v1/rooms");
  });

  describe("adds a hint by code and status", () => {
    const rows: Array<[number, string | undefined, RegExp | undefined]> = [
      [403, "feature_disabled_by_tariff", /— the OpenTalk tariff of the configured user does not include this feature .*core::guests_allowed.*core::call_in/],
      [409, "conflict", /— the resource belongs to an event \(meeting\): delete the event instead$/],
      [401, "unknown_sub", /— this controller \(0\.29 or older\) does not know the user yet/],
      [401, "unauthorized", /— the controller rejected the access token: check that it trusts the same Keycloak realm/],
      [403, "service_unavailable", /— invites need a room without end-to-end encryption, guest access not disabled, and a tariff that allows guests$/],
      [500, "internal_server_error", /— the controller failed; this is usually temporary, so run the operation again$/],
      [503, undefined, /— the controller failed; this is usually temporary/],
      [403, "forbidden", undefined],
      [404, "not_found", undefined],
    ];
    for (const [status, code, hint] of rows) {
      it(`${status} ${code ?? "(no code)"}: ${hint ? "a hint" : "no hint"}`, () => {
        const body = code ? { code, message: "the server's words" } : "Service Unavailable";
        const error = controllerErrorFrom("DELETE", `/v1/rooms/${ROOM_ID}`, answer(status, body));
        if (hint) assert.match(error.message, hint);
        else assert.doesNotMatch(error.message, /—/);
      });
    }
  });
});

describe("ControllerError", () => {
  it("masks the invite code in its path and message", () => {
    const error = controllerErrorFrom("DELETE", `/v1/rooms/${ROOM_ID}/invites/${CODE}`, answer(404, { code: "not_found" }));
    assert.equal(error.path, `/v1/rooms/${ROOM_ID}/invites/***`);
    assert.ok(!error.message.includes(CODE), error.message);
  });

  it("keeps what follows a masked invite code in the message", () => {
    const error = new ControllerError({
      method: "PUT",
      path: `/v1/rooms/${ROOM_ID}/invites/${CODE}`,
      status: 403,
      code: "service_unavailable",
      serverMessage: "Invites are not available",
      hint: "allow guests in the room",
    });
    assert.equal(
      error.message,
      `OpenTalk controller answered 403 to PUT /v1/rooms/${ROOM_ID}/invites/*** (service_unavailable: Invites are not available) — allow guests in the room`,
    );
  });

  it("withHint replaces the hint and keeps every fact", () => {
    const original = controllerErrorFrom(
      "POST",
      "/v1/rooms",
      answer(403, { code: "feature_disabled_by_tariff", message: "tariff", validation_errors: [{ field: "enable_sip", code: "invalid_value" }] }),
    );
    const specific = original.withHint("SIP dial-in needs core::call_in: set sip.enabled to false");
    assert.ok(specific instanceof ControllerError);
    assert.notEqual(specific, original);
    assert.equal(
      specific.message,
      "OpenTalk controller answered 403 to POST /v1/rooms (feature_disabled_by_tariff: tariff) [enable_sip: invalid_value] — SIP dial-in needs core::call_in: set sip.enabled to false",
    );
    assert.doesNotMatch(specific.message, /OpenTalk tariff of the configured user/);
    assert.deepEqual(
      { method: specific.method, path: specific.path, status: specific.status, code: specific.code, validationErrors: specific.validationErrors },
      { method: original.method, path: original.path, status: original.status, code: original.code, validationErrors: original.validationErrors },
    );
    assert.match(original.message, /OpenTalk tariff of the configured user/);
  });

  it("withHint keeps an invite code masked", () => {
    const error = controllerErrorFrom("GET", `/v1/rooms/${ROOM_ID}/invites/${CODE}`, answer(404, { code: "not_found" }));
    const specific = error.withHint("the invite was deleted outside Pulumi");
    assert.ok(!specific.message.includes(CODE));
    assert.match(specific.message, /— the invite was deleted outside Pulumi$/);
  });
});

describe("decodeBody", () => {
  const ok = (body: unknown): HttpResponse => answer(200, body, "application/json");

  it("returns the parsed body, without fields the schema does not know", () => {
    const decoded = decodeBody(Room, ok({ ...room(ROOM_ID), password: "pw12", future_field: 1 }), "GET /v1/rooms/{id}");
    assert.equal(decoded.id, ROOM_ID);
    assert.equal(decoded.password, "pw12");
    assert.ok(!("future_field" in decoded));
  });

  const rows: Array<{ it: string; schema: typeof Room | typeof RoomList; body: unknown; field: string }> = [
    {
      it: "names a nested field as a dotted path",
      schema: Room,
      body: { ...room(ROOM_ID), created_by: { id: "u1" } },
      field: "created_by.email",
    },
    {
      it: "names a field of a list item by its index",
      schema: RoomList,
      body: [room("a"), room("b"), { ...room("c"), id: undefined }],
      field: "[2].id",
    },
    {
      it: "names a nested field of a list item",
      schema: RoomList,
      body: [room("a"), { ...room("b"), created_by: { id: "u1", email: 7 } }],
      field: "[1].created_by.email",
    },
    { it: "names a field of the wrong type", schema: Room, body: { ...room(ROOM_ID), waiting_room: "no" }, field: "waiting_room" },
    { it: "names the body when it is not an object at all", schema: Room, body: [room(ROOM_ID)], field: "(body)" },
    { it: "names the body when a list was expected", schema: RoomList, body: room(ROOM_ID), field: "(body)" },
  ];
  for (const row of rows) {
    it(`${row.it} (${row.field})`, () => {
      const error = shapeError(() => decodeBody(row.schema, ok(row.body), "GET /v1/rooms"));
      assert.equal(error.field, row.field);
      assert.equal(error.endpoint, "GET /v1/rooms");
      assert.ok(
        error.message.startsWith(`OpenTalk answered GET /v1/rooms with a body this package does not understand: ${row.field}: `),
        error.message,
      );
      assert.match(error.message, /Check that opentalk:url points at an OpenTalk deployment of a supported version \(0\.29 to 0\.35\)\.$/);
    });
  }

  for (const [name, text] of [
    ["an HTML page", "<!doctype html><html><body>Welcome to nginx</body></html>"],
    ["an empty body", ""],
    ["truncated JSON", '{"id":"abc"'],
  ]) {
    it(`reports ${name} as not JSON`, () => {
      const error = shapeError(() => decodeBody(Room, { status: 200, headers: { "content-type": "text/html" }, text: text! }, "GET /v1/rooms/{id}"));
      assert.equal(error.field, "(body)");
      assert.match(error.message, /does not understand: \(body\): not JSON\./);
    });
  }
});

describe("failureFrom: whose word an answer is", () => {
  const URL_ = `https://ctrl.example.org/v1/rooms/${ROOM_ID}`;
  const HINT = "Check opentalk:url.";
  type Row = [string, HttpResponse, "controller" | "unattributed", string?];
  const html = (status: number, title: string): HttpResponse => ({
    status,
    headers: { "content-type": "text/html" },
    text: `<html>\r\n<head><title>${title}</title></head>\r\n<body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`,
  });
  const rows: Row[] = [
    ["the controller's JSON error (text/json)", answer(403, { code: "forbidden", message: "Access to the requested resource is forbidden" }), "controller", "denied"],
    ["the permission layer's empty 403 (released controllers: missing or foreign)", answer(403, ""), "controller", "denied"],
    ["the controller's JSON 404", answer(404, { code: "not_found", message: "A requested resource could not be found" }), "controller", "not-found"],
    ["the framework's empty 404: no such route", answer(404, ""), "controller", "no-route"],
    ["the framework's empty 405", answer(405, ""), "controller", "no-route"],
    ["an empty 410: a removed API (0.35 invites)", answer(410, ""), "controller", "removed"],
    ["an empty 401 (0.35 without a login)", answer(401, ""), "controller", "unauthenticated"],
    ["a 409 conflict", answer(409, { code: "conflict", message: "…" }), "controller", "conflict"],
    ["a tariff refusal", answer(403, { code: "feature_disabled_by_tariff", message: "…" }), "controller", "refused"],
    ["actix's plain-text extractor error", { status: 400, headers: { "content-type": "text/plain" }, text: "Path deserialize error: UUID parsing failed" }, "controller", "refused"],
    ["a proxy's HTML 404", html(404, "404 Not Found"), "unattributed"],
    ["a proxy's plain-text 404", { status: 404, headers: { "content-type": "text/plain" }, text: "404 page not found" }, "unattributed"],
    ["a redirect to a sign-on page", { status: 302, headers: { location: "https://sso.example.org/login?return=%2Fv1%2Frooms" }, text: "" }, "unattributed"],
    ["a gateway's HTML 502", html(502, "502 Bad Gateway"), "unattributed"],
    ["an empty 500", answer(500, ""), "unattributed"],
    ["a plain-text 403 from a firewall", { status: 403, headers: { "content-type": "text/plain" }, text: "Forbidden" }, "unattributed"],
    ["JSON without the controller's code", answer(404, { error: "not found" }, "application/json"), "unattributed"],
  ];
  for (const [what, response, whose, meaning] of rows) {
    it(`${what}: ${whose}${meaning ? ` (${meaning})` : ""}`, () => {
      const error = failureFrom("GET", URL_, response, HINT);
      if (whose === "controller") {
        assert.ok(isControllerError(error), error.message);
        assert.equal(error.meaning, meaning);
      } else {
        assert.ok(isUnattributedAnswerError(error), error.message);
        assert.match(error.message, /did not come from the OpenTalk controller/);
        assert.match(error.message, /nothing is taken as done, deleted or gone/);
        assert.ok(error.message.endsWith(HINT));
      }
    });
  }

  it("names a redirect's target without its query (where a return path or a token could sit)", () => {
    const error = failureFrom("DELETE", URL_, { status: 302, headers: { location: "https://sso.example.org/login?token=abc" }, text: "" }, HINT);
    assert.match(error.message, /HTTP 302, a redirect to https:\/\/sso\.example\.org\/login\. /);
    assert.match(error.message, /credentials are never sent after a redirect/);
  });

  it("names an HTML page by its title", () => {
    assert.match(failureFrom("GET", URL_, html(503, "Maintenance"), HINT).message, /HTTP 503, an HTML page titled "Maintenance"/);
  });
});
