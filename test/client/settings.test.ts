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
      login: { kind: "password", username: "bot@example.org", password: "env-Passw0rd-1" },
      requestTimeoutMs: 5000,
      allowInsecureHttp: false,
      trustedOrigins: [],
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
    assert.deepEqual(settings.login, { kind: "password", username: "cfg-bot", password: "cfg-Passw0rd-1" });
    assert.equal(settings.clientId, "Pulumi");
    assert.equal(settings.requestTimeoutMs, 100);
  });

  it("lets the stack config win over the environment, key by key", () => {
    const settings = resolveSettings(config({ "opentalk:url": "https://cfg.example.org", "opentalk:password": "cfg-Passw0rd-2" }), {
      ...LOGIN_ENV,
      OPENTALK_CLIENT_ID: "EnvClient",
    });
    assert.equal(settings.url, "https://cfg.example.org");
    assert.deepEqual(settings.login, { kind: "password", username: "bot@example.org", password: "cfg-Passw0rd-2" });
    assert.equal(settings.clientId, "EnvClient");
  });

  it("falls back to the environment when a config value is empty or blank", () => {
    const settings = resolveSettings(config({ "opentalk:url": "  ", "opentalk:username": "" }), LOGIN_ENV);
    assert.equal(settings.url, "https://opentalk.example.org");
    assert.deepEqual(settings.login, { kind: "password", username: "bot@example.org", password: "env-Passw0rd-1" });
  });

  it("uses the default request timeout when none is set", () => {
    assert.equal(resolveSettings(NO_CONFIG, LOGIN_ENV).requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
  });

  describe("chooses the login from the settings given (README: which combination selects which grant)", () => {
    it("an access token alone: used as is", () => {
      const settings = resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_ACCESS_TOKEN: "env-access-token-1" });
      assert.deepEqual(settings.login, { kind: "access-token", accessToken: "env-access-token-1" });
    });

    it("a username and a password: the password grant (with the client secret of a confidential client)", () => {
      const settings = resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_CLIENT_ID: "Automation", OPENTALK_CLIENT_SECRET: "cc-secret-0" });
      assert.deepEqual(settings.login, { kind: "password", username: "bot@example.org", password: "env-Passw0rd-1" });
      assert.equal(settings.clientSecret, "cc-secret-0");
    });

    it("a client id and a client secret without username and password: a service account (client credentials)", () => {
      const settings = resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_CLIENT_ID: "pulumi-ci", OPENTALK_CLIENT_SECRET: "cc-secret-1" });
      assert.deepEqual(settings.login, { kind: "client-credentials", clientId: "pulumi-ci", clientSecret: "cc-secret-1" });
    });

    it("refuses an access token together with a password, naming both keys", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_ACCESS_TOKEN: "env-access-token-2" }));
      assert.match(error.message, /^opentalk:accessToken is set together with opentalk:username and opentalk:password \(OPENTALK_ACCESS_TOKEN, OPENTALK_USERNAME, OPENTALK_PASSWORD\): it is not clear which login to use/);
      assert.ok(!error.message.includes("env-access-token-2"));
    });

    it("refuses an access token together with a client secret", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_CLIENT_SECRET: "cc-secret-2", OPENTALK_ACCESS_TOKEN: "env-access-token-3" }));
      assert.match(error.message, /opentalk:accessToken is set together with opentalk:clientSecret/);
    });

    it("refuses a client secret without a client id", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_CLIENT_SECRET: "cc-secret-3" }));
      assert.match(error.message, /opentalk:clientSecret is set without opentalk:clientId: a Keycloak service account logs in as its own client/);
    });
  });

  describe("trims trailing slashes from addresses", () => {
    const rows: Array<[string, string]> = [
      ["https://opentalk.example.org/", "https://opentalk.example.org"],
      ["https://opentalk.example.org///", "https://opentalk.example.org"],
      ["https://example.org/opentalk/", "https://example.org/opentalk"],
      ["http://localhost:8080", "http://localhost:8080"],
      ["http://127.0.0.1:8080/#frag", "http://127.0.0.1:8080"],
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

    it("no login at all: the three ways to log in", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, URL_ENV));
      assert.match(error.message, /a Keycloak service account \(opentalk:clientId and opentalk:clientSecret --secret/);
      assert.match(error.message, /a user \(opentalk:username and opentalk:password --secret/);
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

    it("the access token and the client secret, even when the combination is refused", () => {
      settingsError(() => resolveSettings(NO_CONFIG, { ...URL_ENV, OPENTALK_ACCESS_TOKEN: "opaque-access-token-3", OPENTALK_CLIENT_SECRET: "client-secret-3" }));
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

  describe("keeps credentials off the network's plain text and out of addresses (issue: credentials stay with their origin)", () => {
    it("refuses plain http to another machine, saying why and how to allow it", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_URL: "http://opentalk.example.org" }));
      assert.match(error.message, /^opentalk:url \/ OPENTALK_URL is http:\/\/opentalk\.example\.org: plain http would send the password and the access tokens unencrypted/);
      assert.match(error.message, /set opentalk:allowInsecureHttp to true \(OPENTALK_ALLOW_INSECURE_HTTP=true\)/);
    });

    for (const host of ["localhost", "127.0.0.1", "127.8.9.10", "[::1]"]) {
      it(`allows plain http to this machine (${host})`, () => {
        assert.equal(resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_URL: `http://${host}:8080` }).url, `http://${host}:8080`);
      });
    }

    it("allows plain http elsewhere when told to", () => {
      const settings = resolveSettings(config({ "opentalk:allowInsecureHttp": "true" }), { ...LOGIN_ENV, OPENTALK_CONTROLLER_URL: "http://ctrl.lan" });
      assert.equal(settings.controllerUrl, "http://ctrl.lan");
      assert.equal(settings.allowInsecureHttp, true);
    });

    it("refuses an allowInsecureHttp that is not true or false", () => {
      const error = settingsError(() => resolveSettings(config({ "opentalk:allowInsecureHttp": "maybe" }), LOGIN_ENV));
      assert.match(error.message, /opentalk:allowInsecureHttp \/ OPENTALK_ALLOW_INSECURE_HTTP must be true or false, got "maybe"/);
    });

    for (const variable of ["OPENTALK_URL", "OPENTALK_CONTROLLER_URL", "OPENTALK_OIDC_URL"]) {
      it(`refuses user info in ${variable}, without repeating the password`, () => {
        const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, [variable]: "https://admin:S3cr3t-in-url@opentalk.example.org" }));
        assert.match(error.message, new RegExp(`${variable} contains a user name or password \\(https://user:…@host\\)`));
        assert.ok(!error.message.includes("S3cr3t-in-url"), error.message);
        assert.equal(redact("S3cr3t-in-url"), "***", "registered as a secret");
      });
    }

    it("refuses a login in an address without a scheme, without repeating it", () => {
      // Would catch echoing the value as given: new URL() reads "admin:" as the scheme, so this is "not http(s)".
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_URL: "admin:No-scheme-Pw-77@opentalk.example.org" }));
      assert.match(error.message, /OPENTALK_URL must be an http\(s\) address such as https:\/\/opentalk\.example\.org, got "…@opentalk\.example\.org"/);
      assert.ok(!error.message.includes("No-scheme-Pw-77"), error.message);
    });

    it("refuses a password that is not valid percent-encoding with the same message, not a URIError", () => {
      const error = settingsError(() => resolveSettings(NO_CONFIG, { ...LOGIN_ENV, OPENTALK_URL: "https://admin:Bad%zzEncoding-Pw@opentalk.example.org" }));
      assert.match(error.message, /OPENTALK_URL contains a user name or password/);
      assert.ok(!error.message.includes("Bad%zzEncoding-Pw"), error.message);
    });

    it("takes trusted origins, and refuses anything but origins there", () => {
      const settings = resolveSettings(config({ "opentalk:trustedOrigins": "https://sso.example.org, https://kc2.example.org:8443" }), LOGIN_ENV);
      assert.deepEqual(settings.trustedOrigins, ["https://sso.example.org", "https://kc2.example.org:8443"]);
      const error = settingsError(() => resolveSettings(config({ "opentalk:trustedOrigins": "https://sso.example.org/realms" }), LOGIN_ENV));
      assert.match(error.message, /takes origins \(scheme, host and port, such as https:\/\/sso\.example\.org\), got "https:\/\/sso\.example\.org\/realms"/);
    });
  });
});
