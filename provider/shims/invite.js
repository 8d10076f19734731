"use strict";
// The provider that Pulumi serializes into the state (`__provider`) of every OpenTalkInvite.
//
// Installed in a program's node_modules, this module is what the state refers to, by name: Pulumi's closure
// serializer stores a module's exports as `require("pulumi-opentalk/dist/shims/invite.js")` (a few hundred bytes),
// so every call, including refresh and destroy of old resources, runs the code installed now (the stale-provider
// problem, pulumi/pulumi#16826, cannot happen) and no implementation change ever changes the state. Linked into a
// program from outside node_modules (npm link, a workspace), the same object is serialized by value instead; that
// is why every method is self-contained and loads the implementation only when called.
//
// FROZEN. The path of this file and the `handle` contract it calls are permanent: stacks refer to them. It is
// plain JavaScript so no compiler changes its text; test/provider/shim.test.ts keeps its serialized forms.
//
// configure() hands the stack config to the installed implementation, synchronously: the host caches this object
// before awaiting configure(), so concurrent first calls must find the config already in place. Nothing is stored
// on this object, so not even a configured copy of it could carry a credential into a serialized form.

module.exports = {
  kind: "invite",
  async configure(req) { require("pulumi-opentalk/dist/runtime/entry.js").configure(req.config); },
  async check(olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "check", [olds, news]); },
  async diff(id, olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "diff", [id, olds, news]); },
  async create(inputs) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "create", [inputs]); },
  async read(id, props) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "read", [id, props]); },
  async update(id, olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "update", [id, olds, news]); },
  async delete(id, props) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "delete", [id, props]); },
};
