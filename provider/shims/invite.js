"use strict";
// The provider of every OpenTalkInvite, as its state refers to it: require("pulumi-opentalk/dist/shims/invite.js").
// FROZEN: see shim-for.js.
module.exports = require("./shim-for")("invite");
