import { PROFILES, type ControllerVersion } from "../sandbox";

/** Every released controller the sandbox imitates, oldest first. */
export const RELEASES = Object.keys(PROFILES) as ControllerVersion[];

/**
 * The releases a release-matrix test runs on: all of them, unless `OPENTALK_TEST_RELEASES` (e.g. `0.34,0.35`) narrows
 * them down — for a quick local run; `npm test` and CI run them all.
 */
export function releasesUnderTest(): ControllerVersion[] {
  const wanted = process.env.OPENTALK_TEST_RELEASES?.split(",").map((release) => release.trim()).filter(Boolean);
  if (!wanted?.length) return RELEASES;
  const unknown = wanted.filter((release) => !RELEASES.includes(release as ControllerVersion));
  if (unknown.length) throw new Error(`OPENTALK_TEST_RELEASES names ${unknown.join(", ")}; the sandbox imitates ${RELEASES.join(", ")}`);
  return wanted as ControllerVersion[];
}

/** One `describe` per release under test: `forEachRelease((release) => { const sandbox = useSandbox({ controllerVersion: release }); … })`. */
export function forEachRelease(body: (release: ControllerVersion) => void): void {
  for (const release of releasesUnderTest()) describe(`on OpenTalk ${PROFILES[release].release}`, () => body(release));
}
