"use strict";
// The provider of every OpenTalkMeeting, as its state refers to it: require("pulumi-opentalk/dist/shims/meeting.js").
// FROZEN: see shim-for.js.
module.exports = require("./shim-for")("meeting");
