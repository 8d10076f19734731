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
    allowedEntries: entryList("Rooms and meetings that may let guests in without a waiting room or a password"),
  },
};

/**
 * Whoever has a room's link — forwarded mail, a calendar invite, a chat history — gets in as a guest unless the
 * room stops them: a waiting room (where a moderator admits them; `guestAccess: waiting_room` sends guests there)
 * or a password. A room admits guests unless guest access is disabled or it is end-to-end encrypted (OpenTalk
 * refuses guests there). Guest access left out is the server's default, which differs by release (none before
 * 0.34, where invite links admit guests as the room's waiting room says): a reviewed file says it.
 */
export function guestsNeedWaitingRoomOrPassword(context: RuleContext): ResourceValidationPolicy {
  return {
    name: "guests-need-waiting-room-or-password",
    displayName: "Guests wait or need a password",
    description: "A room or meeting that admits guests must have a waiting room or a password.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schema,
    validateResource: (args, reportViolation) => {
      if (!isRoomOrMeeting(args.type)) return;
      const settings = settingsOf<Settings>(schema, args);
      const { guestAccess, waitingRoom, password, e2eEncryption } = knownValues(args, ["guestAccess", "waitingRoom", "password", "e2eEncryption"]);
      const admitsGuests = guestAccess !== "disabled" && e2eEncryption !== true;
      const stopped = waitingRoom === true || guestAccess === "waiting_room" || (typeof password === "string" && password !== "");
      if (!admitsGuests || stopped || settings.allowedEntries.includes(args.name)) return;

      const name = entryName(args.type, args.name)!;
      const how =
        guestAccess === "direct_access"
          ? "guestAccess: direct_access lets anyone with the link straight in"
          : "guestAccess is not set, so guests get the server's default";
      reportViolation(
        `${where(context.roomsFile, name)}: guests can join without a waiting room or a password (${how}) — add ` +
          `waitingRoom: true or passwordConfig, or set guestAccess: waiting_room or guestAccess: disabled`,
      );
    },
  };
}
