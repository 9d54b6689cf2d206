import { ChildProcess, spawn } from "child_process";

/**
 * Starts a Pulumi program the way the Node language host does
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go at ENGINE_COMMIT):
 * `node <@pulumi/pulumi/cmd/run> --monitor … --engine … --organization …
 * --project … --root-directory … --stack … --pwd <program dir> [--dry-run]
 * --parallel N <entry>` (constructArguments, :1086-1113), with the stack
 * config in PULUMI_CONFIG as `<ns>:config:<key>` (constructConfig,
 * :1118-1145) and the secret keys in PULUMI_CONFIG_SECRET_KEYS
 * (:1149-1161, :914-916). The run path is resolved from the program's
 * directory (locateModule, :859). Not modelled: the `--sync` pipes for
 * synchronous invokes, tracing, TypeScript via ts-node (programs are compiled JS).
 */

export interface ProgramOptions {
    programDir: string;
    /** The node binary to run it with; default this process's. */
    node?: string;
    /** The file in programDir to run, as Pulumi.yaml `main: <dir>/index.js` gives it (getPwdMain, pkg/engine/project.go). */
    entry: string;
    monitorAddress: string;
    engineAddress: string;
    organization: string;
    project: string;
    stack: string;
    rootDirectory: string;
    dryRun: boolean;
    parallel: number;
    /** Stack config, keys `<ns>:<key>`, values plain (the engine decrypts secrets before the run). */
    config: Record<string, string>;
    secretKeys: string[];
    env: NodeJS.ProcessEnv;
}

export interface ProgramRun {
    exited: Promise<number | null>;
    stdout(): string;
    stderr(): string;
    kill(): void;
    readonly running: boolean;
}

export function startProgram(opts: ProgramOptions): ProgramRun {
    const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [opts.programDir] });
    const args = [
        runPath,
        "--monitor",
        opts.monitorAddress,
        "--engine",
        opts.engineAddress,
        "--organization",
        opts.organization,
        "--project",
        opts.project,
        "--root-directory",
        opts.rootDirectory,
        "--stack",
        opts.stack,
        "--pwd",
        opts.programDir,
        ...(opts.dryRun ? ["--dry-run"] : []),
        "--parallel",
        String(opts.parallel),
        opts.entry,
    ];
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.config)) {
        const i = k.indexOf(":");
        config[`${k.slice(0, i)}:config:${k.slice(i + 1)}`] = v;
    }
    const env = { ...opts.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(opts.secretKeys) };
    const child: ChildProcess = spawn(opts.node ?? process.execPath, args, { cwd: opts.programDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.once("error", (e) => {
            err += String(e);
            resolve(-1);
        });
    });
    return {
        exited,
        stdout: () => out,
        stderr: () => err,
        kill: () => {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
            }
        },
        get running() {
            return child.exitCode === null && child.signalCode === null;
        },
    };
}
