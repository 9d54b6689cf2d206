import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckpointFileStore, PendingOperation, ResourceState } from "./checkpoint";
import { runDeployment } from "./deployment";
import { HostHooks, cleanEnv } from "./hostProcess";
import { StateCrypter } from "./secrets";
import type { Command, RunSummary } from "./types";
import { PropertyMap, isSecret, plainMap } from "./values";

/**
 * The public face of the test engine: a stack whose program is a directory
 * of compiled JavaScript, run by the SDK's own program runner against an
 * engine that follows pulumi/pulumi's (see README.md), with the real
 * dynamic-provider host doing the provider work and a checkpoint file
 * holding the state between commands.
 *
 *   const eng = new TestEngine({ programDir: programPath("trunks"), stateFile, config, secretConfig });
 *   await eng.preview(); await eng.up(); await eng.refresh(); await eng.destroy();
 */

export interface TestEngineOptions {
    /** The program: a directory holding compiled JavaScript (see programPath). */
    programDir: string;
    /** The file to run in it; default index.js. */
    entry?: string;
    /** The checkpoint; created on the first up. */
    stateFile: string;
    /** Project name: the namespace of `new pulumi.Config()` in the program. Default "trunking-test". */
    project?: string;
    stack?: string;
    organization?: string;
    /** Stack config, keys `<ns>:<key>` as `pulumi config set` writes them. */
    config?: Record<string, string>;
    /** Config keys set with `--secret`. */
    secretConfig?: string[];
    /** Passphrase of the checkpoint's secrets. */
    passphrase?: string;
    /** Environment of the provider host; default this process's minus ODIN_*, WEBEX_* and PULUMI_CONFIG*. */
    hostEnv?: NodeJS.ProcessEnv;
    /** Environment of the program; same default. */
    programEnv?: NodeJS.ProcessEnv;
    /** The node binary that runs the program; default this process's. */
    programNode?: string;
    /** The node binary that runs the provider host; default this process's. */
    hostNode?: string;
    /** `--parallel`; default the CLI's 4 × CPUs (pkg/cmd/pulumi/operations/up.go:71-88). */
    parallel?: number;
    /** A program that runs longer is killed and the run fails. Default 90 s. */
    programTimeoutMs?: number;
}

export interface RunOptions {
    /** Act before/after any request to the provider host (e.g. kill it at the 2nd create). */
    hooks?: HostHooks;
    /** The run must fail: resolves with its summary instead of rejecting (and rejects if it succeeded). */
    expectFailure?: boolean;
    /** Resolve with the summary whether the run succeeded or not (check `ok` yourself). */
    allowFailure?: boolean;
    /** `--expect-no-changes`: any change fails the run. */
    expectNoChanges?: boolean;
}

/** A resource of the saved state, decrypted, with plain values and the names of its secret values. */
export interface StateResource {
    urn: string;
    name: string;
    type: string;
    id: string;
    custom: boolean;
    inputs: PropertyMap;
    outputs: PropertyMap;
    secretInputs: string[];
    secretOutputs: string[];
    protect: boolean;
    retainOnDelete: boolean;
    delete: boolean;
    initErrors?: string[];
    dependencies: string[];
    provider?: string;
    /** The state exactly as the engine holds it (secrets wrapped, not encrypted). */
    raw: ResourceState;
}

export class DeploymentFailed extends Error {
    constructor(readonly summary: RunSummary) {
        super(
            `${summary.command} failed: ${summary.errors.join("\n") || "(no error recorded)"}` +
                (summary.program?.stderr ? `\n--- program stderr ---\n${summary.program.stderr.slice(-4000)}` : ""),
        );
    }
}

export class TestEngine {
    readonly config: Record<string, string>;
    readonly secretConfig: Set<string>;
    /** Every command's summary, in order. */
    readonly history: RunSummary[] = [];
    private readonly store: CheckpointFileStore;
    private readonly opts: Required<Pick<TestEngineOptions, "project" | "stack" | "organization" | "entry" | "parallel" | "programTimeoutMs">>;

    constructor(private readonly options: TestEngineOptions) {
        this.config = { ...(options.config ?? {}) };
        this.secretConfig = new Set(options.secretConfig ?? []);
        this.opts = {
            project: options.project ?? "trunking-test",
            stack: options.stack ?? "dev",
            organization: options.organization ?? "organization",
            entry: options.entry ?? "index.js",
            parallel: options.parallel ?? os.cpus().length * 4,
            programTimeoutMs: options.programTimeoutMs ?? 90_000,
        };
        const stackName = `${this.opts.organization}/${this.opts.project}/${this.opts.stack}`;
        this.store = new CheckpointFileStore(options.stateFile, new StateCrypter(options.passphrase ?? "test-engine-passphrase"), stackName);
        if (!fs.existsSync(path.join(options.programDir, this.opts.entry))) {
            throw new Error(`no program at ${path.join(options.programDir, this.opts.entry)}: run \`npm run build\` (programs compile after the package)`);
        }
    }

    /** `pulumi config set [--secret] key value`. */
    setConfig(key: string, value: string, opts: { secret?: boolean } = {}): void {
        this.config[key] = value;
        if (opts.secret) {
            this.secretConfig.add(key);
        } else {
            this.secretConfig.delete(key);
        }
    }

    /** `pulumi config rm key`. */
    removeConfig(key: string): void {
        delete this.config[key];
        this.secretConfig.delete(key);
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${type}::${name}`;
    }

    preview(opts: RunOptions = {}): Promise<RunSummary> {
        return this.run("preview", opts);
    }

    up(opts: RunOptions = {}): Promise<RunSummary> {
        return this.run("up", opts);
    }

    refresh(opts: RunOptions = {}): Promise<RunSummary> {
        return this.run("refresh", opts);
    }

    destroy(opts: RunOptions = {}): Promise<RunSummary> {
        return this.run("destroy", opts);
    }

    /** The saved state, decrypted; the stack and the default provider included. */
    state(): { resources: StateResource[]; pendingOperations: PendingOperation[] } {
        const snap = this.store.load();
        return { resources: snap.resources.map(toStateResource), pendingOperations: snap.pendingOperations };
    }

    /** The resources of the saved state that the program declared (no stack, no provider). */
    resources(): StateResource[] {
        return this.state().resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    }

    /** The one resource of that name in the saved state (the newest when a replacement left two). */
    resource(name: string): StateResource | undefined {
        return this.resources().filter((r) => r.name === name && !r.delete)[0] ?? this.resources().find((r) => r.name === name);
    }

    /** `pulumi stack output --show-secrets`: the outputs saved in the checkpoint, plain, and which are secret. */
    stackOutputs(): { outputs: PropertyMap; secret: string[] } {
        const stack = this.state().resources.find((r) => r.type === "pulumi:pulumi:Stack");
        return { outputs: stack?.outputs ?? {}, secret: stack?.secretOutputs ?? [] };
    }

    /**
     * `pulumi stack export`, an edit, `pulumi stack import`: the saved resources,
     * decrypted (secrets still wrapped), for a test to change, e.g. into what an
     * older version of the package wrote. Written back encrypted.
     */
    editState(edit: (resources: ResourceState[]) => void): void {
        const snap = this.store.load();
        edit(snap.resources);
        this.store.save(snap);
    }

    /** The checkpoint file as written (to check that no secret is in it in plain text). */
    stateText(): string {
        return fs.existsSync(this.options.stateFile) ? fs.readFileSync(this.options.stateFile, "utf8") : "";
    }

    /** Everything the provider hosts printed over all commands. */
    hostOutput(): string {
        return this.history.map((h) => h.hostOutput).join("");
    }

    private async run(command: Command, opts: RunOptions): Promise<RunSummary> {
        const hostEnv = this.options.hostEnv ?? cleanEnv(process.env);
        const summary = await runDeployment({
            command,
            programDir: this.options.programDir,
            entry: this.opts.entry,
            store: this.store,
            organization: this.opts.organization,
            project: this.opts.project,
            stack: this.opts.stack,
            rootDirectory: this.options.programDir,
            config: { ...this.config },
            secretKeys: [...this.secretConfig].filter((k) => k in this.config),
            programEnv: this.options.programEnv ?? cleanEnv(process.env),
            hostEnv,
            programNode: this.options.programNode,
            hostNode: this.options.hostNode,
            hostHooks: opts.hooks,
            parallel: this.opts.parallel,
            programTimeoutMs: this.opts.programTimeoutMs,
            expectNoChanges: opts.expectNoChanges ?? false,
        });
        this.history.push(summary);
        if (opts.expectFailure) {
            if (summary.ok) {
                throw new Error(`${command} was expected to fail but succeeded`);
            }
            return summary;
        }
        if (!summary.ok && !opts.allowFailure) {
            throw new DeploymentFailed(summary);
        }
        return summary;
    }
}

function toStateResource(r: ResourceState): StateResource {
    const secretKeys = (m: PropertyMap) => Object.keys(m).filter((k) => isSecret(m[k]));
    return {
        urn: r.urn,
        name: r.urn.split("::").slice(3).join("::"),
        type: r.type,
        id: r.id,
        custom: r.custom,
        inputs: plainMap(r.inputs),
        outputs: plainMap(r.outputs),
        secretInputs: secretKeys(r.inputs),
        secretOutputs: secretKeys(r.outputs),
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        delete: r.delete,
        ...(r.initErrors ? { initErrors: r.initErrors } : {}),
        dependencies: r.dependencies,
        ...(r.provider ? { provider: r.provider } : {}),
        raw: r,
    };
}

/** The compiled test program of that name (tests/engine/programs/<name>, built to dist/tests/engine/programs/<name>). */
export function programPath(name: string): string {
    return path.join(__dirname, "programs", name);
}
