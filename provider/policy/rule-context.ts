/** What every rule is built with (openTalkPolicies' options). */
export interface RuleContext {
  /** How messages name the file people edit; "rooms.yaml" unless the stack uses another. */
  roomsFile: string;
}
