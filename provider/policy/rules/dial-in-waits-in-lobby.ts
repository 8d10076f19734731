import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { entryName, where } from "../entries";
import { entryList, settingsOf } from "../policy-config";
import type { RuleContext } from "../rule-context";
import { isRoomOrMeeting } from "../room-settings";
import { isObject, peek } from "../values";

interface Settings {
  allowedEntries: string[];
}

const schema: PolicyConfigSchema = {
  properties: {
    allowedEntries: entryList("Rooms and meetings whose phone callers may join without waiting in the lobby"),
  },
};

/**
 * A phone caller is identified by nothing but the dial-in number, the room's SIP id and its PIN — numbers that sit in
 * every calendar invite. With the dial-in lobby on, callers wait until a moderator admits them, as guests do in the
 * waiting room. Checked on the stack's outputs (the effective settings), because OpenTalk gives meetings dial-in by
 * itself when the tariff allows, whether or not the rooms file mentions sip.
 */
export function dialInWaitsInLobby(context: RuleContext): StackValidationPolicy {
  return {
    name: "dial-in-waits-in-lobby",
    displayName: "Phone callers wait in the lobby",
    description: "Rooms and meetings with SIP dial-in must send callers to the lobby first.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
      const { allowedEntries } = settingsOf<Settings>(schema, args);
      for (const resource of args.resources) {
        if (!isRoomOrMeeting(resource.type) || allowedEntries.includes(resource.name)) continue;
        const sip = peek(resource.props, "sip");
        if (!sip.known || !isObject(sip.value) || sip.value.enabled !== true || sip.value.lobby === true) continue;
        reportViolation(
          `${where(context.roomsFile, entryName(resource.type, resource.name)!)}: phone callers join without waiting — ` +
            `set sip: { enabled: true, lobby: true }, or sip: { enabled: false } if no one dials in`,
          resource.urn,
        );
      }
    },
  };
}
