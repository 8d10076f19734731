/**
 * Lookups for Pulumi programs: read OpenTalk with the stack's own settings while the program runs (nothing is
 * stored in state). Results are plain values without secrets.
 */
export { getRoom, listRooms, roomInfo, type OpenTalkRoomInfo } from "./rooms";
export { listEvents, eventInfo, eventQueryProblem, queryTime, type ListEventsQuery, type OpenTalkEventInfo } from "./events";
export { lookupClient, pulumiStackConfig, type LookupOptions } from "./lookup-client";
