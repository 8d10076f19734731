import assert from "node:assert/strict";
import { isSettingsError, SettingsError } from "../../provider/client/errors";
import { redact } from "../../provider/client/redaction";
import { DEFAULT_REQUEST_TIMEOUT_MS, resolveSettings, type ConfigSource } from "../../provider/client/settings";

/** A stack config as `pulumi.Config` would give it: `opentalk:*` keys. */
const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const NO_CONFIG = config({});

const URL_ENV = { OPENTALK_URL: "https://opentalk.example.org" };
const LOGIN_ENV = { ...URL_ENV, OPENTALK_USERNAME: "bot@example.org", OPENTALK_PASSWORD: "env-Passw0rd-1" };

function settingsError(run: () => unknown): SettingsError {
  try {
    run();
  } catch (error) {
    assert.ok(isSettingsError(error), `expected a SettingsError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a SettingsError, got settings");
}

describe("resolveSettings", () => {
  it("reads everything from the environment when there is no stack config", () => {
    const settings = resolveSettings(undefined, {
      ...LOGIN_ENV,
      OPENTALK_CONTROLLER_URL: "https://ctrl.example.org",
      OPENTALK_OIDC_URL: "https://kc.example.org/realms/opentalk",
      OPENTALK_CLIENT_ID: "Frontend",
      OPENTALK_CLIENT_SECRET: "env-client-secret",
      OPENTALK_REQUEST_TIMEOUT_MS: "5000",
    });
    assert.deepEqual(settings, {
      url: "https://opentalk.example.org",
      controllerUrl: "https://ctrl.example.org",
      oidcUrl: "https://kc.example.org/realms/opentalk",
      clientId: "Frontend",
      clientSecret: "env-client-secret",
      credentials: { username: "bot@example.org", password: "env-Passw0rd-1" },
      accessToken: undefined,
      requestTimeoutMs: 5000,
    });
  });

  it("reads everything from the stack config", () => {
    const settings = resolveSettings(
      config({
        "opentalk:url": "https://cfg.example.org",
        "opentalk:username": "cfg-bot",
        "opentalk:password": "cfg-Passw0rd-1",
        "opentalk:clientId": "Pulumi",
        "opentalk:requestTimeoutMs": "100",
      }),
      {},
    );
    assert.equal(settings.url, "https://cfg.example.org");
    assert.deepEqual(settings.credentials, { username: "cfg-bot", password: "cfg-Passw0rd-1" });
    assert.equal(settings.clientId, "Pulumi");
    assert.equal(settings.requestTimeoutMs, 100);
  });

  it("lets the stack config win over the environment, key by key", () => {
    const settings = resolveSettings(config({ "opentalk:url": "https://cfg.example.org", "opentalk:password": "cfg-Passw0rd-2" }), {
      ...LOGIN_ENV,
      OPENTALK_CLIENT_ID: "EnvClient",
    });
    assert.equal(settings.url, "https://cfg.example.org");
    assert.deepEqual(settings.credentials, { username: "bot@example.org", password: "cfg-Passw0rd-2" });
    assert.equal(settings.clientId, "EnvClient");
  });

  it("falls back to the environment when a config value is empty or blank", () => {
    const settings = resolveSettings(config({ "opentalk:url": "  ", "opentalk:username": "" }), LOGIN_ENV);
    assert.equal(settings.url, "https://opentalk.example.org");
    assert.equal(settings.credentials?.username, "bot@example.org");
  });

  it("uses the default request timeout when none is set", () => {
    assert.equal(resolveSettings(NO_CONFIG, LOGIN_ENV).requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
  });

  it("accepts an access token alone, without username and password", () => {
    const settings = resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_ACCESS_TOKEN: "env-access-token-1" });
    assert.equal(settings.accessToken, "env-access-token-1");
    assert.equal(settings.credentials, undefined);
  });

  it("does not make credentials from a username alone when an access token is given", () => {
    const settings = resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_USERNAME: "bot", OPENTALK_ACCESS_TOKEN: "env-access-token-2" });
    assert.equal(settings.credentials, undefined);
  });

  describe("trims trailing slashes from addresses", () => {
    const rows: Array<[string, string]> = [
      ["https://opentalk.example.org/", "https://opentalk.example.org"],
      ["https://opentalk.example.org///", "https://opentalk.example.org"],
      ["https://example.org/opentalk/", "https://example.org/opentalk"],
      ["http://localhost:8080", "http://localhost:8080"],
    ];
    for (const [given, expected] of rows) {
      it(given, () => {
        const settings = resolveSettings(NO_CONFIG, {
          ...LOGIN_ENV,
          OPENTALK_URL: given,
          OPENTALK_CONTROLLER_URL: given,
          OPENTALK_OIDC_URL: given,
        });
        assert.equal(settings.url, expected);
        assert.equal(settings.controllerUrl, expected);
        assert.equal(settings.oidcUrl, expected);
      });
    }
  });

  describe("explains what is missing, naming the config key and the environment variable", () => {
    it("a missing url", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { OPENTALK_USERNAME: "bot", OPENTALK_PASSWORD: "pw-missing-url" }));
      assert.match(error.message, /opentalk:url/);
      assert.match(error.message, /OPENTALK_URL/);
    });

    it("a missing password", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_USERNAME: "bot" }));
      assert.match(error.message, /OpenTalk password is not set/);
      assert.match(error.message, /pulumi config set opentalk:password --secret/);
      assert.match(error.message, /OPENTALK_PASSWORD/);
      assert.match(error.message, /opentalk:accessToken \/ OPENTALK_ACCESS_TOKEN/);
    });

    it("a missing username", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_PASSWORD: "pw-missing-user" }));
      assert.match(error.message, /OpenTalk username is not set/);
      assert.match(error.message, /opentalk:username/);
      assert.match(error.message, /OPENTALK_USERNAME/);
    });

    it("no login at all", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, URL_ENV));
      assert.match(error.message, /opentalk:username/);
      assert.match(error.message, /OPENTALK_ACCESS_TOKEN/);
    });
  });

  describe("rejects an address that is not http(s)", () => {
    const rows: Array<[string, string]> = [
      ["OPENTALK_URL", "opentalk.example.org"],
      ["OPENTALK_URL", "ftp://opentalk.example.org"],
      ["OPENTALK_URL", "not a url"],
      ["OPENTALK_CONTROLLER_URL", "ctrl.example.org"],
      ["OPENTALK_OIDC_URL", "keycloak"],
    ];
    for (const [variable, value] of rows) {
      it(`${variable}=${value}`, () => {
        const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, [variable]: value }));
        assert.match(error.message, new RegExp(`${variable} must be an http\\(s\\) address such as https://opentalk\\.example\\.org, got "${value}"`));
      });
    }
  });

  describe("rejects a request timeout that is not a whole number from 100 to 600000 ms", () => {
    for (const value of ["abc", "99", "600001", "1.5", "-5", "30s"]) {
      it(JSON.stringify(value), () => {
        const error = settingsError(() => resolveSettings(config({ "opentalk:requestTimeoutMs": value }), LOGIN_ENV));
        assert.equal(
          error.message,
          `opentalk:requestTimeoutMs / OPENTALK_REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000, got "${value}".`,
        );
      });
    }
  });

  describe("registers its secrets so that no message can show them", () => {
    it("the password", () => {
      const password = "Pw-registered-by-settings-1";
      resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_PASSWORD: password });
      assert.equal(redact(`login with ${password}`), "login with ***");
    });

    it("the password, from the stack config", () => {
      const password = "Pw-registered-by-settings-2";
      resolveSettings(config({ "opentalk:password": password }), LOGIN_ENV);
      assert.equal(redact(`login with ${password}`), "login with ***");
    });

    it("the access token and the client secret", () => {
      resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_ACCESS_TOKEN: "opaque-access-token-3", OPENTALK_CLIENT_SECRET: "client-secret-3" });
      assert.equal(redact("opaque-access-token-3 client-secret-3"), "*** ***");
    });

    it("not the username or the url", () => {
      resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_USERNAME: "plain-username-4", OPENTALK_PASSWORD: "Pw-registered-4" });
      assert.equal(redact("plain-username-4 at https://opentalk.example.org"), "plain-username-4 at https://opentalk.example.org");
    });

    it("the password, even when it ends up in a rejected address", () => {
      const password = "Pw-swapped-into-url-5";
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_URL: password, OPENTALK_PASSWORD: password }));
      assert.ok(!error.message.includes(password), error.message);
      assert.match(error.message, /OPENTALK_URL must be an http\(s\) address/);
    });

    it("the password, in a message about another setting", () => {
      const password = "Pw-in-timeout-message-6";
      const error = settingsError(() =>
        resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_PASSWORD: password, OPENTALK_REQUEST_TIMEOUT_MS: `x${password}` }),
      );
      assert.ok(!error.message.includes(password), error.message);
    });
  });
});
