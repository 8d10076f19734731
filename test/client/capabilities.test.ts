import assert from "node:assert/strict";
import { capabilitiesOf, compareVersions } from "../../provider/client/capabilities";

describe("capabilitiesOf: what each release can do", () => {
  const table: Array<[string, Partial<ReturnType<typeof capabilitiesOf>>]> = [
    ["0.29.6", { inviteCodes: true, guestAccess: false, guestsNeedTariffFeature: false, callInNeedsGuestAccess: false, roomNames: false, ownersManageSip: false, namesLoginClient: false }],
    ["0.30.1", { inviteCodes: true, guestAccess: false, guestsNeedTariffFeature: false, callInNeedsGuestAccess: false, roomNames: false, ownersManageSip: false, namesLoginClient: true }],
    ["0.33.0", { inviteCodes: true, guestAccess: false, ownersManageSip: false }],
    ["0.34.0", { inviteCodes: true, guestAccess: true, guestsNeedTariffFeature: true, callInNeedsGuestAccess: true, roomNames: false, ownersManageSip: true }],
    ["0.34.2", { inviteCodes: true, guestAccess: true, roomNames: false }],
    ["0.35.0", { inviteCodes: false, guestAccess: true, roomNames: true, ownersManageSip: true }],
    ["0.35.0-alpha", { inviteCodes: false, roomNames: true }],
    ["v0.36.1", { inviteCodes: false, roomNames: true }],
  ];
  for (const [version, expected] of table) {
    it(version, () => {
      const caps = capabilitiesOf(version);
      assert.equal(caps.label, `OpenTalk ${version}`);
      for (const [key, value] of Object.entries(expected)) assert.equal(caps[key as keyof typeof caps], value, key);
    });
  }

  it("compares versions part by part, missing parts as 0", () => {
    assert.equal(compareVersions("0.30.1", "0.34"), -1);
    assert.equal(compareVersions("0.34", "0.34.0"), 0);
    assert.equal(compareVersions("0.100.0", "0.35.0"), 1);
    assert.equal(compareVersions("1.0.0", "0.99.9"), 1);
  });
});
