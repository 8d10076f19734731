import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { capabilitiesOf, isReleaseVersion } from "../../client/capabilities";
import { calendarDay, DAY_MS, rfc3339Day } from "../../plan/calendar-day";
import { TYPE_TOKENS } from "../../resources/type-tokens";
import { entryName, where } from "../entries";
import { entryList, settingsOf } from "../policy-config";
import type { RuleContext } from "../rule-context";
import { knownValues } from "../values";

interface Settings {
  maxDays: number;
  allowNeverExpires: string[];
  openTalkVersion: string;
}

const schema: PolicyConfigSchema = {
  properties: {
    maxDays: { type: "integer", minimum: 1, default: 90, description: "How many days ahead a guest link may expire at most" },
    allowNeverExpires: entryList('Guest links that may never expire, by resource name ("weekly/partners")'),
    openTalkVersion: {
      type: "string",
      pattern: "^\\d+\\.\\d+(\\.\\d+)?$",
      default: "0.34",
      description:
        "The OpenTalk release the stack runs against. From 0.35 a guest link is the room link itself and cannot expire: " +
        "the rule then refuses expiresAt instead of requiring it (guests-need-waiting-room-or-password and " +
        "guest-access-declared guard such rooms)",
    },
  },
};

/**
 * A guest link is a credential that outlives the meeting it was made for: it must stop working by itself, within a
 * bound the team chose. On OpenTalk 0.35 and newer nothing can expire (invite codes are gone; the room link admits
 * guests while the room lets them in, client/capabilities.ts `inviteCodes`), and the provider refuses an expiry it
 * cannot enforce — so there the rule says so at review time, before `pulumi up` fails on it.
 */
export function guestLinkExpiry(context: RuleContext): ResourceValidationPolicy {
  return {
    name: "guest-link-expiry",
    displayName: "Guest links expire",
    description: "Guest links must expire within a set number of days.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schema,
    validateResource: (args, reportViolation) => {
      if (args.type !== TYPE_TOKENS.invite) return;
      const name = entryName(args.type, args.name)!;
      const settings = settingsOf<Settings>(schema, args);
      const { expiresAt: expiry } = knownValues(args, ["expiresAt"]);
      const at = where(context.roomsFile, name);

      if (!linksCanExpire(settings.openTalkVersion)) {
        if (typeof expiry === "string") {
          reportViolation(
            `${at}: OpenTalk ${settings.openTalkVersion} cannot expire guest links — a guest link is the room link, and ` +
              `guests get in while the room lets them — so pulumi up would refuse expiresAt: remove it, and end guest access ` +
              `with guestAccess: disabled on entry "${name.entry}" when it should end`,
          );
        }
        return;
      }
      if (typeof expiry !== "string") {
        if (settings.allowNeverExpires.includes(name.name)) return;
        reportViolation(
          `${at}: the guest link never expires — add expiresAt (at most ${settings.maxDays} days ahead, e.g. ` +
            `${rfc3339Day(Date.now() + settings.maxDays * DAY_MS)}), or add "${name.name}" to allowNeverExpires of guest-link-expiry`,
        );
        return;
      }
      const time = Date.parse(expiry);
      if (Number.isNaN(time)) return; // the provider's check refuses it, with the reason
      const limit = Date.now() + settings.maxDays * DAY_MS;
      if (time > limit) {
        const days = Math.ceil((time - Date.now()) / DAY_MS);
        reportViolation(
          `${at}: the guest link expires ${calendarDay(time)}, ${days} days ahead; the limit is ${settings.maxDays} days — ` +
            `set expiresAt to ${calendarDay(limit)} or earlier (e.g. ${rfc3339Day(limit)})`,
        );
      }
    },
  };
}

function linksCanExpire(version: string): boolean {
  return !isReleaseVersion(version) || capabilitiesOf(version).inviteCodes;
}
