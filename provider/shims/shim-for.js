"use strict";
// The providers that Pulumi serializes into the state (`__provider`) of every pulumi-opentalk resource, one module
// per resource kind (room.js, invite.js, meeting.js), each exporting shimFor(kind) as its whole module.exports.
//
// Installed in a program's node_modules, such a module is what the state refers to, by name: Pulumi's closure
// serializer stores a module's exports as `require("pulumi-opentalk/dist/shims/room.js")` (a few hundred bytes),
// so every call, including refresh and destroy of old resources, runs the code installed now (the stale-provider
// problem, pulumi/pulumi#16826, cannot happen) and no implementation change ever changes the state. Linked into a
// program from outside node_modules (npm link, a workspace), the object is serialized by value instead; that is why
// every method is self-contained and loads the implementation only when called.
//
// FROZEN. The paths of the kind modules and the `configure`/`handle` contract of dist/runtime/entry.js are
// permanent: stacks refer to them. Plain JavaScript, so no compiler changes the text; test/provider/shim.test.ts
// keeps the serialized forms.
//
// configure() hands the stack config to the installed implementation, synchronously: the host caches the provider
// before awaiting configure(), so concurrent first calls must find the config in place. Nothing is stored on the
// provider object, so not even a configured copy of it could carry a credential into a serialized form.

module.exports = function shimFor(kind) {
  return {
    kind,
    async configure(req) { require("pulumi-opentalk/dist/runtime/entry.js").configure(req.config); },
    async check(olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(kind, "check", [olds, news]); },
    async diff(id, olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(kind, "diff", [id, olds, news]); },
    async create(inputs) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(kind, "create", [inputs]); },
    async read(id, props) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(kind, "read", [id, props]); },
    async update(id, olds, news) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(kind, "update", [id, olds, news]); },
    async delete(id, props) { return require("pulumi-opentalk/dist/runtime/entry.js").handle(kind, "delete", [id, props]); },
  };
};
