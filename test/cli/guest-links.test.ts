import assert from "node:assert/strict";
import type { Event, OpenTalkClient } from "../../provider/client";
import { capabilitiesOf } from "../../provider/client/capabilities";
import { meetingGuestLinks, newRoomGuestLink } from "../../provider/cli/guest-links";

/**
 * The OpenTalk 0.35 branch — no invite codes; the room link is the guest link while the room lets guests in — against
 * a client that knows only its release and tariff: any request for invites fails the test. The sandbox's 0.35 profile
 * runs the same paths end to end.
 */
function releaseClient(version: string, guestsAllowed: boolean): OpenTalkClient {
  const refuse = () => assert.fail("OpenTalk 0.35 has no invite API: nothing may ask it for invites");
  return {
    webUrl: "https://ot.example",
    capabilities: async () => capabilitiesOf(version),
    tariffAllowsGuests: async () => guestsAllowed,
    listInvites: refuse,
    createInvite: refuse,
  } as unknown as OpenTalkClient;
}

describe("guest links on OpenTalk 0.35", () => {
  const caps = capabilitiesOf("0.35.0");

  it("gives a new room its room link as guest link when it lets guests in, and none otherwise", async () => {
    const open = await newRoomGuestLink(releaseClient("0.35.0", true), caps, { id: "r1", guestAccess: "waiting_room", e2eEncryption: false }, undefined, "Room r1");
    assert.deepEqual(open, { guestLink: "https://ot.example/room/r1", guestLinkExpiresAt: null });
    const shut = await newRoomGuestLink(releaseClient("0.35.0", true), caps, { id: "r2", guestAccess: "disabled", e2eEncryption: false }, undefined, "Room r2");
    assert.equal(shut.guestLink, null);
    const noTariff = await newRoomGuestLink(releaseClient("0.35.0", false), caps, { id: "r3", guestAccess: "direct_access", e2eEncryption: false }, undefined, "Room r3");
    assert.equal(noTariff.guestLink, null);
  });

  it("lists each meeting's room link as its guest link when the room lets guests in, without asking for invites", async () => {
    const event = (id: string, room: NonNullable<Event["room"]>): Event => ({ id, room });
    const events = [
      event("e1", { id: "r1", waiting_room: false, guest_access: "waiting_room", e2e_encryption: false }),
      event("e2", { id: "r2", waiting_room: false, guest_access: "disabled", e2e_encryption: false }),
      event("e3", { id: "r3", waiting_room: false, guest_access: "disabled", e2e_encryption: true }),
    ];
    const links = await meetingGuestLinks(releaseClient("0.35.0", true), events);
    assert.deepEqual([...links], [["r1", "https://ot.example/room/r1"], ["r2", null], ["r3", null]]);
    const withoutGuests = await meetingGuestLinks(releaseClient("0.35.0", false), events);
    assert.equal(withoutGuests.get("r1"), null);
  });

  it("makes no link before 0.35 unless asked for", async () => {
    const none = await newRoomGuestLink(releaseClient("0.34.0", true), capabilitiesOf("0.34.0"), { id: "r1", guestAccess: "waiting_room", e2eEncryption: false }, undefined, "Room r1");
    assert.deepEqual(none, { guestLink: null, guestLinkExpiresAt: null });
  });
});
