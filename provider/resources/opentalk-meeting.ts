import * as pulumi from "@pulumi/pulumi";
import meetingProvider = require("../shims/meeting");
import type { GuestAccess } from "../plan/room-state";
import type { OpenTalkRoomSettings, OpenTalkRoomSip } from "./opentalk-room";
import { resourceProps, SECRET_OUTPUTS, withSecretOutputs } from "./secret-outputs";

/** A meeting's room has OpenTalkRoom's settings; with end-to-end encryption guest access is sent as "disabled". */
export interface OpenTalkMeetingArgs extends OpenTalkRoomSettings {
  /** The title people see in their OpenTalk dashboard; up to 255 bytes in UTF-8. Required. */
  title: pulumi.Input<string>;
  /** Up to 4096 bytes in UTF-8. */
  description?: pulumi.Input<string>;
  /**
   * SIP dial-in. OpenTalk gives every meeting dial-in when the tariff allows it; omitted, that is left as it is,
   * `{ enabled: false }` removes it, `{ enabled: true, lobby: true }` sends callers to the waiting room first.
   */
  sip?: pulumi.Input<OpenTalkRoomSip>;
  /** Start (RFC 3339 with a zone). With `endsAt`, a dated meeting; omit both for a standing, time-independent one. */
  startsAt?: pulumi.Input<string>;
  /** End (RFC 3339 with a zone), after `startsAt`. */
  endsAt?: pulumi.Input<string>;
  /** The IANA time zone the meeting is held in (recurrences follow its daylight saving). Default "UTC". */
  timeZone?: pulumi.Input<string>;
  /** 1–4 RFC 5545 lines, e.g. `["RRULE:FREQ=WEEKLY;BYDAY=MO"]`; needs `startsAt`. */
  recurrence?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Take over an existing meeting (its id, as `opentalk events list` shows) instead of creating one. It must belong
   * to the configured user. Destroying the resource deletes the meeting (use `retainOnDelete` to keep it).
   */
  adoptEventId?: pulumi.Input<string>;
}

/**
 * A meeting (an OpenTalk event) with its room — the recommended way to declare a standing room: unlike a plain
 * OpenTalkRoom it has a title, appears in its owner's dashboard, and survives the controller's `room-cleanup` job.
 * Non-ad-hoc and time-independent unless given times. Everything changes in place except `adoptEventId`.
 * Use `roomId` for OpenTalkInvite guest links.
 */
export class OpenTalkMeeting extends pulumi.dynamic.Resource {
  /** The event's id. */
  declare readonly eventId: pulumi.Output<string>;
  /** The meeting room's id: give it to OpenTalkInvite. */
  declare readonly roomId: pulumi.Output<string>;
  /** `{url}/room/{roomId}`. */
  declare readonly roomLink: pulumi.Output<string>;
  declare readonly title: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** The owner (the configured user). */
  declare readonly ownerId: pulumi.Output<string>;
  declare readonly ownerEmail: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  /** Start and end in UTC, or null for a time-independent meeting. */
  declare readonly startsAt: pulumi.Output<string | null>;
  declare readonly endsAt: pulumi.Output<string | null>;
  declare readonly timeZone: pulumi.Output<string | null>;
  declare readonly recurrence: pulumi.Output<string[]>;
  /** The room password, or null. Secret. */
  declare readonly password: pulumi.Output<string | null>;
  declare readonly waitingRoom: pulumi.Output<boolean>;
  declare readonly guestAccess: pulumi.Output<GuestAccess | null>;
  declare readonly e2eEncryption: pulumi.Output<boolean>;
  /** The effective SIP settings. */
  declare readonly sip: pulumi.Output<{ enabled: boolean; lobby: boolean }>;
  /** The dial-in phone number, when the OpenTalk deployment has one configured. */
  declare readonly sipTel: pulumi.Output<string | null>;
  /** The dial-in id (10 digits), or null. */
  declare readonly sipId: pulumi.Output<string | null>;
  /** The dial-in PIN (10 digits), or null. Secret. */
  declare readonly sipPin: pulumi.Output<string | null>;
  declare readonly adoptEventId: pulumi.Output<string | null>;
  /** OpenTalk 0.35+: the name of the meeting's room, or null. */
  declare readonly name: pulumi.Output<string | null>;
  /** OpenTalk 0.35+: the alias the server derived from the name, or null. */
  declare readonly alias: pulumi.Output<string | null>;
  /**
   * The link guests use. Secret. On OpenTalk 0.35 and newer it is the room link itself, when the meeting lets guests
   * in (guest access not disabled, no end-to-end encryption, a tariff with guests), and null when it does not. Before
   * 0.35 guests need an invite code, so it is null: make guest links with OpenTalkInvite there.
   */
  declare readonly guestLink: pulumi.Output<string | null>;

  constructor(name: string, args: OpenTalkMeetingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      meetingProvider,
      name,
      resourceProps(["password", "eventId", "roomId", "roomLink", "ownerId", "ownerEmail", "createdAt", "sipTel", "sipId", "sipPin", "waitingRoom", "guestAccess", "e2eEncryption", "sip", "startsAt", "endsAt", "timeZone", "recurrence", "description", "adoptEventId", "name", "alias", "guestLink"], args),
      withSecretOutputs(opts, SECRET_OUTPUTS.meeting),
      "opentalk",
      "Meeting",
    );
  }
}
