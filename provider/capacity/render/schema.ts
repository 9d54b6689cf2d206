/**
 * The shape of a capacity report (types.ts) as a JSON Schema, and a small
 * checker for the part of JSON Schema it uses, so `trunking-capacity render`
 * can refuse a file of another shape, naming the field, without a schema
 * library at run time. A test holds the checker to ajv on the same schema.
 * Keys the schema does not name are allowed: a report from a newer version
 * still renders.
 */

export interface Schema {
    type?: JsonType | JsonType[];
    enum?: readonly unknown[];
    properties?: Record<string, Schema>;
    required?: readonly string[];
    items?: Schema;
    minimum?: number;
    description?: string;
}

type JsonType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";

const int: Schema = { type: "integer" };
const capacity: Schema = { type: ["integer", "null"], minimum: -1, description: "-1 is unlimited; null: no number applies" };
const count: Schema = { type: "integer", minimum: -1 };
const bool: Schema = { type: "boolean" };
const str: Schema = { type: "string" };

const trunkGroupLine: Schema = {
    type: "object",
    required: ["name", "maxActiveCalls", "burstingMaxActiveCalls"],
    properties: { name: str, maxActiveCalls: count, burstingMaxActiveCalls: count },
};

const groupBefore: Schema = {
    type: "object",
    required: [
        "maxActiveCalls",
        "burstingMaxActiveCalls",
        "trunkGroups",
        "trunkGroupsCallCapacityTotal",
        "trunkGroupsBurstingCallCapacityTotal",
        "callCapacityOversubscribed",
        "burstingCallCapacityOversubscribed",
    ],
    properties: {
        maxActiveCalls: capacity,
        burstingMaxActiveCalls: capacity,
        trunkGroups: { type: "array", items: trunkGroupLine },
        trunkGroupsCallCapacityTotal: count,
        trunkGroupsBurstingCallCapacityTotal: count,
        callCapacityOversubscribed: bool,
        burstingCallCapacityOversubscribed: bool,
    },
};

const group: Schema = {
    type: "object",
    required: [
        "groupId",
        "groupName",
        "maxActiveCalls",
        "burstingMaxAvailableActiveCalls",
        "burstingMaxActiveCalls",
        "trunkGroups",
        "trunkGroupsCallCapacityTotal",
        "trunkGroupsBurstingCallCapacityTotal",
        "callCapacityDifference",
        "burstingCallCapacityDifference",
        "trunkGroupService",
        "maxAvailableActiveCalls",
        "callCapacityOversubscribed",
        "burstingCallCapacityOversubscribed",
    ],
    properties: {
        groupId: str,
        groupName: str,
        maxActiveCalls: capacity,
        burstingMaxAvailableActiveCalls: capacity,
        burstingMaxActiveCalls: capacity,
        trunkGroups: { type: "array", items: trunkGroupLine },
        trunkGroupsCallCapacityTotal: count,
        trunkGroupsBurstingCallCapacityTotal: count,
        callCapacityDifference: { type: ["integer", "null"] },
        burstingCallCapacityDifference: { type: ["integer", "null"] },
        trunkGroupService: { enum: ["assigned", "notAssigned"] },
        maxAvailableActiveCalls: capacity,
        callCapacityOversubscribed: bool,
        burstingCallCapacityOversubscribed: bool,
        before: groupBefore,
    },
};

export const REPORT_REQUIRED = [
    "serviceProviderId",
    "maxActiveCalls",
    "burstingMaxActiveCalls",
    "groupsCallCapacityTotal",
    "groupsBurstingCallCapacityTotal",
    "groups",
    "callCapacityDifference",
    "burstingCallCapacityDifference",
    "trunkGroupService",
    "callCapacityOversubscribed",
    "burstingCallCapacityOversubscribed",
] as const;

/** TrunkingCapacityReport (provider/capacity/types.ts), draft-07. */
export const CAPACITY_REPORT_SCHEMA: Schema = {
    type: "object",
    required: REPORT_REQUIRED,
    properties: {
        serviceProviderId: str,
        maxActiveCalls: capacity,
        burstingMaxActiveCalls: capacity,
        groupsCallCapacityTotal: count,
        groupsBurstingCallCapacityTotal: count,
        groups: { type: "array", items: group },
        callCapacityDifference: { type: ["integer", "null"] },
        burstingCallCapacityDifference: { type: ["integer", "null"] },
        trunkGroupService: { enum: ["assigned", "notAssigned"] },
        isEnterprise: bool,
        callCapacityOversubscribed: bool,
        burstingCallCapacityOversubscribed: bool,
        groupFilter: {
            type: "object",
            required: ["groupIds", "groupsInServiceProvider"],
            properties: { groupIds: { type: "array", items: str }, groupsInServiceProvider: int },
        },
        enterpriseTrunks: {
            type: "array",
            items: {
                type: "object",
                required: ["name", "maximumActiveCalls", "capacityManagementEnabled", "trunkGroups"],
                properties: {
                    name: str,
                    groupId: str,
                    maximumActiveCalls: { type: ["integer", "null"] },
                    capacityManagementEnabled: bool,
                    trunkGroups: {
                        type: "array",
                        items: { type: "object", required: ["groupId", "trunkGroupName"], properties: { groupId: str, trunkGroupName: str } },
                    },
                },
            },
        },
        projected: bool,
        before: {
            type: "object",
            required: [
                "maxActiveCalls",
                "burstingMaxActiveCalls",
                "groupsCallCapacityTotal",
                "groupsBurstingCallCapacityTotal",
                "callCapacityOversubscribed",
                "burstingCallCapacityOversubscribed",
            ],
            properties: {
                maxActiveCalls: capacity,
                burstingMaxActiveCalls: capacity,
                groupsCallCapacityTotal: count,
                groupsBurstingCallCapacityTotal: count,
                callCapacityOversubscribed: bool,
                burstingCallCapacityOversubscribed: bool,
            },
        },
    },
};

function typeOf(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "array";
    }
    if (typeof v === "number") {
        return Number.isInteger(v) ? "integer" : "number";
    }
    return typeof v;
}

function matchesType(v: unknown, t: JsonType): boolean {
    const actual = typeOf(v);
    return actual === t || (t === "number" && actual === "integer");
}

const describe = (types: JsonType[]) => types.map((t) => (t === "integer" ? "a whole number" : t === "null" ? "null" : t === "array" ? "a list" : `a ${t}`)).join(" or ");

function shown(v: unknown): string {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/**
 * Where `value` departs from `schema`: one line per problem, each naming the
 * field by its path (e.g. `groups[3].maxActiveCalls`), at most `limit`.
 */
export function schemaProblems(value: unknown, schema: Schema, limit = 5): string[] {
    const out: string[] = [];
    const walk = (v: unknown, s: Schema, path: string): void => {
        if (out.length >= limit) {
            return;
        }
        const where = path === "" ? "the report" : path;
        if (s.type !== undefined) {
            const types = Array.isArray(s.type) ? s.type : [s.type];
            if (!types.some((t) => matchesType(v, t))) {
                out.push(`${where}: expected ${describe(types)}, got ${shown(v)}`);
                return;
            }
        }
        if (s.enum && !s.enum.includes(v)) {
            out.push(`${where}: expected one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${shown(v)}`);
            return;
        }
        if (s.minimum !== undefined && typeof v === "number" && v < s.minimum) {
            out.push(`${where}: expected at least ${s.minimum}${s.minimum === -1 ? " (-1 is unlimited)" : ""}, got ${v}`);
            return;
        }
        if (s.items && Array.isArray(v)) {
            v.forEach((item, i) => walk(item, s.items!, `${path}[${i}]`));
        }
        if (typeOf(v) === "object") {
            const obj = v as Record<string, unknown>;
            const missing = (s.required ?? []).filter((k) => !(k in obj));
            if (missing.length > 0) {
                out.push(`${where}: missing ${missing.join(", ")}`);
            }
            for (const [k, sub] of Object.entries(s.properties ?? {})) {
                if (k in obj) {
                    walk(obj[k], sub, path === "" ? k : `${path}.${k}`);
                }
            }
        }
    };
    walk(value, schema, "");
    return out;
}
