// The floor of the benchmark: dynamic providers that make no API call and do no work, but answer with outputs of the
// same shape as OpenTalkRoom's, OpenTalkInvite's and OpenTalkMeeting's. They are installed in the program directory's node_modules and
// loaded from there, exactly like pulumi-opentalk's shims, so their `__provider` is a one-line `require(…)` too and the
// host, gRPC, Struct conversion and the engine's steps cost what they cost for the real providers. Whatever the real
// providers take beyond this is their own code plus the HTTP.
//
// (Serialized by value instead, the same objects are markedly slower: the closure serializer wraps every method in a
// `with` block that builds a new function on every call.)
import * as fs from "fs";
import * as path from "path";
import type { PropertyMap } from "../harness/dynamic-host";
import type { ResourceGoal } from "../harness/engine";
import { SECRET_OUTPUTS } from "../../provider/resources/secret-outputs";

const PACKAGE = "opentalk-bench-floor";

const ROOM_JS = `"use strict";
module.exports = {
  async check(olds, news) { return { inputs: news, failures: [] }; },
  async diff(id, olds, news) {
    return { changes: olds.waitingRoom !== (news.waitingRoom ?? false), replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs) {
    const id = require("crypto").randomUUID();
    return {
      id,
      outs: {
        roomId: id, roomLink: "http://127.0.0.1:1/room/" + id, ownerId: "00000000-0000-4000-8000-000000000000",
        ownerEmail: "bot@example.org", createdAt: new Date().toISOString(), password: null,
        waitingRoom: inputs.waitingRoom ?? false, guestAccess: "waiting_room", e2eEncryption: false,
        sip: { enabled: false, lobby: false }, sipId: null, sipPin: null, adoptRoomId: null,
      },
    };
  },
  async read(id, props) { return { id, props }; },
  async update(id, olds, news) { return { outs: { ...olds, waitingRoom: news.waitingRoom ?? false } }; },
  async delete() {},
};
`;

const INVITE_JS = `"use strict";
module.exports = {
  async check(olds, news) { return { inputs: news, failures: [] }; },
  async diff() { return { changes: false, replaces: [], deleteBeforeReplace: false }; },
  async create(inputs) {
    const code = require("crypto").randomUUID();
    return {
      id: "invite-" + code.replace(/-/g, ""),
      outs: {
        roomId: inputs.roomId, inviteCode: code, guestLink: "http://127.0.0.1:1/room/" + inputs.roomId + "?invite=" + code,
        expiresAt: null, active: true,
      },
    };
  },
  async read(id, props) { return { id, props }; },
  async update(id, olds) { return { outs: olds }; },
  async delete() {},
};
`;

const MEETING_JS = `"use strict";
module.exports = {
  async check(olds, news) { return { inputs: news, failures: [] }; },
  async diff(id, olds, news) { return { changes: olds.title !== news.title, replaces: [], deleteBeforeReplace: false }; },
  async create(inputs) {
    const id = require("crypto").randomUUID();
    const roomId = require("crypto").randomUUID();
    return {
      id,
      outs: {
        eventId: id, roomId, roomLink: "http://127.0.0.1:1/room/" + roomId, title: inputs.title, description: "",
        ownerId: "00000000-0000-4000-8000-000000000000", ownerEmail: "bot@example.org", createdAt: new Date().toISOString(),
        startsAt: null, endsAt: null, timeZone: null, recurrence: [], password: null, waitingRoom: false,
        guestAccess: "waiting_room", e2eEncryption: false, sip: { enabled: true, lobby: false }, sipTel: "+49 30 1234567",
        sipId: "0123456789", sipPin: "123456", adoptEventId: null, name: null, alias: null, guestLink: null,
      },
    };
  },
  async read(id, props) { return { id, props }; },
  async update(id, olds, news) { return { outs: { ...olds, title: news.title } }; },
  async delete() {},
};
`;

export interface FloorGoals {
  room(name: string, props: PropertyMap): ResourceGoal;
  invite(name: string, props: PropertyMap): ResourceGoal;
  meeting(name: string, props: PropertyMap): ResourceGoal;
}

/** Installs the no-op providers into `<programDir>/node_modules` and returns goals that use them. */
export function installFloorProviders(programDir: string): FloorGoals {
  const dir = path.join(programDir, "node_modules", PACKAGE);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: PACKAGE, version: "0.0.0", private: true }));
  fs.writeFileSync(path.join(dir, "room.js"), ROOM_JS);
  fs.writeFileSync(path.join(dir, "invite.js"), INVITE_JS);
  fs.writeFileSync(path.join(dir, "meeting.js"), MEETING_JS);
  const room = require(path.join(dir, "room.js")) as object;
  const invite = require(path.join(dir, "invite.js")) as object;
  const meeting = require(path.join(dir, "meeting.js")) as object;
  return {
    room: (name, props) => ({ name, provider: room, props, module: "opentalk", type: "Room", additionalSecretOutputs: [...SECRET_OUTPUTS.room] }),
    invite: (name, props) => ({ name, provider: invite, props, module: "opentalk", type: "Invite", additionalSecretOutputs: [...SECRET_OUTPUTS.invite] }),
    meeting: (name, props) => ({ name, provider: meeting, props, module: "opentalk", type: "Meeting", additionalSecretOutputs: [...SECRET_OUTPUTS.meeting] }),
  };
}
