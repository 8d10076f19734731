import type { ResourceValidationPolicy } from "@pulumi/policy";
import { entryName, where } from "../entries";
import { engineRequests } from "../engine-requests";
import type { RuleContext } from "../rule-context";
import { isRoomOrMeeting } from "../room-settings";
import { knownValues } from "../values";

/**
 * A room password must never be readable in Git, in the state or in a preview. OpenTalkRoom and OpenTalkMeeting
 * always hand the engine their password as a secret (resources/secret-outputs.ts `resourceProps`), so in practice
 * the leak is upstream: a stack setting that holds the password unencrypted in Pulumi.<stack>.yaml, which is
 * committed. The rule checks both — the secret mark on the wire, and whether a plain stack setting holds the same
 * value — through what the pack recorded from the engine's own requests (engine-requests.ts), since @pulumi/policy
 * shows policies neither. The password itself never appears in a message.
 */
export function roomPasswordIsSecret(context: RuleContext): ResourceValidationPolicy {
  return {
    name: "room-password-is-secret",
    displayName: "Room passwords are secrets",
    description: "Room passwords must be Pulumi secrets, never plain values or plain stack settings.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
      if (!isRoomOrMeeting(args.type)) return;
      const { password } = knownValues(args, ["password"]);
      if (typeof password !== "string") return;
      const secretInputs = engineRequests.secretInputsOf(args.urn);
      if (!secretInputs) {
        return args.notApplicable(
          "the pack did not see the engine's request, so it cannot tell secrets apart: call observeEngineRequests() " +
            "from pulumi-opentalk/policy before new PolicyPack(…)",
        );
      }
      const at = where(context.roomsFile, entryName(args.type, args.name)!);
      if (!secretInputs.has("password")) {
        reportViolation(
          `${at}: the room password reaches Pulumi as a plain value, so the state and every preview show it — ` +
            `take it from a secret stack setting (passwordConfig, set with pulumi config set --secret) or wrap it in pulumi.secret()`,
        );
      }
      for (const { setting } of engineRequests.settingsHolding(password).filter((held) => !held.secret)) {
        reportViolation(
          `${at}: the room password is the stack setting ${setting}, which Pulumi.<stack>.yaml keeps in plain text — ` +
            `set a new password with pulumi config set --secret ${setting} (the old one stays in the Git history)`,
        );
      }
    },
  };
}
