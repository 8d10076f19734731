/**
 * `POST /v1/events/{id}/invites`: the event's owner invites a registered user, by user id or by e-mail address.
 * The same on every release modelled (BE/events/invites.rs @ v0.30.1 `create_invite_to_event`,
 * `create_user_event_invite`, `create_email_event_invite`, `create_invite_to_non_matching_email`; core/api/v1/events/
 * invites.rs @ v0.29.0 235–700; inventory era SVC events/invites.rs @ 6a74b2e7, read_file id 67337759878):
 * - only the owner may post (kustos `event_write_access` grants POST `/events/{id}/invites`, BE/events/mod.rs @
 *   v0.30.1 1768–1794; ≥ 0.34 ACL EventInvites owner `rw`, invitees `r-`, AZDB event/invites.rs @ 3fd047da, read_file
 *   id 68655817462): anyone else, and any missing or malformed event, gets the empty 403 before the body is read;
 * - body `{"invitee": <user id>, "role"?: "user"|"moderator"}` or `{"email": …, "role"?: "guest"|"moderator"}`, an
 *   untagged enum (a body matching neither is serde's "data did not match any variant" `invalid_json`);
 * - `201 Created` (empty) for a new invite; `204 No Content` when the invitee created the event (invited implicitly)
 *   or is invited already; the invite starts `pending`;
 * - by id: the user is looked up before anything else (`User::get_filtered_by_tenant`): an unknown id is the database's
 *   "not found" — a 500 on ≤ 0.30 (capture_api_error.rs `From<DatabaseError>`), 404 `not_found` from 0.34 (profile
 *   `missingRowIsServerError`);
 * - by e-mail: an address of a user the controller knows (lower-cased, `User::get_by_email`) becomes that user's
 *   invite; any other address is 409 `unknown_email` — the sandbox configures neither a Keycloak user search nor
 *   `endpoints.event_invite_external_email_address`, which would make it an e-mail-only invite.
 * What an invite lets the invitee do is in `room-access.ts`. Listing, changing and withdrawing invites and the
 * invitee's answer (`/events/{id}/invites/…`, `/events/{id}/invite`) are not modelled: unrouted, they are the empty 403.
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { readBoolean } from "./events-query";
import { emptyResponse, Router } from "./http-server";
import { isUuid, JsonBody, readJsonBody } from "./json-body";
import { requireEventOf } from "./room-access";
import type { SandboxControllerUser } from "./store";
import type { EventInviteRole } from "./store-event-invites";

const INVITE_ROLES: readonly EventInviteRole[] = ["user", "moderator"];
const EMAIL_INVITE_ROLES = ["guest", "moderator"] as const;

type PostEventInviteBody = { invitee: string; role: EventInviteRole } | { email: string; role: EventInviteRole };

export function registerEventInviteRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "POST",
    "/v1/events/:eventId/invites",
    authenticated(ctx, (req, user) => {
      const event = requireEventOf(ctx, user, req.params.eventId);
      readBoolean(req, "suppress_email_notification");
      const body = readPostEventInviteBody(readJsonBody(req, "PostEventInviteBody"));
      const invitee = "invitee" in body ? registeredUser(ctx, body.invitee) : userWithEmail(ctx, body.email);
      if (invitee.id === event.ownerId) return emptyResponse(204);
      const created = ctx.store.insertEventInvite(event.id, invitee.id, body.role, user.id);
      return emptyResponse(created ? 201 : 204);
    }),
  );
}

/** serde's untagged enum: the first variant that deserializes wins; a body matching none says only that. */
function readPostEventInviteBody(body: JsonBody): PostEventInviteBody {
  const { invitee, email, role } = body.value;
  const roleIs = (variants: readonly string[]) => role === undefined || (typeof role === "string" && variants.includes(role));
  if (typeof invitee === "string" && isUuid(invitee) && roleIs(INVITE_ROLES)) {
    return { invitee: invitee.toLowerCase(), role: (role as EventInviteRole | undefined) ?? "user" };
  }
  // `EmailAddress` (types-common): a string with a local part and a domain.
  if (typeof email === "string" && /^[^@\s]+@[^@\s]+$/.test(email) && roleIs(EMAIL_INVITE_ROLES)) {
    // `EmailInviteRole` → `InviteRole`: a guest becomes a plain user.
    return { email: email.toLowerCase(), role: role === "moderator" ? "moderator" : "user" };
  }
  return body.fail(undefined, "data did not match any variant of untagged enum PostEventInviteBody");
}

function registeredUser(ctx: ControllerContext, userId: string): SandboxControllerUser {
  const user = ctx.store.userById(userId);
  if (!user) throw ctx.profile.missingRowIsServerError ? apiErrors.internal() : apiErrors.notFound();
  return user;
}

function userWithEmail(ctx: ControllerContext, email: string): SandboxControllerUser {
  const user = ctx.store.userByEmail(email);
  if (!user) throw apiErrors.unknownEmail();
  return user;
}
