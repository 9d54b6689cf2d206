import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RequestLogEntry } from "../../provider/simulator";
import { TestEngine, TestEngineOptions } from "../engine/index";

/** What the adoption tests share: running trunking-discover as users do, compiling what it wrote, an engine for it. */

export const REPO = path.resolve(__dirname, "../../..");
const DISCOVER = path.join(REPO, "dist/bin/trunking-discover.js");

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `adopt-${prefix}-`));
}

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `trunking-discover <args>` in a child process, with only the environment given (plus PATH and HOME). */
export function runDiscover(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [DISCOVER, ...args],
            { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

/**
 * `npm install` then `tsc`, as a user would in the generated folder: the
 * install is this repository's node_modules (which links pulumi-trunking to
 * the repository itself), and tsc runs on the project's own tsconfig.json.
 */
export async function compileProject(dir: string): Promise<void> {
    const modules = path.join(dir, "node_modules");
    if (!fs.existsSync(modules)) {
        fs.symlinkSync(path.join(REPO, "node_modules"), modules, "dir");
    }
    const tsc = path.join(REPO, "node_modules/typescript/bin/tsc");
    await new Promise<void>((resolve, reject) =>
        execFile(process.execPath, [tsc, "-p", dir], { timeout: 180_000 }, (err, stdout, stderr) =>
            err ? reject(new Error(`tsc -p ${dir} failed:\n${stdout}${stderr}`)) : resolve(),
        ),
    );
}

/** The `pulumi config set [--secret] KEY 'VALUE'` lines of a generated README, in order. */
export function configCommands(readme: string): Array<{ key: string; secret: boolean; value: string }> {
    const out: Array<{ key: string; secret: boolean; value: string }> = [];
    for (const m of readme.matchAll(/^pulumi config set (--secret )?(\S+) '([^']*)'$/gm)) {
        out.push({ secret: m[1] !== undefined, key: m[2], value: m[3] });
    }
    return out;
}

/** The project name its Pulumi.yaml declares: the namespace of `new pulumi.Config()`. */
export function projectOf(dir: string): string {
    const m = /^name: (\S+)$/m.exec(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    if (!m) {
        throw new Error(`no name in ${dir}/Pulumi.yaml`);
    }
    return m[1];
}

/**
 * The stack a user makes of a generated project: every `pulumi config set` of
 * its README run, placeholders (`'<…>'`) answered by `answer(key)`.
 */
export function engineForProject(dir: string, answer: (key: string) => string, extra: Partial<TestEngineOptions> = {}): TestEngine {
    const config: Record<string, string> = {};
    const secretConfig: string[] = [];
    const project = projectOf(dir);
    for (const c of configCommands(fs.readFileSync(path.join(dir, "README.md"), "utf8"))) {
        const key = c.key.includes(":") ? c.key : `${project}:${c.key}`;
        config[key] = c.value.startsWith("<") ? answer(c.key) : c.value;
        if (c.secret) {
            secretConfig.push(key);
        }
    }
    return new TestEngine({ programDir: dir, entry: "bin/index.js", stateFile: path.join(dir, ".state.json"), project, config, secretConfig, ...extra });
}

/** Requests that change something: anything but a GET and the login. */
export function writesOf(log: RequestLogEntry[]): RequestLogEntry[] {
    return log.filter((r) => r.method !== "GET" && !/\/auth\/token$/.test(r.path));
}
