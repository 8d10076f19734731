import assert from "node:assert/strict";
import { isLoginError, LoginError } from "../../provider/client/errors";
import type { HttpResponse } from "../../provider/client/http-transport";
import { keycloakHint, loginErrorFrom, type LoginContext } from "../../provider/client/keycloak-errors";

const CONTEXT: LoginContext = {
  username: "bot@example.org",
  clientId: "Frontend",
  issuer: "https://kc.example.org/realms/opentalk",
};

/** A token-endpoint answer as the transport hands it over: no server needed. */
function keycloakAnswer(status: number, body: string | Record<string, string>): HttpResponse {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, headers: { "content-type": "application/json" }, text };
}

const CREDENTIALS_HINT =
  'check opentalk:username and opentalk:password (OPENTALK_USERNAME / OPENTALK_PASSWORD); the user must exist in the realm "opentalk"';
const CLIENT_HINT = 'check opentalk:clientId (now "Frontend") and, for a confidential client, opentalk:clientSecret';
const FALLBACK_HINT = 'check the Keycloak settings for client "Frontend" in the realm "opentalk"';

describe("loginErrorFrom", () => {
  // The rows of API-NOTES §2 "Errors", with Keycloak's exact bodies.
  interface Row {
    condition: string;
    status: number;
    body: Record<string, string>;
    hint: string | RegExp;
  }
  const rows: Row[] = [
    {
      condition: "HTTP where the realm requires HTTPS",
      status: 403,
      body: { error: "invalid_request", error_description: "HTTPS required" },
      hint: "this realm requires HTTPS: use an https:// address for Keycloak",
    },
    {
      condition: "a disabled realm",
      status: 403,
      body: { error: "access_denied", error_description: "Realm not enabled" },
      hint: 'enable the realm "opentalk" in Keycloak',
    },
    {
      condition: "an unknown realm",
      status: 404,
      body: { error: "Realm does not exist" },
      hint: "check opentalk:oidcUrl (now https://kc.example.org/realms/opentalk); with older Keycloak the realm path starts with /auth",
    },
    {
      condition: "a missing grant_type",
      status: 400,
      body: { error: "invalid_request", error_description: "Missing form parameter: grant_type" },
      hint: FALLBACK_HINT,
    },
    {
      condition: "an unknown grant_type",
      status: 400,
      body: { error: "unsupported_grant_type", error_description: "Unsupported grant_type" },
      hint: FALLBACK_HINT,
    },
    {
      condition: "a missing client_id",
      status: 400,
      body: { error: "invalid_client", error_description: "Missing client_id parameter" },
      hint: CLIENT_HINT,
    },
    {
      condition: "an unknown or disabled client",
      status: 401,
      body: { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" },
      hint: CLIENT_HINT,
    },
    {
      condition: "a confidential client without its secret",
      status: 401,
      body: { error: "unauthorized_client", error_description: "Client secret not provided in request" },
      hint: 'client "Frontend" is confidential: set opentalk:clientSecret (OPENTALK_CLIENT_SECRET)',
    },
    {
      condition: "a wrong client secret",
      status: 401,
      body: { error: "unauthorized_client", error_description: "Invalid client or Invalid client credentials" },
      hint: CLIENT_HINT,
    },
    {
      condition: "a repeated parameter",
      status: 400,
      body: { error: "invalid_request", error_description: "duplicated parameter" },
      hint: FALLBACK_HINT,
    },
    {
      condition: "direct access grants switched off",
      status: 400,
      body: { error: "unauthorized_client", error_description: "Client not allowed for direct access grants" },
      hint:
        'enable "Direct access grants" for client "Frontend" in the realm "opentalk" (Keycloak admin console → Clients → Frontend → Settings → Capability config), or configure opentalk:accessToken instead',
    },
    {
      condition: "an unknown scope",
      status: 400,
      body: { error: "invalid_scope", error_description: "Invalid scopes: openid profile email" },
      hint: 'the realm "opentalk" lacks a client scope this package asks for ("openid profile email"): assign them to client "Frontend"',
    },
    {
      condition: "a missing username",
      status: 401,
      body: { error: "invalid_request", error_description: "Missing parameter: username" },
      hint: FALLBACK_HINT,
    },
    {
      condition: "a wrong password (Keycloak up to 26.5: 401)",
      status: 401,
      body: { error: "invalid_grant", error_description: "Invalid user credentials" },
      hint: CREDENTIALS_HINT,
    },
    {
      condition: "a wrong password (Keycloak from 26.6: 400)",
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid user credentials" },
      hint: CREDENTIALS_HINT,
    },
    {
      condition: "a disabled account",
      status: 400,
      body: { error: "invalid_grant", error_description: "Account disabled" },
      hint: 'enable the user in the realm "opentalk" (Keycloak admin console → Users)',
    },
    {
      condition: "pending required actions",
      status: 400,
      body: { error: "invalid_grant", error_description: "Account is not fully set up" },
      hint: /^the user has pending required actions .*remove them in the realm "opentalk" \(Keycloak admin console → Users → Required user actions\) or log in once in a browser$/,
    },
  ];

  for (const row of rows) {
    it(`explains ${row.condition} (${row.status} ${row.body.error})`, () => {
      const error = loginErrorFrom(keycloakAnswer(row.status, row.body), CONTEXT);
      assert.ok(isLoginError(error));
      assert.equal(error.status, row.status);
      assert.equal(error.error, row.body.error);
      assert.equal(error.description, row.body.error_description);
      const said = row.body.error_description ?? row.body.error;
      const prefix = `OpenTalk login failed for bot@example.org: Keycloak says "${said}" — `;
      assert.ok(error.message.startsWith(prefix), error.message);
      const hint = error.message.slice(prefix.length);
      if (typeof row.hint === "string") assert.equal(hint, row.hint);
      else assert.match(hint, row.hint);
    });
  }

  it("gives the same hint for a wrong password whether Keycloak answers 400 or 401", () => {
    const body = { error: "invalid_grant", error_description: "Invalid user credentials" };
    assert.equal(
      loginErrorFrom(keycloakAnswer(400, body), CONTEXT).message,
      loginErrorFrom(keycloakAnswer(401, body), CONTEXT).message,
    );
  });

  it("reads the realm name from an issuer under /auth (older Keycloak)", () => {
    const error = loginErrorFrom(
      keycloakAnswer(400, { error: "invalid_grant", error_description: "Account disabled" }),
      { ...CONTEXT, issuer: "https://kc.example.org/auth/realms/staff" },
    );
    assert.match(error.message, /enable the user in the realm "staff"/);
  });

  it("leaves out the username when logging in without one", () => {
    const error = loginErrorFrom(keycloakAnswer(401, { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" }), {
      clientId: "Frontend",
      issuer: CONTEXT.issuer,
    });
    assert.match(error.message, /^OpenTalk login failed: Keycloak says "Invalid client or Invalid client credentials" — /);
  });

  describe("a body that is not Keycloak's JSON", () => {
    it("quotes the text of an HTML error page", () => {
      const error = loginErrorFrom(keycloakAnswer(502, "  <html><body>502 Bad Gateway</body></html>\n"), CONTEXT);
      assert.equal(error.error, undefined);
      assert.equal(error.description, "<html><body>502 Bad Gateway</body></html>");
      assert.equal(
        error.message,
        `OpenTalk login failed for bot@example.org: Keycloak says "<html><body>502 Bad Gateway</body></html>" — ${FALLBACK_HINT}`,
      );
    });

    it("quotes at most 200 characters of it", () => {
      const error = loginErrorFrom(keycloakAnswer(500, "x".repeat(500)), CONTEXT);
      assert.equal(error.description, "x".repeat(200));
    });

    it("points at opentalk:oidcUrl for a 404 page", () => {
      const error = loginErrorFrom(keycloakAnswer(404, "Not Found"), CONTEXT);
      assert.match(error.message, /Keycloak says "Not Found" — check opentalk:oidcUrl \(now https:\/\/kc\.example\.org\/realms\/opentalk\)/);
    });

    it("names the status when the body is empty", () => {
      const error = loginErrorFrom(keycloakAnswer(401, ""), CONTEXT);
      assert.equal(error.description, undefined);
      assert.equal(error.message, `OpenTalk login failed for bot@example.org: Keycloak says "HTTP 401" — ${FALLBACK_HINT}`);
    });

    it("treats JSON without an error field as text", () => {
      const error = loginErrorFrom(keycloakAnswer(400, '{"message":"nope"}'), CONTEXT);
      assert.equal(error.error, undefined);
      assert.equal(error.description, '{"message":"nope"}');
    });
  });
});

describe("keycloakHint", () => {
  it("decides on error and description, not on the status alone", () => {
    for (const status of [400, 401, 403]) {
      assert.equal(keycloakHint(status, "invalid_grant", "Invalid user credentials", CONTEXT), CREDENTIALS_HINT, `status ${status}`);
    }
  });

  it("matches Keycloak's descriptions whatever their case", () => {
    assert.match(keycloakHint(400, "unauthorized_client", "client not allowed for DIRECT ACCESS GRANTS", CONTEXT), /Direct access grants/);
  });
});

describe("LoginError", () => {
  it("quotes the error code when Keycloak gave no description", () => {
    const error = new LoginError({ status: 400, error: "invalid_grant", hint: "check the password" });
    assert.equal(error.message, 'OpenTalk login failed: Keycloak says "invalid_grant" — check the password');
    assert.equal(error.name, "LoginError");
  });
});
