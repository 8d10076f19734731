// A "program directory" in which pulumi-opentalk is installed the way a user has it: a real copy of the
// built package in node_modules. The serializer emits `require("pulumi-opentalk/dist/…")` only for code
// under node_modules, and the host resolves those requires from its cwd; a symlink would resolve to the
// repo itself and hide both effects. Package self-reference fails in the host, so the copy is needed.
//
// The fixture lives under test/.fixture/ (git-ignored) inside the repo, so the package's own dependencies
// (undici, zod, @pulumi/pulumi) resolve by walking up to the repo's node_modules.
import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PACKAGE_NAME = "pulumi-opentalk";

export interface PrepareInstalledPackageOptions {
    /** Directory holding the package's package.json and dist/; defaults to the repo root. */
    sourceDir?: string;
    /** Where fixtures are created; defaults to test/.fixture in the repo. */
    fixturesRoot?: string;
    /**
     * Rewrites files while copying, for a simulated package upgrade (same shim, changed implementation).
     * `relativePath` is relative to the package root with forward slashes, e.g. "dist/impl/room.js".
     * Return the text unchanged to keep a file.
     */
    transform?(relativePath: string, text: string): string;
}

export interface InstalledPackageFixture {
    /** Use as the host's cwd and as forwardingMocks' cwd. */
    dir: string;
    /** `<dir>/node_modules/pulumi-opentalk`. */
    packageDir: string;
}

/**
 * Creates or refreshes `test/.fixture/<name>/` with a copy of the built package (package.json + dist/).
 * An existing copy of the same name is replaced, so an upgrade is prepareInstalledPackage(name, {transform}).
 */
export function prepareInstalledPackage(name = "installed", options: PrepareInstalledPackageOptions = {}): InstalledPackageFixture {
    const sourceDir = options.sourceDir ?? REPO_ROOT;
    const distDir = path.join(sourceDir, "dist");
    if (!fs.existsSync(distDir) || !fs.statSync(distDir).isDirectory()) {
        throw new Error(`${distDir} does not exist, so there is no built ${PACKAGE_NAME} to install into a fixture. ` +
            `Run \`npm run build\` first.`);
    }
    const dir = path.join(options.fixturesRoot ?? path.join(REPO_ROOT, "test", ".fixture"), name);
    const packageDir = path.join(dir, "node_modules", PACKAGE_NAME);
    fs.rmSync(packageDir, { recursive: true, force: true });
    fs.mkdirSync(packageDir, { recursive: true });

    const transform = options.transform ?? ((_relativePath: string, text: string) => text);
    copyFile(sourceDir, packageDir, "package.json", transform);
    for (const relativePath of listFiles(distDir, "dist")) {
        copyFile(sourceDir, packageDir, relativePath, transform);
    }
    // Marks the directory as a project that depends on the package, as `npm install pulumi-opentalk` would.
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
        name: `fixture-${name}`,
        private: true,
        dependencies: { [PACKAGE_NAME]: "*" },
    }, null, 2));
    return { dir, packageDir };
}

function listFiles(absoluteDir: string, relativeDir: string): string[] {
    return fs.readdirSync(absoluteDir, { withFileTypes: true }).flatMap((entry) => {
        const relativePath = `${relativeDir}/${entry.name}`;
        if (entry.isDirectory()) {
            return listFiles(path.join(absoluteDir, entry.name), relativePath);
        }
        return entry.isFile() ? [relativePath] : [];
    });
}

function copyFile(sourceDir: string, packageDir: string, relativePath: string,
    transform: (relativePath: string, text: string) => string): void {
    const target = path.join(packageDir, relativePath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Text files go through the transform; anything else (there should be nothing else) is copied as is.
    if (/\.(js|cjs|mjs|json|ts|map)$/.test(relativePath)) {
        let text = transform(relativePath, fs.readFileSync(path.join(sourceDir, relativePath), "utf8"));
        if (relativePath.endsWith(".js.map")) text = withAbsoluteSources(text, path.dirname(path.join(sourceDir, relativePath)));
        fs.writeFileSync(target, text);
    } else {
        fs.copyFileSync(path.join(sourceDir, relativePath), target);
    }
}

/**
 * A source map whose sources point at the repository's own provider/*.ts files wherever the copy lives, so that the
 * coverage of the code the host runs from a fixture (`npm run coverage`) is counted for those files.
 */
function withAbsoluteSources(text: string, mapDir: string): string {
    const map = JSON.parse(text) as { sources: string[]; sourceRoot?: string };
    map.sources = map.sources.map((source) => path.resolve(mapDir, map.sourceRoot ?? "", source));
    map.sourceRoot = "";
    return JSON.stringify(map);
}
