/**
 * Where the running copy of pulumi-trunking came from, as a dependency spec
 * the generated project can install: the git URL or tarball npm recorded
 * when it installed this copy, the clone it runs from, or a version range
 * once the registry holds it. A registry name that does not resolve would
 * make the generated project's `npm install` fail (or install whatever else
 * holds that name), so it is written only when npm itself got the package
 * from a registry.
 */
import * as fs from "fs";
import * as path from "path";

export interface PackageSource {
    /** The value for `"pulumi-trunking"` in the generated package.json. */
    spec: string;
    /** For the message after writing: where that came from. */
    from: string;
    /**
     * A folder on this machine: npm would link it, and the generated project
     * would then load a second copy of @pulumi/pulumi from the folder's own
     * node_modules. `install-links=true` (in the project's .npmrc) makes npm
     * install a copy of it instead, as it does for a tarball.
     */
    folder: boolean;
    /** Said once on stderr: the spec is a guess the user should check. */
    warning?: string;
}

interface LockEntry {
    resolved?: string;
    link?: boolean;
    version?: string;
}

/**
 * `pkgRoot` is the real path of the package's own folder (the one holding its
 * package.json). Inside a node_modules folder, the lockfile of the project
 * that holds that node_modules (npm keeps a copy in node_modules/.package-lock.json)
 * says what it was installed from; outside one, it runs from a clone or an
 * unpacked copy, which a `file:` spec installs.
 */
export function packageSource(pkgRoot: string, version: string): PackageSource {
    const marker = `${path.sep}node_modules${path.sep}`;
    const at = pkgRoot.lastIndexOf(marker);
    if (at < 0) {
        return { spec: `file:${pkgRoot}`, from: `the folder it runs from (${pkgRoot})`, folder: true };
    }
    const project = pkgRoot.slice(0, at);
    const key = `node_modules/${pkgRoot.slice(at + marker.length).split(path.sep).join("/")}`;
    const entry = lockEntry(project, key);
    const resolved = entry?.resolved;
    const guess = (why: string): PackageSource => ({
        spec: `file:${pkgRoot}`,
        from: `the installed copy in ${pkgRoot}`,
        folder: true,
        warning: `${why}; the project's package.json installs pulumi-trunking from file:${pkgRoot}. Give --package SPEC (a git URL, a tarball path or, once published, a version) to choose`,
    });
    if (resolved === undefined) {
        return guess(`cannot tell where this copy of pulumi-trunking was installed from (no entry for ${key} in the lockfile of ${project})`);
    }
    if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(resolved)) {
        return { spec: resolved, from: `the git URL it was installed from (${resolved})`, folder: false };
    }
    if (resolved.startsWith("file:") || entry?.link) {
        const target = path.resolve(project, resolved.replace(/^file:/, ""));
        if (!fs.existsSync(target)) {
            return guess(`this copy of pulumi-trunking was installed from ${target}, which is no longer there`);
        }
        const folder = fs.statSync(target).isDirectory();
        return { spec: `file:${target}`, from: `the ${folder ? "folder" : "tarball"} it was installed from (${target})`, folder };
    }
    if (/^https?:\/\//.test(resolved)) {
        // A registry's tarball: the name resolves there, so the version range is what a user expects.
        if (/\/pulumi-trunking\/-\/pulumi-trunking-[^/]+\.tgz$/.test(resolved)) {
            return { spec: `^${entry?.version ?? version}`, from: `the registry it was installed from`, folder: false };
        }
        return { spec: resolved, from: `the tarball URL it was installed from (${resolved})`, folder: false };
    }
    return guess(`this copy of pulumi-trunking was installed from ${JSON.stringify(resolved)}, which a project elsewhere cannot install`);
}

/** What the project's lockfile (npm's hidden copy first, then package-lock.json) says about `key`. */
function lockEntry(project: string, key: string): LockEntry | undefined {
    for (const file of [path.join(project, "node_modules", ".package-lock.json"), path.join(project, "package-lock.json"), path.join(project, "npm-shrinkwrap.json")]) {
        let lock: { packages?: Record<string, LockEntry> };
        try {
            lock = JSON.parse(fs.readFileSync(file, "utf8")) as typeof lock;
        } catch {
            continue;
        }
        const entry = lock.packages && Object.hasOwn(lock.packages, key) ? lock.packages[key] : undefined;
        if (entry) {
            return entry;
        }
    }
    return undefined;
}

/**
 * A spec given with --package: a version or range, a git URL, a tarball or a
 * folder. A path is made absolute (the project is written elsewhere) and must
 * exist; anything else is passed to npm as written.
 */
export function givenPackageSource(spec: string, cwd: string = process.cwd()): PackageSource {
    const trimmed = spec.trim();
    if (trimmed === "") {
        throw new Error("--package must name what to install pulumi-trunking from: a version, a git URL, a tarball or a folder");
    }
    const local = trimmed.startsWith("file:") ? trimmed.slice(5) : /^(\.{0,2}\/|~\/)|\.tgz$/.test(trimmed) ? trimmed : undefined;
    if (local !== undefined) {
        const target = path.resolve(cwd, local.replace(/^~(?=\/)/, process.env.HOME ?? "~"));
        if (!fs.existsSync(target)) {
            throw new Error(`--package ${spec}: ${target} does not exist`);
        }
        const folder = fs.statSync(target).isDirectory();
        return { spec: `file:${target}`, from: `--package`, folder };
    }
    return { spec: trimmed, from: "--package", folder: false };
}
