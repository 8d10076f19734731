import * as path from "path";

/**
 * The environment a child process needs so that its coverage is measured along with the test process's (`npm run
 * coverage`): V8's coverage directory, and a preload that turns the SIGTERM the tests stop it with into a normal exit,
 * which writes the coverage. Empty when coverage is not measured.
 */
export function childCoverageEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
    const directory = env.NODE_V8_COVERAGE;
    if (!directory) return {};
    const preload = `--require ${JSON.stringify(path.join(__dirname, "exit-on-sigterm.js"))}`;
    return { NODE_V8_COVERAGE: directory, NODE_OPTIONS: [env.NODE_OPTIONS, preload].filter(Boolean).join(" ") };
}
