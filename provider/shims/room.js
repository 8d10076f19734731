"use strict";
// The provider of every OpenTalkRoom, as its state refers to it: require("pulumi-opentalk/dist/shims/room.js").
// FROZEN: see shim-for.js.
module.exports = require("./shim-for")("room");
