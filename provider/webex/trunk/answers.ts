/**
 * Whether an answer that claims to be a trunk can be believed, before it
 * reaches the state: another trunk's body, a name dropped, a number turned
 * into text are refused (a GET is then asked again, a write's fate looked up).
 * Pure; the client runs it on every trunk answer.
 */

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The trunk fields that have a type to check, when present. */
const TYPES: Readonly<Record<string, "string" | "integer" | "boolean">> = {
    name: "string",
    trunkType: "string",
    deviceType: "string",
    address: "string",
    domain: "string",
    port: "integer",
    maxConcurrentCalls: "integer",
    dualIdentitySupportEnabled: "boolean",
    isRestrictedToDedicatedInstance: "boolean",
    pChargeInfoSupportPolicy: "string",
    otgDtgId: "string",
    linePort: "string",
    status: "string",
};

/** Why this answer is not trunk `trunkId`, or undefined when it can be used. */
export function trunkProblem(data: unknown, trunkId: string): string | undefined {
    if (!isObject(data)) {
        return `it is not a trunk (${Array.isArray(data) ? "a list" : data === null ? "null" : typeof data})`;
    }
    if (typeof data.name !== "string" || data.name === "") {
        return "its name is missing";
    }
    if (data.id !== undefined && data.id !== trunkId) {
        return `it is another trunk (id ${JSON.stringify(data.id)})`;
    }
    if (data.location !== undefined && (!isObject(data.location) || typeof data.location.id !== "string")) {
        return "its location has no id";
    }
    for (const [k, kind] of Object.entries(TYPES)) {
        const v = data[k];
        if (v === undefined || v === null) {
            continue;
        }
        const ok = kind === "integer" ? typeof v === "number" && Number.isInteger(v) : typeof v === kind;
        if (!ok) {
            return `${k} is ${typeof v === "string" ? `the text ${JSON.stringify(v.slice(0, 20))}` : typeof v}, not ${kind === "integer" ? "a whole number" : kind === "boolean" ? "true or false" : "text"}`;
        }
    }
    return undefined;
}

/** Why a page of a list is not one: the items must be under `key`, each with an id (and a name, for trunks). */
export function pageProblem(data: unknown, key: string): string | undefined {
    if (!isObject(data)) {
        return `it is not a page of the list (${Array.isArray(data) ? "a bare list" : typeof data})`;
    }
    const items = data[key];
    if (!Array.isArray(items)) {
        return `it has no "${key}" list`;
    }
    const named = key === "trunks";
    return items.every((t) => isObject(t) && typeof t.id === "string" && t.id !== "" && (!named || (typeof t.name === "string" && t.name !== "")))
        ? undefined
        : `an item of "${key}" has no id${named ? " or no name" : ""}`;
}

/** A usage count must be a count: a number, or a numeric text (route groups' counts come as text). */
export function usageProblem(data: unknown): string | undefined {
    if (!isObject(data)) {
        return "it is not a usage answer";
    }
    for (const [k, v] of Object.entries(data)) {
        if (/Count$/.test(k) && v !== null && v !== undefined && !(typeof v === "number" || (typeof v === "string" && /^\s*\d+\s*$/.test(v)))) {
            return `${k} is not a count`;
        }
    }
    return undefined;
}
