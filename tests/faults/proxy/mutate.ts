import { pick } from "./rng";

/**
 * Pure rewrites of a 2xx JSON answer into the wrong-content faults. Each
 * returns the new body text, or undefined when the answer does not lend
 * itself to that fault (the proxy then passes it through unfaulted).
 */

function parse(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The objects a field-level fault may touch: the answer itself, or the items of a list answer. */
function targets(body: unknown): Record<string, unknown>[] {
    if (isObject(body)) {
        // A wrapped list such as Webex's {"trunks": [...]} faults inside the list.
        const lists = Object.values(body).filter((v) => Array.isArray(v) && v.some(isObject)) as unknown[][];
        return lists.length > 0 ? lists.flat().filter(isObject) : [body];
    }
    return Array.isArray(body) ? body.filter(isObject) : [];
}

/** One field removed (for example `serviceProviderId` absent): `field` when given, else one drawn. */
export function removeField(text: string, random: () => number, field?: string): string | undefined {
    const body = parse(text);
    const candidates = targets(body).filter((o) => (field === undefined ? Object.keys(o).length > 0 : Object.prototype.hasOwnProperty.call(o, field)));
    if (candidates.length === 0) {
        return undefined;
    }
    const target = pick(random, candidates);
    delete target[field ?? pick(random, Object.keys(target))];
    return JSON.stringify(body);
}

/** One number replaced by the string "lots" (for example `maxActiveCalls: "lots"`): `field` when given, else one drawn. */
export function wrongType(text: string, random: () => number, field?: string): string | undefined {
    const body = parse(text);
    const fields: Array<[Record<string, unknown>, string]> = [];
    for (const o of targets(body)) {
        for (const [k, v] of Object.entries(o)) {
            if (field !== undefined ? k === field : typeof v === "number" || (typeof v === "string" && /^-?\d+$/.test(v))) {
                fields.push([o, k]);
            }
        }
    }
    if (fields.length === 0) {
        return undefined;
    }
    const [o, k] = pick(random, fields);
    o[k] = "lots";
    return JSON.stringify(body);
}

/**
 * A JSON object answered as `[]`. Lists are left alone: an empty list is a
 * legal answer no client can tell from the truth, so faulting it would only
 * test the test.
 */
export function emptyArray(text: string): string | undefined {
    return isObject(parse(text)) ? "[]" : undefined;
}

/** Another object's body in place of this one (for example another trunk group's profile). */
export function otherObject(text: string, others: readonly string[], random: () => number): string | undefined {
    if (!isObject(parse(text))) {
        return undefined;
    }
    const different = others.filter((o) => o !== text);
    return different.length > 0 ? pick(random, different) : undefined;
}

export const HTML_404 =
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export const HTML_200 =
    '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>';

export function gatewayPage(status: number): string {
    const reason: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out" };
    const text = `${status} ${reason[status] ?? "Error"}`;
    return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
