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
// configure() assigns synchronously: the host caches this object before awaiting configure(), so concurrent first
// calls must find the config already in place. The config stays in memory; no credential is ever serialized.

module.exports = {
  kind: "invite",
  async configure(req) { this.config = req.config; },
  async check(olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "check", this.config, [olds, news]); },
  async diff(id, olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "diff", this.config, [id, olds, news]); },
  async create(inputs) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "create", this.config, [inputs]); },
  async read(id, props) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "read", this.config, [id, props]); },
  async update(id, olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "update", this.config, [id, olds, news]); },
  async delete(id, props) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(this.kind, "delete", this.config, [id, props]); },
};
