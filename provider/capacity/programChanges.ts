/**
 * In the program's process: what the program declares (the kit's record of
 * every resource it constructs) and what its stack manages (the engine's
 * builtin `pulumi:pulumi:readStackResourceOutputs`, the stack's last
 * checkpoint), as the plain values a projected capacity report needs.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeclaredResource, declaredResources } from "../kit/declared";
import { within } from "../odin/capacityPreview";
import { notWaitingMessage } from "../odin/trunkGroup/capacityError";
import type { FetchedCapacity } from "./fetch";
import type { Exemptions } from "./policy";
import { CAPACITY_FIELDS, CAPACITY_KINDS, Declared, ProgramSnapshot, TRUNK_GROUP, TRUNK_GROUP_FIELDS, pick, snapshotOf } from "./declarations";
import { GROUP_CAPACITY_TYPE, ManagedResource, SERVICE_PROVIDER_CAPACITY_TYPE, TRUNK_GROUP_TYPE } from "./projection";

/**
 * The program's Odin resources as plain values: unknown (the Output is) while
 * any value the report needs is unknown, so a preview never shows a guess.
 * Only the fields a capacity report reads are resolved, so a secret input
 * (a SIP password) never makes the report a secret.
 */
export function declaredProgram(list: readonly DeclaredResource[] = declaredResources()): pulumi.Output<ProgramSnapshot> {
    const relevant = list.filter((d) => CAPACITY_KINDS.has(d.kind));
    const each = relevant.map((d) =>
        pulumi.output({
            kind: d.kind,
            name: d.name,
            urn: d.resource.urn,
            values: pick(d.args, d.kind === TRUNK_GROUP ? TRUNK_GROUP_FIELDS : CAPACITY_FIELDS),
            allow: pulumi.output(d.options.allowOversubscription ?? false),
        }) as unknown as pulumi.Output<Declared>,
    );
    return pulumi.all(each).apply((ds) => snapshotOf(ds));
}

export function exemptionsFor(snapshot: ProgramSnapshot, serviceProviderId: string): Exemptions {
    const mine = snapshot.allowed.filter((a) => a.serviceProviderId === serviceProviderId);
    return { serviceProvider: mine.some((a) => a.groupId === undefined), groupIds: new Set(mine.flatMap((a) => (a.groupId !== undefined ? [a.groupId] : []))) };
}

const READ_STACK = "pulumi:pulumi:readStackResourceOutputs";
const MANAGED_TYPES = new Set([TRUNK_GROUP_TYPE, GROUP_CAPACITY_TYPE, SERVICE_PROVIDER_CAPACITY_TYPE]);

/**
 * The Odin resources of this stack's last checkpoint, through the engine's
 * builtin (pkg/resource/deploy/builtins.go). When the engine cannot answer,
 * none, and a note: then what the program no longer declares stays in the
 * projection.
 */
export async function managedResources(): Promise<{ managed: ManagedResource[]; note?: string }> {
    const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    try {
        const r = (await pulumi.runtime.invoke(READ_STACK, { stackName })) as { outputs?: Record<string, { type?: unknown; outputs?: Record<string, unknown> }> };
        const managed = Object.entries(r?.outputs ?? {})
            .filter(([, v]) => typeof v?.type === "string" && MANAGED_TYPES.has(v.type))
            .map(([urn, v]) => ({ urn, type: String(v.type), outputs: v.outputs ?? {} }));
        return { managed };
    } catch (e) {
        return {
            managed: [],
            note:
                `the projected capacity report could not read what stack ${stackName} manages (${(e as Error)?.message ?? String(e)}): ` +
                "trunk groups this stack manages but the program no longer declares are shown as they are now",
        };
    }
}

/**
 * The resources a declared resource waits for: its dependsOn and the
 * resources behind the Outputs in its arguments, and theirs in turn, among
 * the program's declared resources.
 */
export async function waitsFor(list: readonly DeclaredResource[] = declaredResources()): Promise<Map<pulumi.Resource, Set<pulumi.Resource>>> {
    const direct = new Map<pulumi.Resource, pulumi.Resource[]>();
    for (const d of list) {
        const deps = await resourcesIn(d.dependsOn);
        for (const v of Object.values(d.args)) {
            deps.push(...(await outputResources(v)));
        }
        direct.set(d.resource, deps);
    }
    const closure = new Map<pulumi.Resource, Set<pulumi.Resource>>();
    const visit = (r: pulumi.Resource, seen: Set<pulumi.Resource>) => {
        for (const dep of direct.get(r) ?? []) {
            if (!seen.has(dep)) {
                seen.add(dep);
                visit(dep, seen);
            }
        }
    };
    for (const d of list) {
        const seen = new Set<pulumi.Resource>();
        visit(d.resource, seen);
        closure.set(d.resource, seen);
    }
    return closure;
}

async function resourcesIn(x: unknown): Promise<pulumi.Resource[]> {
    if (x === undefined || x === null) {
        return [];
    }
    if (Array.isArray(x)) {
        return (await Promise.all(x.map(resourcesIn))).flat();
    }
    if (pulumi.Resource.isInstance(x)) {
        return [x];
    }
    if (pulumi.Output.isInstance(x)) {
        const inner = (x as unknown as { promise?: () => Promise<unknown> }).promise;
        return typeof inner === "function" ? resourcesIn(await inner.call(x)) : [];
    }
    if (x instanceof Promise) {
        return resourcesIn(await x);
    }
    return [];
}

/** The resources an Output argument comes from (the SDK's own bookkeeping, read where it offers it). */
async function outputResources(v: unknown): Promise<pulumi.Resource[]> {
    if (!pulumi.Output.isInstance(v)) {
        return [];
    }
    const o = v as unknown as { allResources?: () => Promise<Set<pulumi.Resource>>; resources?: () => Set<pulumi.Resource> };
    try {
        const set = typeof o.allResources === "function" ? await o.allResources() : (o.resources?.() ?? new Set());
        return [...set];
    } catch {
        return [];
    }
}

/**
 * TrunkGroups that need a group capacity this program raises, but that the
 * engine is free to write before the GroupTrunkingCapacity (nothing makes it
 * wait): one message each, to fail the preview with. A trunk group the
 * stack already has with that maxActiveCalls in that group is not written
 * again, and needs nothing.
 */
export async function notWaiting(snapshot: ProgramSnapshot, live: FetchedCapacity, managed: readonly ManagedResource[], list: readonly DeclaredResource[] = declaredResources()): Promise<string[]> {
    const sp = live.serviceProviderId;
    const candidates = snapshot.trunkGroups.filter((t) => {
        if (t.serviceProviderId !== sp) {
            return false;
        }
        const was = managed.find((m) => m.urn === t.urn)?.outputs;
        return !(was && was.serviceProviderId === sp && was.groupId === t.groupId && was.maxActiveCalls === t.maxActiveCalls);
    });
    if (candidates.length === 0) {
        return [];
    }
    const byUrn = new Map<string, DeclaredResource>();
    await Promise.all(list.map(async (d) => byUrn.set(await urnOf(d.resource), d)));
    const closure = await waitsFor(list);
    const out: string[] = [];
    for (const t of candidates) {
        const cap = snapshot.groupCapacities.find((c) => c.serviceProviderId === sp && c.groupId === t.groupId && c.maxActiveCalls !== undefined);
        const now = live.groups.find((g) => g.groupId === t.groupId)?.capacity?.maxActiveCalls;
        if (!cap || now === undefined || within(t.maxActiveCalls, now) || !within(t.maxActiveCalls, cap.maxActiveCalls!)) {
            continue;
        }
        const tg = byUrn.get(t.urn);
        const capacity = byUrn.get(cap.urn);
        if (tg && capacity && closure.get(tg.resource)?.has(capacity.resource)) {
            continue;
        }
        out.push(
            `TrunkGroup "${snapshot.names[t.urn] ?? t.urn}": ` +
                notWaitingMessage(t, t.maxActiveCalls, now, cap.maxActiveCalls!).replace("List that GroupTrunkingCapacity", `List GroupTrunkingCapacity "${snapshot.names[cap.urn] ?? cap.urn}"`),
        );
    }
    return out;
}

function urnOf(r: pulumi.CustomResource): Promise<string> {
    return new Promise((resolve) => r.urn.apply((u) => resolve(u)));
}
