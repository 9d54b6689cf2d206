import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO, cliDir, startProgramServer } from "./cli";

/** `bash -c line`, its output collected, killed (with its process group) after `timeoutMs`. */
function runBash(line: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", ["-c", line], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d) => (stdout += d));
        child.stderr!.on("data", (d) => (stderr += d));
        const timer = setTimeout(() => {
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                /* gone */
            }
        }, timeoutMs);
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (status, signal) => {
            clearTimeout(timer);
            resolve({ status, signal, stdout, stderr });
        });
    });
}

/** The shell commands of the first ```bash block under the README heading that matches. */
export function readmeCommands(heading: RegExp, readme = path.join(REPO, "README.md")): string[] {
    const text = fs.readFileSync(readme, "utf8");
    const lines = text.split("\n");
    const at = lines.findIndex((l) => /^#+\s/.test(l) && heading.test(l));
    if (at < 0) {
        throw new Error(`README.md has no heading matching ${heading}`);
    }
    const start = lines.findIndex((l, i) => i > at && /^```(bash|sh|shell)\s*$/.test(l));
    const nextHeading = lines.findIndex((l, i) => i > at && /^#{1,2}\s/.test(l));
    if (start < 0 || (nextHeading > 0 && start > nextHeading)) {
        throw new Error(`README.md's section ${lines[at]} has no bash block`);
    }
    const end = lines.findIndex((l, i) => i > start && /^```\s*$/.test(l));
    return lines
        .slice(start + 1, end)
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
}

/** A copy of this working tree's files (tracked and untracked, not ignored): what a clone of it holds. */
export function copyOfTree(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-clone-"));
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" })
        .split("\0")
        .filter((f) => f && fs.existsSync(path.join(REPO, f)));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
    }
    return dir;
}

let shared: Promise<string> | undefined;

/**
 * One copy of the tree with `npm ci && npm run build` done in it, as the
 * README's first step and every example's "once, in the repository root" ask,
 * shared by the tests of one run and removed when the process ends.
 */
export function builtTree(): Promise<string> {
    shared ??= (async () => {
        const dir = copyOfTree();
        process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        const shell = new ReadmeShell(dir, () => {
            throw new Error("no program here");
        });
        try {
            await shell.run("npm ci && npm run build");
        } finally {
            shell.close();
        }
        return dir;
    })();
    return shared;
}

export interface ShellStep {
    line: string;
    /** What actually ran (the line with the harness's additions). */
    ran: string;
    code: number | null;
    output: string;
    /** Wall time of the command. */
    ms?: number;
}

/**
 * Runs README commands one by one in `cwd`, as a person at a terminal would,
 * with these additions only, each because a script cannot do what the person
 * does: a line ending in `&` runs in the background and the URL it prints is
 * waited for (its port replaces PORT in later lines); `pulumi up`/`preview`
 * get `--yes` (the person answers the prompt) and the program through
 * bench/programServer (the Node.js language host cannot be built here); every pulumi
 * command runs `--non-interactive`; PULUMI_CONFIG_PASSPHRASE is set (the person
 * types a passphrase when `stack init` asks); and PULUMI_HOME and PULUMI_BACKEND_URL
 * point into a folder of the test's own, because `pulumi login --local` means
 * the account's home directory as the system's user database has it, not $HOME
 * (the CLI is built with the osusergo tag, as released), so setting HOME would
 * still share ~/.pulumi with everything else on the machine.
 */
export class ReadmeShell {
    readonly home: string;
    readonly steps: ShellStep[] = [];
    private readonly background: ChildProcess[] = [];
    private port?: number;
    /** A fixed port a README asks for → the one the server got (tests never bind fixed ports). */
    private readonly ports = new Map<string, number>();

    /**
     * `programEntry`: the compiled program to serve for up and preview; none for a project whose language host runs it (Pulumi YAML).
     * `rewrite`: a line the harness runs in place of a README line (the Python language host's work done by
     * the Automation API, say), or undefined to run the line as written; a rewritten line gets no additions.
     */
    constructor(
        readonly cwd: string,
        private readonly programEntry: (() => string) | undefined,
        private readonly rewrite?: (line: string) => string | undefined,
    ) {
        this.home = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-readme-home-"));
    }

    env(): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: [cliDir(), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
            HOME: this.home,
            PULUMI_HOME: path.join(this.home, ".pulumi"),
            PULUMI_BACKEND_URL: `file://${this.home}`,
            PULUMI_CONFIG_PASSPHRASE: "readme-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            NO_COLOR: "1",
            npm_config_audit: "false",
            npm_config_fund: "false",
        };
        delete env.PULUMI_ACCESS_TOKEN;
        return env;
    }

    get simulatorPort(): number | undefined {
        return this.port;
    }

    async run(line: string): Promise<ShellStep> {
        let ran = this.port === undefined ? line : line.replace(/\bPORT\b/g, String(this.port));
        for (const [asked, got] of this.ports) {
            ran = ran.replace(new RegExp(`127\\.0\\.0\\.1:${asked}\\b`, "g"), `127.0.0.1:${got}`);
        }
        if (/&\s*(#.*)?$/.test(ran)) {
            return this.startBackground(line, ran.replace(/&\s*(#.*)?$/, "").trim());
        }
        let server: ChildProcess | undefined;
        const rewritten = this.rewrite?.(ran);
        const pulumi = rewritten === undefined ? /^pulumi\s+(\S+)/.exec(ran) : null;
        if (rewritten !== undefined) {
            ran = rewritten;
        } else if (pulumi) {
            const extra = ["--non-interactive"];
            if (["up", "update", "preview", "destroy", "refresh"].includes(pulumi[1]) && pulumi[1] !== "preview") {
                extra.push("--yes");
            }
            if (["up", "update", "preview"].includes(pulumi[1]) && this.programEntry) {
                const s = await this.startProgramServer();
                server = s.child;
                extra.push(`--client=127.0.0.1:${s.port}`);
            }
            ran = `${ran.replace(/\s+#.*$/, "")} ${extra.join(" ")}`;
        }
        // Not spawnSync: a server the test runs in its own process (mapPort) must keep answering meanwhile.
        const started = Date.now();
        const r = await runBash(ran, this.cwd, this.env(), 900_000);
        if (server) {
            server.stdin?.end();
            server.kill();
        }
        const step = { line, ran, code: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}`, ms: Date.now() - started };
        this.steps.push(step);
        if (r.status !== 0) {
            throw new Error(`README command failed: ${line}\n(ran: ${ran})\nexit ${r.status ?? r.signal}\n${step.output}`);
        }
        return step;
    }

    /** A server the test started itself in place of a README's background line: later lines get its port in place of `asked`. */
    mapPort(asked: string, got: number): void {
        this.ports.set(asked, got);
        this.port = got;
    }

    private async startBackground(line: string, cmd: string): Promise<ShellStep> {
        // trunking-sim's fixed ports (--odin-port N, --webex-port N, --port N) become ephemeral ones;
        // later lines get the port each server printed in place of the one the README asked for.
        const asked: Record<"odin" | "webex", string | undefined> = { odin: undefined, webex: undefined };
        cmd = cmd.replace(/--(odin-port|webex-port|port)[ =](\d+)/g, (_m, flag: string, n: string) => {
            asked[flag === "webex-port" ? "webex" : "odin"] = n;
            return `--${flag} 0`;
        });
        // Its own process group: `npx trunking-sim` runs the server two processes down (npx, sh, node), and a
        // server left behind keeps this process's pipes open, so mocha would never exit. close() kills the group.
        const child = spawn("bash", ["-c", `exec ${cmd}`], { cwd: this.cwd, env: this.env(), stdio: ["ignore", "pipe", "pipe"], detached: true });
        this.background.push(child);
        let output = "";
        this.port = await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${line}: no http://127.0.0.1:PORT printed within 60 s:\n${output}`)), 60_000);
            const onData = (d: Buffer): void => {
                output += d;
                const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
                const webex = /Webex API simulator listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
                // trunking-sim prints "Press Ctrl-C" once every server it starts is listening.
                if (m && (/Press Ctrl-C/.test(output) || !/trunking-sim/.test(cmd))) {
                    clearTimeout(timer);
                    const odin = /Odin API simulator listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
                    if (asked.odin && odin) {
                        this.ports.set(asked.odin, Number(odin[1]));
                    }
                    if (asked.webex && webex) {
                        this.ports.set(asked.webex, Number(webex[1]));
                    }
                    resolve(Number(m[1]));
                }
            };
            child.stdout!.on("data", onData);
            child.stderr!.on("data", onData);
            child.on("close", (code) => reject(new Error(`${line} exited with ${code}:\n${output}`)));
        });
        const step = { line, ran: `${cmd} &`, code: null, output };
        this.steps.push(step);
        return step;
    }

    private startProgramServer(): Promise<{ child: ChildProcess; port: number }> {
        return startProgramServer(this.programEntry!(), this.cwd, this.env());
    }

    /** Ends every background line's process group and its pipes, and removes the shell's home. */
    close(): void {
        for (const c of this.background) {
            try {
                process.kill(-c.pid!, "SIGKILL");
            } catch {
                // The group is gone already.
            }
            c.stdout?.destroy();
            c.stderr?.destroy();
        }
        this.background.length = 0;
        fs.rmSync(this.home, { recursive: true, force: true });
    }
}
