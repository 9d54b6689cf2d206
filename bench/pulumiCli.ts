import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The real `pulumi` CLI in throwaway projects: an isolated PULUMI_HOME, a file
 * backend in a temporary folder, a passphrase, no update check, no plugin
 * download, `--non-interactive` and no colour. Commands that run the program
 * (preview, up, import) get it through tests/e2e/programServer (see there
 * why not through the Node.js language host).
 *
 * The CLI comes from scripts/pulumi-cli.sh: `npm run test:e2e` and `npm run
 * bench:cli` build it (or find it built) and pass its folder in PULUMI_CLI_DIR.
 * The end-to-end tests (tests/e2e) and bench/cli.ts share this driver.
 */

export const REPO = path.resolve(__dirname, "..", "..");

/** tests/engine/programs/stack, compiled: resources from the stack config key trunking-test:resources. */
export const STACK_PROGRAM = path.join(REPO, "dist", "tests", "engine", "programs", "stack", "index.js");

/** Packs this tree as npm would publish it into `root`; the tarball's path. */
export function packTree(root: string): string {
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", root, "--loglevel=error"], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
    return path.join(root, fs.readdirSync(root).find((f) => f.endsWith(".tgz"))!);
}

/** Installs the packed package into `dir` as a user does: npm install beside the @pulumi/pulumi this tree's lockfile has. */
export function installPacked(dir: string, tarball: string, name: string): void {
    const sdk = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
    const deps = { "@pulumi/pulumi": sdk, "pulumi-trunking": `file:${tarball}` };
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, dependencies: deps }, null, 2));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
}

export function cliDir(): string {
    const dir = process.env.PULUMI_CLI_DIR;
    if (!dir || !fs.existsSync(path.join(dir, "pulumi"))) {
        throw new Error(
            `this needs the real pulumi CLI: PULUMI_CLI_DIR is ${dir ? `${dir}, which has no pulumi` : "not set"}. ` +
                "Run it with `npm run test:e2e` or `npm run bench:cli`, which build it with scripts/pulumi-cli.sh (or find it built).",
        );
    }
    return dir;
}

export interface CliResult {
    args: string[];
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** The program's own output (programServer), for commands that ran it. */
    programOutput: string;
    /** PULUMI_DEBUG_GRPC entries of this command, when asked for. */
    grpc: GrpcEntry[];
    ms: number;
}

/** One finished gRPC call the engine made or served, as PULUMI_DEBUG_GRPC logs it. */
export interface GrpcEntry {
    method: string;
    request: any;
    response?: any;
    errors?: string[];
    timestamp?: string;
}

export interface RunOptions {
    /** Serve the program to the CLI (default: for preview, up and import). */
    program?: boolean;
    /** Record the engine's gRPC calls into `grpc`. */
    grpc?: boolean;
    /** Resolve instead of rejecting when the command fails. */
    allowFailure?: boolean;
    /** Called once the pulumi process started (e.g. to kill it). */
    onSpawn?: (child: ChildProcess) => void;
    /** Extra environment for this command. */
    env?: Record<string, string>;
    timeoutMs?: number;
    input?: string;
}

export class CommandFailed extends Error {
    constructor(readonly result: CliResult) {
        super(`pulumi ${result.args.join(" ")} exited with ${result.code ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
    }
}

const PROGRAM_COMMANDS = new Set(["preview", "up", "update", "import"]);

export interface ProjectOptions {
    /** The project folder (created if missing); a temporary one by default. */
    dir?: string;
    /** Pulumi.yaml's name. */
    name: string;
    /** The compiled program's entry (file or folder): what programServer serves. */
    entry: string;
    stack?: string;
    /**
     * node_modules for the project: a folder to link (default: the repository's,
     * where pulumi-trunking is linked to this tree), or "keep" when the project
     * installed its own.
     */
    nodeModules?: string | "keep";
    /** Write Pulumi.yaml (default true; false keeps the one in dir). */
    writePulumiYaml?: boolean;
}

/** A Pulumi project with one stack on a file backend of its own. */
export class PulumiProject {
    readonly dir: string;
    readonly home: string;
    readonly backend: string;
    readonly stack: string;
    readonly name: string;
    readonly entry: string;
    readonly passphrase = "e2e-passphrase-not-a-secret-of-the-product";
    /** Every command's args and output, in order: what a person would have seen. */
    readonly transcript: CliResult[] = [];
    private readonly scratch: string;
    private readonly children = new Set<ChildProcess>();

    constructor(opts: ProjectOptions) {
        this.scratch = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-e2e-"));
        this.dir = opts.dir ?? path.join(this.scratch, "project");
        this.home = path.join(this.scratch, "pulumi-home");
        this.backend = path.join(this.scratch, "backend");
        this.stack = opts.stack ?? "dev";
        this.name = opts.name;
        this.entry = path.resolve(opts.entry);
        fs.mkdirSync(this.dir, { recursive: true });
        fs.mkdirSync(this.home, { recursive: true });
        fs.mkdirSync(this.backend, { recursive: true });
        if (opts.writePulumiYaml !== false) {
            fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), `name: ${opts.name}\nruntime: nodejs\ndescription: end-to-end test project\n`);
        }
        const nm = opts.nodeModules ?? path.join(REPO, "node_modules");
        if (nm !== "keep" && !fs.existsSync(path.join(this.dir, "node_modules"))) {
            fs.symlinkSync(nm, path.join(this.dir, "node_modules"), "dir");
        }
    }

    env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
        const node = path.dirname(process.execPath);
        return {
            ...process.env,
            PATH: [cliDir(), node, process.env.PATH ?? ""].join(path.delimiter),
            HOME: this.home,
            PULUMI_HOME: this.home,
            PULUMI_BACKEND_URL: `file://${this.backend}`,
            PULUMI_CONFIG_PASSPHRASE: this.passphrase,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            NO_COLOR: "1",
            ...extra,
        };
    }

    /** `pulumi stack init` on the project's backend. */
    async init(): Promise<CliResult> {
        return this.run(["stack", "init", this.stack]);
    }

    async config(key: string, value: string, opts: { secret?: boolean } = {}): Promise<CliResult> {
        return this.run(["config", "set", ...(opts.secret ? ["--secret"] : []), key, "--", value]);
    }

    async configMany(values: Record<string, string>, secrets: string[] = []): Promise<void> {
        for (const [k, v] of Object.entries(values)) {
            await this.config(k, v, { secret: secrets.includes(k) });
        }
    }

    preview(args: string[] = [], opts: RunOptions = {}): Promise<CliResult> {
        return this.run(["preview", ...args], opts);
    }
    up(args: string[] = [], opts: RunOptions = {}): Promise<CliResult> {
        return this.run(["up", "--yes", ...args], opts);
    }
    refresh(args: string[] = [], opts: RunOptions = {}): Promise<CliResult> {
        return this.run(["refresh", "--yes", ...args], opts);
    }
    destroy(args: string[] = [], opts: RunOptions = {}): Promise<CliResult> {
        return this.run(["destroy", "--yes", ...args], opts);
    }

    /** `pulumi stack export` (with `--show-secrets` when asked), parsed. */
    async exportState(showSecrets = false): Promise<{ text: string; deployment: any }> {
        const r = await this.run(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
        return { text: r.stdout, deployment: JSON.parse(r.stdout).deployment };
    }

    /** The stack's resources of one type from `pulumi stack export --show-secrets` (secrets decrypted by the CLI). */
    async resources(type?: string): Promise<any[]> {
        const { deployment } = await this.exportState(true);
        return (deployment.resources ?? []).filter((r: any) => !type || r.type === type);
    }

    async stackOutputs(showSecrets = false): Promise<Record<string, any>> {
        const r = await this.run(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])]);
        return JSON.parse(r.stdout);
    }

    /** Every file the backend and PULUMI_HOME hold, as text (for secret scans). */
    filesText(): string {
        const out: string[] = [];
        const walk = (d: string): void => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) {
                    if (e.name !== "node_modules" && e.name !== "plugins") {
                        walk(p);
                    }
                } else if (e.isFile()) {
                    out.push(`--- ${p}\n${fs.readFileSync(p).toString("latin1")}`);
                }
            }
        };
        walk(this.backend);
        walk(this.home);
        for (const f of fs.readdirSync(this.dir)) {
            if (/^Pulumi\..*yaml$/.test(f)) {
                out.push(`--- ${f}\n${fs.readFileSync(path.join(this.dir, f), "utf8")}`);
            }
        }
        return out.join("\n");
    }

    /** Everything the person saw: every command's stdout and stderr, and the program's output. */
    transcriptText(): string {
        // --show-secrets asks for the secrets in plain text; what it prints is judged apart (secretsOutsideSecretValues).
        return this.transcript.filter((r) => !r.args.includes("--show-secrets")).map((r) => `$ pulumi ${shownArgs(r.args).join(" ")}\n${r.stdout}\n${r.stderr}\n${r.programOutput}`).join("\n");
    }

    async run(args: string[], opts: RunOptions = {}): Promise<CliResult> {
        // Flags go before a "--" (after it everything is a value). The stack is
        // named on every command that takes the flag: no "current stack" is relied on.
        const dash = args.indexOf("--");
        const head = dash < 0 ? [...args] : args.slice(0, dash);
        const tail = dash < 0 ? [] : args.slice(dash);
        head.push("--non-interactive", "--color", "never");
        const noStackFlag = ["login", "logout", "whoami", "version", "plugin", "cancel"].includes(args[0]) || (args[0] === "stack" && ["init", "ls", "rm", "select"].includes(args[1]));
        if (!noStackFlag) {
            head.push("--stack", this.stack);
        }
        const useProgram = opts.program ?? PROGRAM_COMMANDS.has(args[0]);
        let server: ChildProcess | undefined;
        let programOutput = "";
        if (useProgram) {
            const started = await this.startProgramServer();
            server = started.child;
            head.push(`--client=127.0.0.1:${started.port}`);
            server.stdout!.on("data", (d) => (programOutput += d));
            server.stderr!.on("data", (d) => (programOutput += d));
        }
        const full = [...head, ...tail];
        const grpcFile = opts.grpc ? path.join(this.scratch, `grpc-${Date.now()}-${Math.random().toString(36).slice(2)}.log`) : undefined;
        const env = this.env({ ...(grpcFile ? { PULUMI_DEBUG_GRPC: grpcFile } : {}), ...(opts.env ?? {}) });
        const started = Date.now();
        const result = await new Promise<CliResult>((resolve, reject) => {
            const child = spawn(path.join(cliDir(), "pulumi"), full, { cwd: this.dir, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
            this.children.add(child);
            let stdout = "";
            let stderr = "";
            child.stdout!.on("data", (d) => (stdout += d));
            child.stderr!.on("data", (d) => (stderr += d));
            child.stdin!.end(opts.input ?? "");
            const timer = setTimeout(() => {
                try {
                    process.kill(-child.pid!, "SIGKILL");
                } catch {
                    /* gone */
                }
                reject(new Error(`pulumi ${full.join(" ")} took longer than ${opts.timeoutMs ?? 300_000} ms:\n${stdout}\n${stderr}`));
            }, opts.timeoutMs ?? 300_000);
            child.on("error", reject);
            child.on("close", (code, signal) => {
                clearTimeout(timer);
                this.children.delete(child);
                resolve({ args: full, code, signal, stdout, stderr, programOutput: "", grpc: [], ms: Date.now() - started });
            });
            opts.onSpawn?.(child);
        });
        if (server) {
            await stopChild(server);
            result.programOutput = programOutput;
        }
        if (grpcFile && fs.existsSync(grpcFile)) {
            result.grpc = parseGrpcLog(fs.readFileSync(grpcFile, "utf8"));
        }
        this.transcript.push(result);
        if (result.code !== 0 && !opts.allowFailure) {
            throw new CommandFailed(result);
        }
        return result;
    }

    private async startProgramServer(): Promise<{ child: ChildProcess; port: number }> {
        const started = await startProgramServer(this.entry, this.dir, this.env());
        this.children.add(started.child);
        started.child.on("close", () => this.children.delete(started.child));
        return started;
    }

    /** Ends every process this project started (what a crash test left running included), and removes its folders. */
    async dispose(opts: { keep?: boolean } = {}): Promise<void> {
        for (const c of this.children) {
            // A pulumi command is its process group's leader (detached): its plugins and language hosts go with it.
            for (const target of [-c.pid!, c.pid!]) {
                try {
                    process.kill(target, "SIGKILL");
                } catch {
                    /* not a group leader, or gone */
                }
            }
            c.stdin?.destroy();
            c.stdout?.destroy();
            c.stderr?.destroy();
        }
        this.children.clear();
        if (!opts.keep) {
            fs.rmSync(this.scratch, { recursive: true, force: true });
        }
    }
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/**
 * A decrypted export (`--show-secrets`) with every value the engine holds as a
 * secret replaced by "[secret]": what is left must hold no secret, or a
 * secret sits somewhere the state does not treat as one.
 */
export function withoutSecretValues(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutSecretValues);
    }
    if (value && typeof value === "object") {
        if (SECRET_SIG in (value as object)) {
            return "[secret]";
        }
        return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, withoutSecretValues(v)]));
    }
    return value;
}

/** A command line as a person's terminal shows it; the value of `config set --secret` is what they typed, not output, so it is left out. */
function shownArgs(args: string[]): string[] {
    if (args[0] === "config" && args[1] === "set" && args.includes("--secret")) {
        const dash = args.indexOf("--");
        return dash < 0 ? args.slice(0, 3) : [...args.slice(0, dash), "--", "<secret>"];
    }
    return args;
}

/** The "Resources:" summary a command printed: { created: 2, unchanged: 1, ... } (the stack included, as the CLI counts). */
export function resourceSummary(stdout: string): Record<string, number> {
    const out: Record<string, number> = {};
    const at = stdout.lastIndexOf("Resources:");
    if (at < 0) {
        return out;
    }
    for (const line of stdout.slice(at).split("\n").slice(1)) {
        const m = /^\s+(?:[+~-]|\+-|)\s*(\d+) (to create|to update|to delete|to replace|created|updated|deleted|replaced|unchanged|errored)/.exec(line);
        if (!m) {
            if (line.trim() === "") {
                continue;
            }
            break;
        }
        out[m[2].replace("to ", "")] = Number(m[1]);
    }
    return out;
}

/** bench/programServer serving `entry` to the CLI from the project folder `cwd`; resolves once it listens. */
export async function startProgramServer(entry: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, [path.join(__dirname, "programServer.js"), entry], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        let err = "";
        const onData = (d: Buffer): void => {
            out += d;
            const m = /^(\d+)\n/.exec(out);
            if (m) {
                child.stdout!.off("data", onData);
                resolve(Number(m[1]));
            }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", (d) => (err += d));
        child.on("close", (code) => reject(new Error(`programServer exited with ${code} before it listened: ${err}`)));
    });
    return { child, port };
}

async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    await new Promise<void>((resolve) => {
        child.once("close", () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
}

/** PULUMI_DEBUG_GRPC's JSON lines: each call is logged when it starts and again when it ends; the ends are kept. */
export function parseGrpcLog(text: string): GrpcEntry[] {
    const out: GrpcEntry[] = [];
    for (const line of text.split("\n")) {
        if (!line.trim()) {
            continue;
        }
        const e = JSON.parse(line);
        if ("response" in e || "errors" in e) {
            out.push({ method: e.method, request: e.request, response: e.response, errors: e.errors, timestamp: e.timestamp });
        }
    }
    return out;
}

/** The provider calls (Check, Diff, Create, Read, Update, Delete) of resources, in the order they finished. */
export function providerCalls(entries: GrpcEntry[]): Array<{ method: string; urn: string; request: any; response?: any; errors?: string[] }> {
    const names = ["Check", "Diff", "Create", "Read", "Update", "Delete"];
    return entries
        .filter((e) => e.method.startsWith("/pulumirpc.ResourceProvider/") && names.includes(e.method.split("/").pop()!))
        .filter((e) => typeof e.request?.urn === "string" && !e.request.urn.includes("::pulumi:providers:"))
        .map((e) => ({ method: e.method.split("/").pop()!, urn: e.request.urn, request: e.request, response: e.response, errors: e.errors }));
}
