import { UnsupportedError, type OpenTalkClient, type SipConfig } from "../client";
import type { ServerCapabilities } from "../client/capabilities";
import { releaseProblems, roomGuestLink, type ReleaseNeeds } from "../plan/release-rules";
import { roomLink, type GuestAccess } from "../plan/room-state";

/**
 * What a room or meeting operation needs to know about the server besides the object itself: its release's
 * capabilities, and — only on releases where the room link is the guest link — whether the tariff lets guests in (the
 * client keeps the tariff for the process).
 */
export class ReleaseContext {
  private constructor(readonly client: OpenTalkClient, readonly caps: ServerCapabilities) {}

  /**
   * The release, learned once per process (an anonymous probe), with the login under way beside it: every operation
   * that asks continues with an authenticated call, and the two need nothing of each other but the API's address —
   * one after the other they cost a process one round trip more (measured with `npm run bench`).
   */
  static async of(client: OpenTalkClient): Promise<ReleaseContext> {
    const [caps] = await Promise.all([client.capabilities(), client.signIn()]);
    return new ReleaseContext(client, caps);
  }

  /** Refuse, before any change, what this release cannot do. */
  require(what: string, needs: ReleaseNeeds): void {
    const problems = releaseProblems(this.caps, needs);
    if (problems.length > 0) throw new UnsupportedError(what, problems);
  }

  /**
   * A room's SIP dial-in config as far as the configured user may read it: undefined where owners cannot read it at
   * all (before 0.34), null where the room cannot have dial-in (0.34+ refuses call-in for rooms that shut guests out,
   * 403 `service_unavailable`; a tariff without call-in refuses every SIP call), else what GET …/sip answers.
   */
  async readSip(roomId: string, guestAccess: GuestAccess | null): Promise<SipConfig | null | undefined> {
    if (!this.caps.ownersManageSip) return undefined;
    if (this.caps.callInNeedsGuestAccess && guestAccess === "disabled") return null;
    if (!(await this.client.tariffAllowsCallIn())) return null;
    return (await this.client.getSipConfig(roomId)) ?? null;
  }

  /** The guest link of a room with these settings (see roomGuestLink). */
  async guestLink(roomId: string, room: { guestAccess: GuestAccess | null; e2eEncryption: boolean }): Promise<string | null> {
    if (this.caps.inviteCodes) return null;
    return roomGuestLink(this.caps, roomLink(this.client.webUrl, roomId), room, await this.client.tariffAllowsGuests());
  }
}
