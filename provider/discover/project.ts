import * as fs from "fs";
import * as path from "path";
import type { Discovery } from "./model";
import { Versions, renderProject } from "./render";
import { PackageSource, packageSource } from "./source";

/**
 * Writes the project into `dir`. A folder that holds anything is refused
 * unless `force` (then only the generated files are overwritten; nothing else
 * in it is touched), so a second run never silently replaces someone's edits.
 */
export function writeProject(dir: string, d: Discovery, opts: { force?: boolean; versions?: Versions; source?: PackageSource } = {}): string[] {
    checkOutputFolder(dir, opts.force === true);
    const files = renderProject(d, opts.versions ?? packageVersions(opts.source));
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    return Object.keys(files);
}

/** Refuses a folder that holds anything (unless force) or that is a file; a missing one is fine. */
export function checkOutputFolder(dir: string, force: boolean): void {
    if (!fs.existsSync(dir)) {
        return;
    }
    if (!fs.statSync(dir).isDirectory()) {
        throw new Error(`--out ${dir} is a file, not a folder`);
    }
    const present = fs.readdirSync(dir);
    if (present.length > 0 && !force) {
        throw new Error(`--out ${dir} is not empty (${present.slice(0, 3).join(", ")}${present.length > 3 ? ", …" : ""}); choose an empty folder, or add --force to overwrite the generated files in it`);
    }
}

/**
 * What the generated package.json asks for: pulumi-trunking from where this
 * copy came from (or `source`, from --package), @pulumi/pulumi at this
 * package's peer range, TypeScript as this package is built with, and the
 * Node types of the lowest Node line the package supports.
 */
export function packageVersions(source?: PackageSource): Versions & { source: PackageSource } {
    const { pkg, dir } = ownPackageJson();
    const from = source ?? packageSource(dir, pkg.version);
    const nodeMajor = /(\d+)/.exec(pkg.engines?.node ?? "")?.[1] ?? "22";
    return {
        pulumiTrunking: from.spec,
        installLinks: from.folder,
        pulumi: pkg.peerDependencies?.["@pulumi/pulumi"] ?? pkg.dependencies?.["@pulumi/pulumi"] ?? "^3.268.0",
        typescript: pkg.devDependencies?.typescript ?? "~5.9.3",
        nodeTypes: `^${nodeMajor}.0.0`,
        source: from,
    };
}

interface PackageJson {
    name?: string;
    version: string;
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
}

/** Found by walking up from this file, so it works from the source tree, dist/ and an installed package alike. */
function ownPackageJson(): { pkg: PackageJson; dir: string } {
    for (let dir = fs.realpathSync(__dirname); ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as PackageJson;
            if (pkg.name === "pulumi-trunking") {
                return { pkg, dir };
            }
        }
        if (path.dirname(dir) === dir) {
            throw new Error("pulumi-trunking's package.json was not found above the discover module");
        }
    }
}
