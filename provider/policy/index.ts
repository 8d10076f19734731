/**
 * pulumi-opentalk/policy: CrossGuard policies for OpenTalk rooms, meetings and guest links, for a policy pack that
 * `pulumi preview --policy-pack …` runs on every change (examples/policy-pack):
 *
 *   import { PolicyPack } from "@pulumi/policy";
 *   import { observeEngineRequests, openTalkPolicies } from "pulumi-opentalk/policy";
 *   observeEngineRequests();
 *   new PolicyPack("opentalk-rooms", { policies: openTalkPolicies() });
 *
 * Every policy is configured through the standard policy config (`--policy-pack-config`): an enforcement level
 * (advisory, mandatory, disabled) and its parameters, listed in its configSchema with their defaults. Messages name
 * the rooms-file entry and what to change in it.
 *
 * This entry needs @pulumi/policy (an optional peer dependency); the main entry `pulumi-opentalk` never loads it.
 * Policies match resources by type token: CrossGuard's `isType` cannot recognise dynamic resources.
 */
import type { Policies } from "@pulumi/policy";
import type { RuleContext } from "./rule-context";
import { dialInWaitsInLobby } from "./rules/dial-in-waits-in-lobby";
import { directAccessOnlyWhereAllowed } from "./rules/direct-access-only-where-allowed";
import { guestAccessDeclared } from "./rules/guest-access-declared";
import { guestLinkExpiry } from "./rules/guest-link-expiry";
import { guestsNeedWaitingRoomOrPassword } from "./rules/guests-need-waiting-room-or-password";
import { roomPasswordIsSecret } from "./rules/room-password-is-secret";
import { roomPasswordLength } from "./rules/room-password-length";
import { standingRoomsAreMeetings } from "./rules/standing-rooms-are-meetings";

export { observeEngineRequests } from "./engine-requests";
export { TYPE_TOKENS } from "../resources/type-tokens";

export interface OpenTalkPolicyOptions {
  /** How messages name the file people edit (the stack's `roomsFile`); default "rooms.yaml". */
  roomsFile?: string;
}

/** The policies, most important first. */
export function openTalkPolicies(options: OpenTalkPolicyOptions = {}): Policies {
  const context: RuleContext = { roomsFile: options.roomsFile ?? "rooms.yaml" };
  return [
    guestsNeedWaitingRoomOrPassword(context),
    directAccessOnlyWhereAllowed(context),
    roomPasswordIsSecret(context),
    guestLinkExpiry(context),
    roomPasswordLength(context),
    dialInWaitsInLobby(context),
    guestAccessDeclared(context),
    standingRoomsAreMeetings(context),
  ];
}
