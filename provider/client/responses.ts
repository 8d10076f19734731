import type { z } from "zod";
import { ControllerError, ResponseShapeError } from "./errors";
import type { HttpResponse } from "./http-transport";
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
 * A failure answer as a ControllerError. The controller sends JSON error bodies as `text/json` and actix sends
 * plain text for bad path or query values, so the body is parsed whatever the Content-Type, and text is kept.
 */
export function controllerErrorFrom(method: string, path: string, response: HttpResponse): ControllerError {
  const body = ControllerErrorBody.safeParse(parseJson(response.text));
  if (body.success) {
    return new ControllerError({
      method,
      path,
      status: response.status,
      code: body.data.code,
      serverMessage: body.data.message,
      validationErrors: body.data.validation_errors,
      hint: hintFor(response.status, body.data.code, method),
    });
  }
  const text = response.text.trim().slice(0, 300);
  return new ControllerError({
    method,
    path,
    status: response.status,
    serverMessage: text || undefined,
    hint: hintFor(response.status, undefined, method),
  });
}

/** General advice by status and code; callers that know the context replace it with `withHint`. */
function hintFor(status: number, code: string | undefined, method: string): string | undefined {
  switch (code) {
    case "feature_disabled_by_tariff":
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
