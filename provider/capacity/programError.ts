import * as pulumi from "@pulumi/pulumi";

/**
 * What the program's process fails with, said by its message alone. The
 * Node.js SDK prints only a RunError's message, but formats the stack of
 * any error first (util.inspect, through source maps): one error from an
 * Output took about 24 s of CPU in a program, most of it garbage
 * collection. Our messages say what to do; our stack frames do not.
 */
export function programError(e: unknown): pulumi.RunError {
    const message = e instanceof Error ? e.message : String(e);
    const out = new pulumi.RunError(message);
    out.stack = message;
    return out;
}

/** The promise, with a failure rethrown as a programError. */
export function sayingOnly<T>(p: Promise<T>): Promise<T> {
    return p.catch((e: unknown) => {
        throw programError(e);
    });
}
