import * as fs from "fs";
import * as path from "path";
import { StateCrypter } from "./secrets";
import type { PropertyMap } from "./values";
import { ENGINE_COMMIT } from "./version";

/**
 * The stack's checkpoint, in the shape of Pulumi's file-backend checkpoint
 * (apitype.VersionedCheckpoint v3 / ResourceV3 field names), written after
 * every step the way the engine's SnapshotManager writes it
 * (pkg/backend/snapshot.go). Secrets are encrypted in the file.
 */

export type OperationType = "creating" | "updating" | "deleting" | "reading" | "importing";

export interface ResourceState {
    urn: string;
    custom: boolean;
    /** A resource replaced create-before-delete, waiting for its delete at the end of the run. */
    delete: boolean;
    id: string;
    type: string;
    inputs: PropertyMap;
    outputs: PropertyMap;
    parent?: string;
    protect: boolean;
    retainOnDelete: boolean;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** `urn::id` of the provider resource (custom resources only). */
    provider?: string;
    /** Reasons a create or update left the resource half-made (ErrorResourceInitFailed). */
    initErrors?: string[];
    additionalSecretOutputs: string[];
    ignoreChanges: string[];
    importID?: string;
    created?: string;
    modified?: string;
}

export interface PendingOperation {
    resource: ResourceState;
    type: OperationType;
}

interface CheckpointFile {
    version: 3;
    checkpoint: {
        stack: string;
        latest: {
            manifest: { time: string; magic: string; version: string };
            secrets_providers: { type: string; state: Record<string, unknown> };
            resources: ResourceState[];
            pending_operations?: PendingOperation[];
        };
    };
}

export interface Snapshot {
    resources: ResourceState[];
    pendingOperations: PendingOperation[];
}

export class CheckpointFileStore {
    constructor(
        readonly file: string,
        private readonly crypter: StateCrypter,
        private readonly stackName: string,
    ) {}

    load(): Snapshot {
        if (!fs.existsSync(this.file)) {
            return { resources: [], pendingOperations: [] };
        }
        const raw = JSON.parse(fs.readFileSync(this.file, "utf8")) as CheckpointFile;
        const latest = raw.checkpoint?.latest;
        const open = (r: ResourceState): ResourceState => ({
            ...r,
            inputs: this.crypter.decrypt(r.inputs ?? {}) as PropertyMap,
            outputs: this.crypter.decrypt(r.outputs ?? {}) as PropertyMap,
        });
        return {
            resources: (latest?.resources ?? []).map(open),
            pendingOperations: (latest?.pending_operations ?? []).map((op) => ({ ...op, resource: open(op.resource) })),
        };
    }

    /** Atomic, as the backend's write is: a reader never sees half a file. */
    save(snap: Snapshot): void {
        const seal = (r: ResourceState): ResourceState => ({
            ...r,
            inputs: this.crypter.encrypt(r.inputs) as PropertyMap,
            outputs: this.crypter.encrypt(r.outputs) as PropertyMap,
        });
        const body: CheckpointFile = {
            version: 3,
            checkpoint: {
                stack: this.stackName,
                latest: {
                    manifest: { time: new Date().toISOString(), magic: "", version: `pulumi-trunking test engine (pulumi/pulumi ${ENGINE_COMMIT})` },
                    secrets_providers: { type: "passphrase", state: {} },
                    resources: snap.resources.map(seal),
                    ...(snap.pendingOperations.length > 0 ? { pending_operations: snap.pendingOperations.map((op) => ({ ...op, resource: seal(op.resource) })) } : {}),
                },
            },
        };
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(body, null, 2));
        fs.renameSync(tmp, this.file);
    }
}

/**
 * The SnapshotManager's bookkeeping (pkg/backend/snapshot.go:432-700): a step
 * marks its operation pending before it runs and the resource new/done when it
 * ends; the snapshot is the new resources followed by the base ones not done
 * (Snap, :700-760), plus the operations still pending. Every mutation is
 * written at once, so a failure at any point leaves what the engine leaves.
 */
export class SnapshotManager {
    private readonly news: ResourceState[] = [];
    private readonly dones = new Set<ResourceState>();
    private readonly ops: PendingOperation[] = [];
    private readonly completeOps = new Set<ResourceState>();

    constructor(
        private base: ResourceState[],
        private readonly basePending: PendingOperation[],
        private readonly store: CheckpointFileStore | undefined,
    ) {}

    /** BeginMutation: the operation is pending until the step ends. */
    begin(res: ResourceState, type: OperationType): void {
        this.ops.push({ resource: res, type });
        this.write();
    }

    /** End: markOperationComplete, then markDone(old) / markNew(new) for a successful step. */
    end(pendingOn: ResourceState | undefined, changes: { done?: ResourceState[]; added?: ResourceState[] }): void {
        if (pendingOn) {
            this.completeOps.add(pendingOn);
        }
        for (const d of changes.done ?? []) {
            this.dones.add(d);
        }
        for (const n of changes.added ?? []) {
            this.news.push(n);
        }
        this.write();
    }

    /** After a refresh the base is rebuilt in memory and written (RebuiltBaseState, snapshot.go:228). */
    rebuildBase(resources: ResourceState[]): void {
        this.base = resources;
        this.write();
    }

    /** A resource's state changed in place (the `delete` flag of a create-before-delete replacement). */
    touched(): void {
        this.write();
    }

    snap(): Snapshot {
        const resources = [...this.news.filter((r) => !this.dones.has(r)), ...this.base.filter((r) => !this.dones.has(r))];
        const pendingOperations = this.ops.filter((op) => !this.completeOps.has(op.resource));
        // Pending creates of the base survive: they need the user to act (Snap, snapshot.go:763-772).
        pendingOperations.push(...this.basePending.filter((op) => op.type === "creating"));
        return { resources, pendingOperations };
    }

    private write(): void {
        this.store?.save(this.snap());
    }
}
