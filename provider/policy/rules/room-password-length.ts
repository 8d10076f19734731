import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { entryName, where } from "../entries";
import { engineRequests } from "../engine-requests";
import { settingsOf } from "../policy-config";
import type { RuleContext } from "../rule-context";
import { isRoomOrMeeting } from "../room-settings";
import { knownValues } from "../values";

interface Settings {
  minLength: number;
}

const schema: PolicyConfigSchema = {
  properties: {
    minLength: { type: "integer", minimum: 1, maximum: 255, default: 12, description: "The fewest characters a room password may have" },
  },
};

/**
 * OpenTalk takes any password from one byte up, and a room password is shared with everyone invited, typed by hand
 * and never rotated: a short one is guessed. The length is checked, never shown.
 */
export function roomPasswordLength(context: RuleContext): ResourceValidationPolicy {
  return {
    name: "room-password-length",
    displayName: "Room passwords are long enough",
    description: "Room passwords must have a minimum length.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schema,
    validateResource: (args, reportViolation) => {
      if (!isRoomOrMeeting(args.type)) return;
      const { password } = knownValues(args, ["password"]);
      if (typeof password !== "string") return;
      const { minLength } = settingsOf<Settings>(schema, args);
      const length = [...password].length;
      if (length >= minLength) return;
      const setting = engineRequests.settingsHolding(password)[0]?.setting ?? "<its passwordConfig setting>";
      reportViolation(
        `${where(context.roomsFile, entryName(args.type, args.name)!)}: the room password has ${length} characters; ` +
          `use at least ${minLength} (pulumi config set --secret ${setting} …)`,
      );
    },
  };
}

