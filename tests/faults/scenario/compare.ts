/**
 * The scenario's judge: what the simulators hold (the truth) against what the
 * engine's checkpoint holds and what the program declares. Pure: it takes the
 * three as data and returns every finding as a sentence naming the resource.
 */
import type { OdinSeed, WebexSeed } from "../../../provider/simulator";
import type { ResourceSpec } from "../../engine/fixtures";
import { SCENARIO_SP } from "./plan";

/** A resource of the checkpoint, as much as the judge needs. */
export interface HeldResource {
    name: string;
    type: string;
    id: string;
    outputs: Record<string, unknown>;
    initErrors?: string[];
    delete: boolean;
}

export interface Findings {
    /** Declared, but not in the state or not on the system. */
    lost: string[];
    /** On the system, and no resource of the state points at it. */
    orphaned: string[];
    /** Two resources of the state on one object, or one declared object twice on the system. */
    duplicated: string[];
    /** A value on the system, in the state or in the program that disagrees with the others. */
    wrongValues: string[];
    /** In the state but no longer declared, a pending operation, or init errors left over. */
    stuck: string[];
}

export const ODIN_TYPE = "pulumi-nodejs:dynamic/odin:TrunkGroup";
export const WEBEX_TYPE = "pulumi-nodejs:dynamic/webex:Trunk";

type Rec = Record<string, unknown>;

/** Odin answers numeric-looking strings as numbers; absent and null are one "unset". */
function same(a: unknown, b: unknown): boolean {
    const norm = (v: unknown) => (v === undefined || v === null ? null : typeof v === "number" ? String(v) : typeof v === "object" ? JSON.stringify(v) : v);
    return norm(a) === norm(b);
}

export function judge(
    declared: readonly ResourceSpec[],
    secrets: Readonly<Record<string, string>>,
    held: readonly HeldResource[],
    pendingOperations: number,
    odin: OdinSeed,
    webex: WebexSeed,
    serviceProviderId = SCENARIO_SP,
): Findings {
    const f: Findings = { lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] };
    const live = held.filter((r) => !r.delete);
    if (pendingOperations > 0) {
        f.stuck.push(`${pendingOperations} pending operation(s) left in the checkpoint`);
    }
    for (const r of held) {
        if (r.initErrors && r.initErrors.length > 0) {
            f.stuck.push(`${r.name}: init errors left over: ${r.initErrors.join("; ")}`);
        }
        if (r.delete) {
            f.stuck.push(`${r.name}: still marked for deletion`);
        }
    }
    const names = new Set(declared.map((d) => d.name));
    for (const r of live) {
        if (!names.has(r.name)) {
            f.stuck.push(`${r.name}: in the state although the program no longer declares it`);
        }
    }

    // --- Odin: trunk groups by key ---------------------------------------------------
    const sp = odin.serviceProviders.find((s) => s.serviceProviderId === serviceProviderId);
    const onSystem = new Map<string, Rec>();
    for (const g of sp?.groups ?? []) {
        for (const t of (g.trunkGroups ?? []) as unknown as Rec[]) {
            onSystem.set(`${g.groupId}/${String(t.name)}`, t);
        }
    }
    const claimed = new Map<string, string>();
    for (const r of live.filter((x) => x.type === ODIN_TYPE)) {
        const key = `${String(r.outputs.groupId)}/${String(r.outputs.name)}`;
        const other = claimed.get(key);
        if (other) {
            f.duplicated.push(`${r.name} and ${other} both hold trunk group ${key}`);
        }
        claimed.set(key, r.name);
    }
    for (const key of onSystem.keys()) {
        if (!claimed.has(key)) {
            f.orphaned.push(`trunk group ${key} exists in BroadWorks but no resource of the state holds it`);
        }
    }

    // --- Webex: trunks by id ---------------------------------------------------------
    const trunks = new Map<string, Rec>(((webex.trunks ?? []) as unknown as Rec[]).map((t) => [String(t.id), t]));
    const byName = new Map<string, number>();
    for (const t of trunks.values()) {
        const n = String(t.name).toLowerCase();
        byName.set(n, (byName.get(n) ?? 0) + 1);
    }
    const heldIds = new Map<string, string>();
    for (const r of live.filter((x) => x.type === WEBEX_TYPE)) {
        const other = heldIds.get(r.id);
        if (other) {
            f.duplicated.push(`${r.name} and ${other} both hold Webex trunk ${r.id}`);
        }
        heldIds.set(r.id, r.name);
    }
    for (const [id, t] of trunks) {
        if (!heldIds.has(id)) {
            f.orphaned.push(`Webex trunk ${JSON.stringify(t.name)} (${id}) exists but no resource of the state holds it`);
        }
    }
    for (const [n, count] of byName) {
        if (count > 1) {
            f.duplicated.push(`${count} Webex trunks named ${JSON.stringify(n)}`);
        }
    }

    // --- every declared resource: held, on the system, with the declared values ------
    for (const d of declared) {
        const r = live.find((x) => x.name === d.name);
        if (!r) {
            f.lost.push(`${d.name}: declared but not in the state`);
            continue;
        }
        const secretArgs = Object.fromEntries(Object.entries(d.secrets ?? {}).map(([arg, key]) => [arg, secrets[key]]));
        const want: Rec = { ...d.args, ...secretArgs };
        let system: Rec | undefined;
        if (d.kind === "TrunkGroup") {
            system = onSystem.get(`${String(d.args.groupId)}/${String(r.outputs.name)}`);
            if (!system) {
                f.lost.push(`${d.name}: the state holds trunk group ${String(r.outputs.groupId)}/${String(r.outputs.name)}, which BroadWorks does not have`);
                continue;
            }
        } else {
            system = trunks.get(r.id);
            if (!system) {
                f.lost.push(`${d.name}: the state holds Webex trunk ${r.id}, which Webex does not have`);
                continue;
            }
        }
        for (const [k, v] of Object.entries(want)) {
            if (d.kind === "TrunkGroup" && (k === "serviceProviderId" || k === "groupId")) {
                continue; // keys of the lookup above
            }
            if (!same(system[k], v)) {
                f.wrongValues.push(`${d.name}.${k}: the program says ${show(k, v)}, the system has ${show(k, system[k])}`);
            }
            if (!same(r.outputs[k], v)) {
                f.wrongValues.push(`${d.name}.${k}: the program says ${show(k, v)}, the state holds ${show(k, r.outputs[k])}`);
            }
        }
        if (d.kind === "TrunkGroup") {
            // Fields the program left out: the state shows what the system has.
            for (const k of ["maxIncomingCalls", "maxOutgoingCalls", "burstingMaxActiveCalls", "pilotUserId"]) {
                if (!(k in want) && k in r.outputs && !same(r.outputs[k], system[k])) {
                    f.wrongValues.push(`${d.name}.${k}: the state holds ${show(k, r.outputs[k])}, the system has ${show(k, system[k])}`);
                }
            }
        }
    }
    return f;
}

function show(key: string, v: unknown): string {
    return /password/i.test(key) ? (v === undefined || v === null ? "none" : "another password") : JSON.stringify(v ?? null);
}
