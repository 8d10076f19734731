import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { TYPE_TOKENS } from "../../resources/type-tokens";
import { entryName, where } from "../entries";
import { entryList, settingsOf } from "../policy-config";
import type { RuleContext } from "../rule-context";

interface Settings {
  allowedEntries: string[];
}

const schema: PolicyConfigSchema = {
  properties: {
    allowedEntries: entryList("Plain rooms that are meant to be plain (short-lived, or recreated on purpose)"),
  },
};

/**
 * A plain room (OpenTalkRoom, an entry without a title) has no meeting behind it: it is in no one's dashboard, and
 * the controller's room-cleanup job deletes it — and with it the link people bookmarked (the next `pulumi up` makes a
 * new room with a new link). A standing room is almost always meant to be a meeting. Turning an existing entry into
 * a meeting replaces its room once, so the message says so.
 */
export function standingRoomsAreMeetings(context: RuleContext): ResourceValidationPolicy {
  return {
    name: "standing-rooms-are-meetings",
    displayName: "Standing rooms are meetings",
    description: "Plain rooms, which OpenTalk's room-cleanup job deletes, are flagged where a meeting was probably meant.",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: schema,
    validateResource: (args, reportViolation) => {
      if (args.type !== TYPE_TOKENS.room) return;
      if (settingsOf<Settings>(schema, args).allowedEntries.includes(args.name)) return;
      reportViolation(
        `${where(context.roomsFile, entryName(args.type, args.name)!)}: a plain room, which OpenTalk's room-cleanup job ` +
          `deletes together with its link — add a title to make it a meeting (this replaces the room once, with a new ` +
          `link), or add "${args.name}" to allowedEntries of standing-rooms-are-meetings`,
      );
    },
  };
}
