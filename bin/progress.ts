/**
 * A one-line progress bar for a terminal: groups done of total, requests
 * sent, time elapsed. Drawn only on a TTY and erased when done, so the
 * terminal ends with nothing but the result; elsewhere it writes nothing.
 */

export interface ProgressState {
    done: number;
    /** undefined until the group list is in. */
    total: number | undefined;
    requests: number;
    elapsedMs: number;
}

/** The bar's text for a terminal `columns` wide (pure). */
export function progressLine(p: ProgressState, columns = 80): string {
    const elapsed = `${(p.elapsedMs / 1000).toFixed(1)}s`;
    const known = p.total !== undefined;
    const width = String(known ? p.total : 0).length;
    const counts = known ? `${String(p.done).padStart(width)}/${p.total}` : "?/?";
    const tail = `  ${known && p.total! > 0 ? `${String(Math.floor((100 * p.done) / p.total!)).padStart(3)}%  ` : ""}requests ${p.requests}  ${elapsed}`;
    const head = `groups ${counts} `;
    const room = Math.min(40, columns - 1 - head.length - tail.length - 2);
    if (room < 5) {
        return `${head}${tail.trimStart()}`.slice(0, Math.max(0, columns - 1));
    }
    const filled = known && p.total! > 0 ? Math.round((room * p.done) / p.total!) : 0;
    const bar = known ? `[${"#".repeat(filled)}${".".repeat(room - filled)}]` : `[${" ".repeat(room)}]`;
    return `${head}${bar}${tail}`;
}

interface Terminal {
    isTTY?: boolean;
    columns?: number;
    write(text: string): boolean;
}

export class ProgressBar {
    private done = 0;
    private total: number | undefined;
    private readonly started: number;
    private timer: NodeJS.Timeout | undefined;
    private shown = false;

    constructor(
        private readonly out: Terminal,
        private readonly requests: () => number,
        private readonly now: () => number = Date.now,
    ) {
        this.started = now();
    }

    get active(): boolean {
        return this.out.isTTY === true;
    }

    /** Starts redrawing (the elapsed time moves even while no group completes). */
    start(intervalMs = 200): void {
        if (!this.active) {
            return;
        }
        this.draw();
        this.timer = setInterval(() => this.draw(), intervalMs);
        this.timer.unref();
    }

    update(done: number, total: number): void {
        this.done = done;
        this.total = total;
        this.draw();
    }

    /** Writes a line of its own above the bar (a warning, a retry notice). */
    above(line: string): void {
        if (this.shown) {
            this.out.write("\r\x1b[K");
            this.shown = false;
        }
        this.out.write(line);
        if (this.timer) {
            this.draw();
        }
    }

    /** Erases the bar for good. */
    stop(): void {
        if (this.timer) {
            clearInterval(this.timer);
            this.timer = undefined;
        }
        if (this.shown) {
            this.out.write("\r\x1b[K");
            this.shown = false;
        }
    }

    private draw(): void {
        if (!this.active) {
            return;
        }
        const line = progressLine({ done: this.done, total: this.total, requests: this.requests(), elapsedMs: this.now() - this.started }, this.out.columns || 80);
        this.out.write(`\r${line}\x1b[K`);
        this.shown = true;
    }
}
