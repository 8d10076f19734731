import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { entryName, where } from "../entries";
import { entryList, settingsOf } from "../policy-config";
import type { RuleContext } from "../rule-context";
import { isRoomOrMeeting } from "../room-settings";
import { knownValues } from "../values";

interface Settings {
  allowedEntries: string[];
}

const schema: PolicyConfigSchema = {
  properties: {
    allowedEntries: entryList('Rooms and meetings that may have guestAccess: direct_access, by entry name ("webinar")'),
  },
};

/**
 * `direct_access` puts guests into the meeting without a moderator seeing them first. Sometimes that is the point
 * (a public webinar), but it should be a decision someone wrote down — in the policy config, reviewed like the rooms
 * file — not a value that slipped into an entry.
 */
export function directAccessOnlyWhereAllowed(context: RuleContext): ResourceValidationPolicy {
  return {
    name: "direct-access-only-where-allowed",
    displayName: "Direct guest access only where allowed",
    description: "guestAccess: direct_access is allowed only for the rooms the policy config lists.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schema,
    validateResource: (args, reportViolation) => {
      if (!isRoomOrMeeting(args.type)) return;
      if (knownValues(args, ["guestAccess"]).guestAccess !== "direct_access") return;
      const settings = settingsOf<Settings>(schema, args);
      if (settings.allowedEntries.includes(args.name)) return;
      reportViolation(
        `${where(context.roomsFile, entryName(args.type, args.name)!)}: guestAccess: direct_access lets guests in without ` +
          `a moderator admitting them — use guestAccess: waiting_room, or add "${args.name}" to allowedEntries of ` +
          `direct-access-only-where-allowed in the policy config`,
      );
    },
  };
}
