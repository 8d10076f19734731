import assert from "node:assert/strict";
import { ConnectionError, ControllerError, LoginError, OpenTalkError, SettingsError } from "../../provider/client/errors";
import { redact, redactPath, redactText, registerSecret } from "../../provider/client/redaction";

const ROOM_ID = "8f2e1a3c-5b7d-4e9f-a1b2-c3d4e5f60718";
const CODE = "3b1c0e4a-9d2f-4c8b-a7e6-5f4d3c2b1a09";
const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ_-x";

// The registry of secrets is process-wide: every test uses values of its own so that tests cannot mask each other.
describe("registerSecret and redactText", () => {
  it("masks a registered secret wherever it appears in a text", () => {
    registerSecret("pa55-redaction-one");
    assert.equal(
      redactText('login as bot with "pa55-redaction-one" failed; retried with pa55-redaction-one'),
      'login as bot with "***" failed; retried with ***',
    );
  });

  it("masks secrets containing characters that are special in regular expressions", () => {
    registerSecret("a.b*c+(d)?[e]$");
    assert.equal(redactText("secret a.b*c+(d)?[e]$ here"), "secret *** here");
  });

  it("masks every registered secret, not only the last", () => {
    registerSecret("first-secret-7781");
    registerSecret("second-secret-7782");
    assert.equal(redactText("first-secret-7781 / second-secret-7782"), "*** / ***");
  });

  it("does not register values shorter than four characters (they would mask ordinary words)", () => {
    registerSecret("xyz");
    registerSecret("");
    assert.equal(redactText("xyz is an ordinary word"), "xyz is an ordinary word");
  });

  it("registers a value of exactly four characters", () => {
    registerSecret("Q7#k");
    assert.equal(redactText("pin Q7#k"), "pin ***");
  });

  it("ignores undefined and null", () => {
    registerSecret(undefined);
    registerSecret(null);
    assert.equal(redactText("undefined null"), "undefined null");
  });

  it("leaves a text without secrets unchanged", () => {
    assert.equal(redactText("OpenTalk controller answered 404"), "OpenTalk controller answered 404");
  });

  it("masks bearer tokens", () => {
    assert.equal(redactText("Authorization: Bearer abc.DEF-123_~+/="), "Authorization: Bearer ***");
    assert.equal(redactText("bearer token: Bearer    opaque-token-value"), "bearer token: Bearer    ***");
  });

  it("masks JWT-looking strings even when not registered", () => {
    assert.equal(redactText(`the token ${JWT} was rejected`), "the token *** was rejected");
    assert.equal(redactText(`{"access_token":"${JWT}"}`), '{"access_token":"***"}');
  });
});

describe("redactPath", () => {
  const rows: Array<[string, string, string]> = [
    ["an invite code in the invite path", `/v1/rooms/${ROOM_ID}/invites/${CODE}`, `/v1/rooms/${ROOM_ID}/invites/***`],
    [
      "an invite code in a full URL with a query",
      `https://ctrl.example.org/v1/rooms/${ROOM_ID}/invites/${CODE}?x=1`,
      `https://ctrl.example.org/v1/rooms/${ROOM_ID}/invites/***?x=1`,
    ],
    [
      "an invite code in a guest link",
      `https://opentalk.example.org/room/${ROOM_ID}?invite=${CODE}`,
      `https://opentalk.example.org/room/${ROOM_ID}?invite=***`,
    ],
    [
      "an invite code in a later query parameter",
      `https://opentalk.example.org/room/${ROOM_ID}?lang=de&invite=${CODE}#top`,
      `https://opentalk.example.org/room/${ROOM_ID}?lang=de&invite=***#top`,
    ],
    ["an invite code in the legacy guest link", `https://opentalk.example.org/invite/${CODE}`, "https://opentalk.example.org/invite/***"],
  ];
  for (const [name, input, expected] of rows) it(`masks ${name}`, () => assert.equal(redactPath(input), expected));

  const readable = [
    `/v1/invite/verify`,
    `https://ctrl.example.org/v1/invite/verify`,
    `/v1/rooms/${ROOM_ID}/invites`,
    `/v1/rooms/${ROOM_ID}/invites?per_page=30&page=2`,
    `/v1/rooms/${ROOM_ID}`,
    `https://opentalk.example.org/room/${ROOM_ID}`,
  ];
  for (const path of readable) it(`leaves ${path} readable`, () => assert.equal(redactPath(path), path));
});

describe("redact", () => {
  it("masks invite codes, registered secrets and tokens in one text", () => {
    registerSecret("hunter2-redact-both");
    const text = `PUT /v1/rooms/${ROOM_ID}/invites/${CODE} with password hunter2-redact-both and Bearer ${JWT}`;
    assert.equal(redact(text), `PUT /v1/rooms/${ROOM_ID}/invites/*** with password *** and Bearer ***`);
  });

  it("masks only the code of a guest link in a sentence, keeping the rest", () => {
    assert.equal(
      redact(`the guest link https://opentalk.example.org/room/${ROOM_ID}?invite=${CODE} is ready, share it`),
      `the guest link https://opentalk.example.org/room/${ROOM_ID}?invite=*** is ready, share it`,
    );
  });

  it("keeps the closing parenthesis after a masked invite code", () => {
    assert.equal(
      redact(`(DELETE /v1/rooms/${ROOM_ID}/invites/${CODE}): refused`),
      `(DELETE /v1/rooms/${ROOM_ID}/invites/***): refused`,
    );
    assert.equal(
      redact(`(GET https://opentalk.example.org/room/${ROOM_ID}?invite=${CODE}) failed`),
      `(GET https://opentalk.example.org/room/${ROOM_ID}?invite=***) failed`,
    );
  });

  it("masks a registered invite code outside of any path", () => {
    const code = "6e5d4c3b-2a19-4f8e-b7d6-c5b4a3928170";
    registerSecret(code);
    assert.equal(redact(`invite ${code} is no longer active`), "invite *** is no longer active");
  });
});

describe("error messages", () => {
  it("never show a registered secret, whatever the error class", () => {
    const secret = "s3cret-in-every-error";
    registerSecret(secret);
    const errors: Error[] = [
      new OpenTalkError(`failed with ${secret}`),
      new SettingsError(`opentalk:url must be an address, got "${secret}"`),
      new ControllerError({ method: "PATCH", path: `/v1/rooms/${ROOM_ID}`, status: 400, serverMessage: `bad password ${secret}` }),
      new LoginError({ username: "bot@example.org", status: 400, error: "invalid_grant", description: `echo ${secret}`, hint: "check" }),
      new ConnectionError({
        service: "controller",
        method: "GET",
        url: `https://ctrl.example.org/v1/rooms?token=${secret}`,
        reason: "connection refused (ECONNREFUSED)",
        settingHint: "check opentalk:url",
        attempts: 3,
      }),
    ];
    for (const error of errors) {
      assert.ok(!error.message.includes(secret), `${error.name}: ${error.message}`);
      assert.match(error.message, /\*\*\*/);
    }
  });

  it("mask invite codes in the URL of a connection error", () => {
    const error = new ConnectionError({
      service: "controller",
      method: "DELETE",
      url: `https://ctrl.example.org/v1/rooms/${ROOM_ID}/invites/${CODE}`,
      reason: "connection reset (ECONNRESET)",
      settingHint: "Check opentalk:url or opentalk:controllerUrl.",
      attempts: 1,
      code: "ECONNRESET",
    });
    assert.equal(
      error.message,
      `Cannot reach the OpenTalk controller at https://ctrl.example.org (DELETE https://ctrl.example.org/v1/rooms/${ROOM_ID}/invites/***): ` +
        "connection reset (ECONNRESET). Check opentalk:url or opentalk:controllerUrl.",
    );
  });

  it("count the attempts in a connection error when there were several", () => {
    const error = new ConnectionError({
      service: "Keycloak",
      method: "POST",
      url: "https://kc.example.org/realms/opentalk/protocol/openid-connect/token",
      reason: "connection refused (ECONNREFUSED)",
      settingHint: "Check opentalk:oidcUrl.",
      attempts: 6,
    });
    assert.match(error.message, /^Cannot reach the OpenTalk Keycloak at https:\/\/kc\.example\.org \(POST .*\): connection refused \(ECONNREFUSED\) after 6 attempts\. Check opentalk:oidcUrl\.$/);
  });
});
