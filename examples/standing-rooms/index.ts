/**
 * The standing-rooms stack: the rooms of a reviewed rooms file, with their guest links.
 *   pulumi config set opentalk:url https://opentalk.example.org    (see Pulumi.yaml for every setting)
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { loadRoomsFile } from "./rooms-file";
import { declareStandingRooms } from "./standing-rooms";

const config = new pulumi.Config();
const roomsFile = path.resolve(__dirname, config.get("roomsFile") ?? "rooms.yaml");
const file = loadRoomsFile(roomsFile);
// What preview would warn about (a guest link whose expiry has passed), shown with its place in the file.
for (const warning of file.warnings) pulumi.log.warn(warning);
const stack = declareStandingRooms(file, config);

/** Room name → room link. */
export const roomLinks = stack.roomLinks;
/** Room name → guest link name → guest link (secret: `pulumi stack output guestLinks --show-secrets`). */
export const guestLinks = stack.guestLinks;
/** Room name → the room's own guest link on OpenTalk 0.35+ (the room link while guests are let in), else null. Secret. */
export const roomGuestLinks = stack.roomGuestLinks;
