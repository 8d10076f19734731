import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPE_TOKENS } from "../../resources/type-tokens";
import { entryName, where } from "../entries";
import type { RuleContext } from "../rule-context";
import { isRoomOrMeeting } from "../room-settings";
import { peek } from "../values";

/**
 * From OpenTalk 0.35 a room that lets guests in has a guest link whether or not anyone declared one: the room link
 * itself (client/capabilities.ts `inviteCodes`). The provider records it as the room's `guestLink` output — only there,
 * only then — so a room with a guestLink output and no guest link in the rooms file admits guests no reviewer was
 * shown. Declaring the link puts that access into the file; disabling guest access ends it. Before 0.35 the output is
 * always null and the rule has nothing to say.
 */
export function guestAccessDeclared(context: RuleContext): StackValidationPolicy {
  return {
    name: "guest-access-declared",
    displayName: "Guest access is declared",
    description: "On OpenTalk 0.35+, a room that admits guests by its link must declare a guest link in the rooms file.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
      const linkedRooms = new Set<string>();
      for (const resource of args.resources) {
        if (resource.type !== TYPE_TOKENS.invite) continue;
        const roomId = peek(resource.props, "roomId");
        if (!roomId.known) return; // a new link to a new room: which room is known only after pulumi up
        if (typeof roomId.value === "string") linkedRooms.add(roomId.value);
      }
      for (const resource of args.resources) {
        if (!isRoomOrMeeting(resource.type)) continue;
        const guestLink = peek(resource.props, "guestLink");
        const roomId = peek(resource.props, "roomId");
        if (!guestLink.known || !roomId.known || typeof guestLink.value !== "string" || linkedRooms.has(roomId.value as string)) continue;
        const name = entryName(resource.type, resource.name)!;
        reportViolation(
          `${where(context.roomsFile, name)}: guests can join by the room link, but the rooms file declares no guest link — ` +
            `add one under guestLinks (without expiresAt: OpenTalk 0.35 links cannot expire) so reviewers see it, or set ` +
            `guestAccess: disabled`,
          resource.urn,
        );
      }
    },
  };
}
