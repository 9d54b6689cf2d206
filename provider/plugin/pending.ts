/**
 * What the engine has checked in this deployment and will still write: the
 * plugin's stand-in for the program's declarations, which a provider never
 * sees. The engine runs one plugin process per deployment and sends it every
 * Check and Diff of its resources before the program goes on, so by the time
 * a program's capacity invoke runs (after the resources its arguments come
 * from), this holds the changes those resources will make; a create or update
 * the engine applied leaves it. At a preview nothing is applied, so the
 * invoke projects all of them; at `up`, none that it waited for.
 *
 * What it cannot hold: a resource the program no longer declares (the engine
 * deletes it without asking the provider anything at preview), and a value
 * unknown at preview. Pure.
 */
import { CAPACITY_FIELDS, CAPACITY_KINDS, Declared, TRUNK_GROUP, pick, snapshotOf, TRUNK_GROUP_FIELDS } from "../capacity/declarations";
import { ManagedResource, ProgramChanges, TRUNK_GROUP_TYPE } from "../capacity/projection";
import { isUnknown } from "../kit/schema";

interface Entry {
    kind: string;
    name: string;
    olds: Record<string, unknown>;
    news: Record<string, unknown>;
}

/** The resource's name: the last part of urn:pulumi:stack::project::type::name. */
const nameOfUrn = (urn: string): string => urn.split("::").pop() ?? urn;

export interface PendingProjection {
    changes: ProgramChanges;
    /** Resources left out because a value the report needs is unknown at preview, by name. */
    unknown: string[];
}

export class PendingChanges {
    private readonly entries = new Map<string, Entry>();

    /** A Check that passed: the checked inputs are what a create or update will send. */
    checked(urn: string, kind: string, olds: Record<string, unknown>, news: Record<string, unknown>): void {
        if (!CAPACITY_KINDS.has(kind)) {
            return;
        }
        const fields = kind === TRUNK_GROUP ? TRUNK_GROUP_FIELDS : CAPACITY_FIELDS;
        this.entries.set(urn, { kind, name: nameOfUrn(urn), olds: pick(olds, fields), news: pick(news, fields) });
    }

    /** A Diff: with no changes the engine writes nothing, so nothing is pending. */
    diffed(urn: string, changes: boolean | undefined): void {
        if (changes === false) {
            this.entries.delete(urn);
        }
    }

    /** A create or update the engine applied: the live system has it now. */
    applied(urn: string): void {
        this.entries.delete(urn);
    }

    get size(): number {
        return this.entries.size;
    }

    /**
     * The pending declarations as a projection's changes; each one's old
     * inputs stand as what the stack manages, so a trunk group renamed or
     * moved leaves its old line.
     */
    projection(): PendingProjection {
        const declared: Declared[] = [];
        const managed: ManagedResource[] = [];
        const unknown: string[] = [];
        for (const [urn, e] of this.entries) {
            if (Object.values(e.news).some(isUnknown)) {
                unknown.push(e.name);
                continue;
            }
            declared.push({ kind: e.kind, name: e.name, urn, values: e.news, allow: false });
            if (e.kind === TRUNK_GROUP && Object.keys(e.olds).length > 0) {
                managed.push({ urn, type: TRUNK_GROUP_TYPE, outputs: e.olds });
            }
        }
        const snapshot = snapshotOf(declared);
        return {
            changes: { trunkGroups: snapshot.trunkGroups, groupCapacities: snapshot.groupCapacities, serviceProviderCapacities: snapshot.serviceProviderCapacities, managed },
            unknown,
        };
    }
}
