/**
 * A read whose answer is believed only when it agrees with what is known, or
 * with itself. A gateway can answer 200 with a field dropped or another
 * value in it, in a shape no validation can tell from the truth (an optional
 * field that is unset looks exactly like one that was dropped). So an answer
 * that differs from what was just written, or from the state's last known
 * values, is read again: two answers in a row that agree are the system's
 * real state (drift, or a change made outside Pulumi); answers that keep
 * disagreeing are an error, never a value in the state.
 */

import { showsEvery } from "./diff";
import type { ResourceSchema } from "./schema";

/** Answers read in all before giving up (the first one included). */
export const MAX_SETTLE_READS = 4;

export interface SettleSteps<T> {
    /** What is read, in messages: `Trunk group "PBX A"`. */
    what: string;
    read(): Promise<T>;
    /** True when the answer shows exactly what is expected (then it is taken at once). */
    expected(answer: T): boolean;
    /** Whether two answers say the same. */
    same(a: T, b: T): boolean;
}

export async function settledRead<T>(steps: SettleSteps<T>): Promise<T> {
    let previous = await steps.read();
    if (steps.expected(previous)) {
        return previous;
    }
    for (let reads = 2; reads <= MAX_SETTLE_READS; reads++) {
        const next = await steps.read();
        if (steps.expected(next) || steps.same(next, previous)) {
            return next;
        }
        previous = next;
    }
    throw new Error(
        `${steps.what}: ${MAX_SETTLE_READS} reads in a row gave different answers, so none of them is put into the state; ` +
            "something between here and the API is changing its answers (a proxy or gateway), or the object is being changed right now. Run the command again",
    );
}

export interface SettleAnswer<A> {
    /** What is read, in messages: `Trunk group "PBX A"`. */
    what: string;
    read(): Promise<A>;
    /** An answer already at hand (a write's): it stands in for the first read. */
    first?: A;
    /** The answer's values, keyed like the inputs. */
    reported(answer: A): object;
    /** Whether two answers say the same; default JSON-equal. */
    same?(a: A, b: A): boolean;
}

/**
 * The answer to build outputs from: the first one when it shows every value
 * expected (just written, or the state's), else read until two answers agree.
 */
export function settle<T, A>(schema: ResourceSchema<T>, expected: Readonly<Record<string, unknown>>, steps: SettleAnswer<A>): Promise<A> {
    let pending = steps.first;
    return settledRead<A>({
        what: steps.what,
        read: async () => {
            const answer = pending ?? (await steps.read());
            pending = undefined;
            return answer;
        },
        expected: (a) => showsEvery(schema, steps.reported(a), expected),
        same: steps.same ?? sameJson,
    });
}

/** JSON-equal: the same keys (in any order) and values. */
export function sameJson(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
    return JSON.stringify(v, (_k, x: unknown) =>
        x !== null && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
    );
}
