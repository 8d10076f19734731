import type { z } from "zod";
import { ControllerError, ResponseShapeError, UnattributedAnswerError } from "./errors";
import type { HttpResponse } from "./http-transport";
import { redact, redactPath } from "./redaction";
import { ControllerErrorBody } from "./schemas";

/** Parse a successful body against its schema, or fail naming the endpoint and the first field that does not fit. */
export function decodeBody<S extends z.ZodType>(schema: S, response: HttpResponse, endpoint: string): z.infer<S> {
  const parsed = parseJson(response.text);
  if (parsed === undefined) throw new ResponseShapeError(endpoint, "(body)", "not JSON");
  const result = schema.safeParse(parsed);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? formatPath(issue.path) : "(body)";
  throw new ResponseShapeError(endpoint, field, issue.message);
}

/**
 * Whose word a failure answer is — the one place that decides it. The controller speaks in three forms only:
 * - its JSON error body `{"code": …, "message": …}` (sent as `text/json`, so the body decides, not the header);
 * - an empty body from its permission layer (403; from 0.35 also 401 for a missing login) or web framework (404/405
 *   for a route it does not have, 410 for a removed one): `HttpResponse::Forbidden().finish()` in ot-controller
 *   v0.30.1 crates/kustos/src/actix_web/middleware.rs, `Admission::Denied` from 0.34 on (RELEASES.md, "Every
 *   release");
 * - actix-web's plain-text extractor errors for a malformed path, query or body (400).
 * Anything else — a redirect, an HTML page, other text, an empty 5xx — came from something in front of the controller
 * (a proxy, a load balancer, a sign-on gateway, the web app) and proves nothing about the object asked for.
 */
export function failureFrom(method: string, url: string, response: HttpResponse, settingHint: string): ControllerError | UnattributedAnswerError {
  const path = new URL(url).pathname;
  const body = ControllerErrorBody.safeParse(parseJson(response.text));
  if (body.success && response.status >= 400) return controllerError(method, path, response, body.data);
  const text = response.text.trim();
  const frameworkAnswer =
    (text === "" && [401, 403, 404, 405, 410].includes(response.status)) ||
    (response.status === 400 && ACTIX_EXTRACTOR_ERROR.test(text) && !isWebPage(response));
  if (frameworkAnswer) return controllerError(method, path, response, undefined);
  return new UnattributedAnswerError({
    method,
    url: redactPath(url),
    status: response.status,
    answer: describeAnswer(response),
    hint: unattributedHint(response, settingHint),
  });
}

/** actix-web's extractor messages (ot-controller v0.30.1: `Path deserialize error: …`, `Json deserialize error: …`). */
const ACTIX_EXTRACTOR_ERROR = /^(Path|Query|Json) deserialize error|^Content type error|^Json payload size is bigger than allowed/;

function controllerError(method: string, path: string, response: HttpResponse, body: z.infer<typeof ControllerErrorBody> | undefined): ControllerError {
  const text = response.text.trim();
  return new ControllerError({
    method,
    path,
    status: response.status,
    code: body?.code,
    serverMessage: body ? body.message : text.slice(0, 300) || undefined,
    validationErrors: body?.validation_errors,
    hint: hintFor(response.status, body?.code, method),
  });
}

/** Kept for callers that already know the answer is the controller's (tests, the auth endpoints). */
export function controllerErrorFrom(method: string, path: string, response: HttpResponse): ControllerError {
  const body = ControllerErrorBody.safeParse(parseJson(response.text));
  return controllerError(method, path, response, body.success ? body.data : undefined);
}

/** An HTML document: a proxy's error page, a sign-on page, or the web app's start page (nginx `try_files … /index.html`). */
export function isWebPage(response: HttpResponse): boolean {
  const type = response.headers["content-type"] ?? "";
  return /html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(response.text);
}

function describeAnswer(response: HttpResponse): string {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers["location"];
    return location ? `a redirect to ${redact(stripQuery(location))}` : "a redirect";
  }
  if (isWebPage(response)) {
    const title = /<title[^>]*>([^<]{1,80})/i.exec(response.text)?.[1]?.trim();
    return title ? `an HTML page titled "${redact(title)}"` : "an HTML page";
  }
  const text = response.text.trim();
  if (!text) return "an empty body";
  const type = response.headers["content-type"]?.split(";")[0];
  return `${type ? `${type} ` : ""}"${redact(text.replace(/\s+/g, " ").slice(0, 80))}${text.length > 80 ? "…" : ""}"`;
}

function unattributedHint(response: HttpResponse, settingHint: string): string {
  if (response.status >= 300 && response.status < 400) {
    return `A proxy or single sign-on gateway in front of the controller redirects API calls (credentials are never sent after a redirect): let /v1/ through to the controller unchanged. ${settingHint}`;
  }
  if (isWebPage(response) && response.status < 300) {
    return `That is a web page where the controller's API should answer, often the web app's own start page: the controller's address is probably the web app's. ${settingHint}`;
  }
  if ([502, 503, 504].includes(response.status)) {
    return `A gateway in front of the controller answered for it: the controller is probably restarting or overloaded, which is usually temporary — run the operation again. If it persists, check the controller and the proxy. ${settingHint}`;
  }
  return `A proxy, load balancer or maintenance page answered in the controller's place. If this persists, check that it forwards /v1/ to the controller. ${settingHint}`;
}

function stripQuery(location: string): string {
  return location.replace(/[?#].*$/, "");
}

/** General advice by status and code; callers that know the context replace it with `withHint`. */
function hintFor(status: number, code: string | undefined, method: string): string | undefined {
  switch (code) {
    case "feature_disabled_by_tariff":
    case "feature_disabled":
      return "the OpenTalk tariff of the configured user does not include this feature (guests need core::guests_allowed, SIP dial-in needs core::call_in): ask the operator to change the tariff, or turn the feature off";
    case "unknown_sub":
      return "this controller (0.29 or older) does not know the user yet; POST /v1/auth/login should have registered it — check that the controller trusts the same Keycloak realm";
    case "unauthorized":
      return "the controller rejected the access token: check that it trusts the same Keycloak realm (and host name) as opentalk:oidcUrl";
    case "conflict":
      return "the resource belongs to an event (meeting): delete the event instead";
    case "service_unavailable":
      return "invites need a room without end-to-end encryption, guest access not disabled, and a tariff that allows guests";
  }
  if (status >= 500 && method === "POST") {
    // A gateway's 502/504 does not say whether the controller carried the create out.
    return "the controller or a proxy in front of it failed, and the create may still have happened: look for it in OpenTalk (opentalk rooms list) before running again";
  }
  if (status >= 500) return "the controller failed; this is usually temporary, so run the operation again";
  return undefined;
}

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}
