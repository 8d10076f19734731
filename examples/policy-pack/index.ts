/**
 * The OpenTalk room policies, as a policy pack: the GitOps workflow runs
 *
 *   pulumi preview --policy-pack examples/policy-pack --policy-pack-config examples/policy-pack/policy-config.json
 *
 * on every pull request that touches the rooms file, and `pulumi up` with the same pack on merge. Each rule's
 * enforcement level and parameters are set in policy-config.json (reviewed in Git like the rooms file); the rules and
 * their defaults are described in the README ("GitOps: what a reviewer sees").
 */
import { PolicyPack } from "@pulumi/policy";
import { observeEngineRequests, openTalkPolicies } from "pulumi-opentalk/policy";

// Before the pack starts serving: lets room-password-is-secret see which values the engine sent as secrets, which
// @pulumi/policy does not show policies.
observeEngineRequests();

new PolicyPack("opentalk-rooms", {
  enforcementLevel: "advisory",
  policies: openTalkPolicies({ roomsFile: "rooms.yaml" }),
});
