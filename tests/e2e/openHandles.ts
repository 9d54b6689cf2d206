/**
 * Loaded with --require by the end-to-end runs (.ci/run, npm run test:e2e): a
 * child process, pipe, socket or server a test leaves open keeps mocha's
 * process alive after the last test, so a run that passed would hang until
 * CI's own limit. After all tests, whatever was opened and is still open
 * fails the run, named, and is closed so that mocha can exit and say so.
 * The usual cause: a process killed while a child of its own (npx's server,
 * pulumi's plugins) still holds the pipe it shares with this process; kill
 * the process group (ReadmeShell.close, PulumiProject.dispose).
 */
import type { ChildProcess } from "child_process";
import * as net from "net";

type Handle = object;

/** Node's own list of what keeps the event loop alive (the documented getActiveResourcesInfo gives only kinds). */
const activeHandles = (): Handle[] => (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();

const isChild = (h: Handle): h is ChildProcess => typeof (h as ChildProcess).spawnargs !== "undefined" && typeof (h as ChildProcess).kill === "function";

/** The handles open now that were not open in `before`, each with what it is. */
export function leftOpen(before: ReadonlySet<Handle>, now: Handle[] = activeHandles()): Array<{ handle: Handle; what: string }> {
    const fresh = now.filter((h) => !before.has(h) && !(h instanceof net.Socket && (h as net.Socket & { fd?: number }).fd !== undefined && [0, 1, 2].includes((h as net.Socket & { fd?: number }).fd!)));
    const children = fresh.filter(isChild);
    return fresh.map((handle) => {
        if (isChild(handle)) {
            return { handle, what: `the process ${handle.pid} (${handle.spawnargs.join(" ")})` };
        }
        const owner = children.find((c) => c.stdin === handle || c.stdout === handle || c.stderr === handle);
        if (owner) {
            return { handle, what: `a pipe of ${owner.pid} (${owner.spawnargs.join(" ")})` };
        }
        if (handle instanceof net.Server) {
            return { handle, what: `a server listening on ${JSON.stringify(handle.address())}` };
        }
        if (handle instanceof net.Socket) {
            return { handle, what: handle.remotePort ? `a socket to ${handle.remoteAddress}:${handle.remotePort}` : "a pipe (its process already ended: a child of it holds the other end)" };
        }
        return { handle, what: (handle as { constructor?: { name?: string } }).constructor?.name ?? "a handle" };
    });
}

function close(h: Handle): void {
    try {
        if (isChild(h)) {
            try {
                process.kill(-h.pid!, "SIGKILL");
            } catch {
                h.kill("SIGKILL");
            }
        } else if (h instanceof net.Server) {
            h.close();
        } else if (h instanceof net.Socket) {
            h.destroy();
        }
    } catch {
        /* gone */
    }
}

let before = new Set<Handle>();

export const mochaHooks = {
    beforeAll(): void {
        before = new Set(activeHandles());
    },
    async afterAll(this: { timeout(ms: number): void }): Promise<void> {
        this.timeout(30_000);
        // What is being closed finishes on the next turns of the event loop.
        for (let waited = 0; waited < 10_000 && leftOpen(before).length > 0; waited += 200) {
            await new Promise((r) => setTimeout(r, 200).unref());
        }
        const open = leftOpen(before);
        open.forEach((o) => close(o.handle));
        if (open.length > 0) {
            throw new Error(`the tests left open, so mocha would not have exited (now closed): ${open.map((o) => o.what).join("; ")}. A test's after/afterEach must end every process group it started and close its servers`);
        }
    },
};
