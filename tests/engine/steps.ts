import { randomUUID } from "crypto";
import type { ResourceState, SnapshotManager } from "./checkpoint";
import { DiffResult, InitError, ProviderPlugin } from "./providerPlugin";
import { DEFAULT_PROVIDER_TYPE, ProviderRegistry, UNKNOWN_ID, filterProviderConfig, providerRef } from "./registry";
import type { Diagnostic, StepOp, StepRecord } from "./types";
import { PropertyMap, copy, inputsDiffer, isSecret, makeSecret, processIgnoreChanges } from "./values";

/**
 * The steps of pkg/resource/deploy/step.go and the step executor of
 * step_executor.go. Each step marks its operation pending in the checkpoint,
 * applies itself (at most one provider call), re-marks secrets, then ends its
 * mutation, in that order (step_executor.go:477-650), so the checkpoint after
 * any failure is the one the engine would have written.
 */

export interface StepContext {
    dryRun: boolean;
    snapshot: SnapshotManager;
    registry: ProviderRegistry;
    diag(d: Diagnostic): void;
}

export const isProviderType = (type: string) => type.startsWith("pulumi:providers:");

export abstract class Step {
    abstract readonly op: StepOp;
    /** Counted in the CLI's "Resources:" summary (Step.Logical). */
    readonly logical: boolean = true;
    /** A half-made create or update: the step failed but its state is kept (resource.StatusPartialFailure). */
    partial = false;
    /** Resolves the program's registration with this step's state (RegisterResourceEvent.Done). */
    complete?: (state: ResourceState) => void;
    detail?: string;

    constructor(
        readonly urn: string,
        readonly old: ResourceState | undefined,
        public neu: ResourceState | undefined,
    ) {}

    /** The resource the step is about (Step.Res). */
    res(): ResourceState {
        return (this.neu ?? this.old)!;
    }

    begin(_ctx: StepContext): void {}
    abstract apply(ctx: StepContext): Promise<void>;
    end(_ctx: StepContext, _successful: boolean): void {}
}

/** SameStep (step.go:173-205): the old ID and outputs carry over; a provider is configured with the OLD inputs. */
export class SameStep extends Step {
    readonly op = "same" as const;

    async apply(ctx: StepContext): Promise<void> {
        this.neu!.id = this.old!.id;
        this.neu!.outputs = this.old!.outputs;
        if (isProviderType(this.neu!.type)) {
            await ctx.registry.configure(this.urn, this.old!.id, this.old!.inputs);
        }
    }

    override end(ctx: StepContext, successful: boolean): void {
        if (successful) {
            ctx.snapshot.end(undefined, { done: [this.old!], added: [this.neu!] });
        }
    }
}

/**
 * CreateStep (step.go:321-507). In a preview the dynamic host is not called
 * (it does not support previews): the checked inputs become the outputs and
 * the ID stays empty (provider_plugin.go:1419-1445). A create that fails with
 * an init-failure detail keeps the ID, those properties as outputs and the
 * reasons as init errors (step.go:362-395, :439-447, pkg/engine/update.go:1419-1420).
 */
export class CreateStep extends Step {
    readonly op: StepOp;
    override readonly logical: boolean;

    constructor(
        urn: string,
        neu: ResourceState,
        private readonly replacement?: { old: ResourceState; pendingDelete: boolean },
    ) {
        super(urn, replacement?.old, neu);
        this.op = replacement ? "create-replacement" : "create";
        this.logical = !replacement;
    }

    override begin(ctx: StepContext): void {
        ctx.snapshot.begin(this.neu!, "creating");
    }

    async apply(ctx: StepContext): Promise<void> {
        const neu = this.neu!;
        if (isProviderType(neu.type)) {
            // Registry.Create (registry.go:893-982): a fresh UUID, or UnknownID in a preview, then Configure.
            neu.id = ctx.dryRun ? UNKNOWN_ID : randomUUID();
            await ctx.registry.configure(this.urn, neu.id, neu.inputs);
            neu.outputs = filterProviderConfig(neu.inputs);
        } else if (neu.custom) {
            if (ctx.dryRun) {
                neu.id = "";
                neu.outputs = copy(neu.inputs);
            } else {
                const prov = await ctx.registry.get(neu.provider);
                try {
                    const r = await prov.create(this.urn, neu.inputs);
                    neu.id = r.id;
                    neu.outputs = r.outputs;
                } catch (e) {
                    if (e instanceof InitError) {
                        neu.id = e.id;
                        neu.outputs = e.outputs;
                        neu.initErrors = e.reasons;
                        this.partial = true;
                    }
                    throw e;
                }
            }
        } else {
            neu.outputs = {};
        }
        const now = new Date().toISOString();
        neu.created = now;
        neu.modified = now;
        if (this.replacement?.pendingDelete) {
            // The old resource stays in the checkpoint, marked for deletion at the end of the run.
            this.replacement.old.delete = true;
        }
    }

    override end(ctx: StepContext, successful: boolean): void {
        ctx.snapshot.end(this.neu!, { added: successful ? [this.neu!] : [] });
    }
}

/**
 * UpdateStep (step.go:960-1130): Update gets the old OUTPUTS as olds, the old
 * inputs and ignoreChanges beside them. A preview calls nothing and shows the
 * new inputs as outputs. A half-made update keeps the new outputs with the OLD
 * inputs (update.go:1404-1415).
 */
export class UpdateStep extends Step {
    readonly op = "update" as const;

    constructor(
        urn: string,
        old: ResourceState,
        neu: ResourceState,
        private readonly ignoreChanges: string[],
    ) {
        super(urn, old, neu);
    }

    override begin(ctx: StepContext): void {
        ctx.snapshot.begin(this.neu!, "updating");
    }

    async apply(ctx: StepContext): Promise<void> {
        const old = this.old!;
        const neu = this.neu!;
        neu.id = old.id;
        neu.created = old.created;
        neu.modified = old.modified;
        if (isProviderType(neu.type)) {
            // Registry.Update (registry.go:984-1016): Configure with the new inputs, same ID.
            await ctx.registry.configure(this.urn, old.id, neu.inputs);
            neu.outputs = filterProviderConfig(neu.inputs);
        } else if (neu.custom) {
            if (ctx.dryRun) {
                neu.outputs = copy(neu.inputs);
            } else {
                const prov = await ctx.registry.get(neu.provider);
                try {
                    neu.outputs = (await prov.update(this.urn, old.id, old.inputs, old.outputs, neu.inputs, this.ignoreChanges)).outputs;
                } catch (e) {
                    if (e instanceof InitError) {
                        neu.outputs = e.outputs;
                        neu.initErrors = e.reasons;
                        neu.inputs = copy(old.inputs);
                        this.partial = true;
                    }
                    throw e;
                }
            }
        }
        neu.modified = new Date().toISOString();
    }

    override end(ctx: StepContext, successful: boolean): void {
        ctx.snapshot.end(this.neu!, successful ? { done: [this.old!], added: [this.neu!] } : {});
    }
}

export class DeleteProtectedError extends Error {
    constructor(urn: string) {
        // deleteProtectedError.Error (step.go:618-624).
        super(
            `resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\`, or use the command:\n\`pulumi state unprotect '${urn}'\``,
        );
    }
}

/**
 * DeleteStep (step.go:626-760): Delete(id, old outputs, old inputs). A
 * protected resource is refused unless it is being replaced; retainOnDelete
 * drops it from the state without calling the provider; a preview calls nothing.
 */
export class DeleteStep extends Step {
    readonly op: StepOp;
    override readonly logical: boolean;

    constructor(
        urn: string,
        old: ResourceState,
        private readonly replacing: boolean,
    ) {
        super(urn, old, undefined);
        this.op = replacing ? "delete-replaced" : "delete";
        this.logical = !replacing;
    }

    override begin(ctx: StepContext): void {
        ctx.snapshot.begin(this.old!, "deleting");
    }

    async apply(ctx: StepContext): Promise<void> {
        const old = this.old!;
        if (!this.replacing && old.protect) {
            throw new DeleteProtectedError(old.urn);
        }
        if (ctx.dryRun || old.retainOnDelete) {
            return;
        }
        if (isProviderType(old.type)) {
            ctx.registry.forget(providerRef(old.urn, old.id));
        } else if (old.custom) {
            await (await ctx.registry.get(old.provider)).delete(this.urn, old.id, old.inputs, old.outputs);
        }
    }

    override end(ctx: StepContext, successful: boolean): void {
        ctx.snapshot.end(this.old!, { done: successful ? [this.old!] : [] });
    }
}

/** ReplaceStep (step.go:1180-1215): the logical "replace" between the create and the delete; it does nothing itself. */
export class ReplaceStep extends Step {
    readonly op = "replace" as const;

    async apply(): Promise<void> {}
}

/**
 * ImportStep (step.go:1954-2100) for the `import` resource option: Read(id)
 * with NO properties and NO inputs (step.go:2037-2045); a missing resource or
 * missing inputs fail the import.
 */
export class ImportStep extends Step {
    readonly op = "import" as const;

    constructor(
        urn: string,
        neu: ResourceState,
        private readonly importId: string,
    ) {
        super(urn, undefined, neu);
    }

    override begin(ctx: StepContext): void {
        ctx.snapshot.begin(this.neu!, "importing");
    }

    async apply(ctx: StepContext): Promise<void> {
        const neu = this.neu!;
        const prov = await ctx.registry.get(neu.provider);
        const read = await prov.read(this.urn, this.importId, undefined, undefined);
        if (!read.id) {
            throw new Error(`resource '${this.importId}' does not exist`);
        }
        if (!read.inputs) {
            throw new Error("provider does not support importing resources; please try updating the 'pulumi-nodejs' plugin");
        }
        neu.id = read.id;
        neu.inputs = read.inputs;
        neu.outputs = read.outputs;
        const now = new Date().toISOString();
        neu.created = now;
        neu.modified = now;
    }

    override end(ctx: StepContext, successful: boolean): void {
        ctx.snapshot.end(this.neu!, { added: successful ? [this.neu!] : [] });
    }
}

/**
 * diffResource (step_generator.go:2974-3008): the provider's Diff; an
 * "unknown" answer makes the engine compare old and new inputs itself, with
 * ignoreChanges applied.
 */
export async function diffResource(
    prov: ProviderPlugin,
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
    allowUnknowns: boolean,
    ignoreChanges: string[],
): Promise<DiffResult> {
    const diff = await prov.diff(urn, id, oldInputs, oldOutputs, newInputs, ignoreChanges, allowUnknowns);
    if (diff.changes === "unknown") {
        const news = processIgnoreChanges(newInputs, oldInputs, ignoreChanges).inputs;
        return { ...diff, changes: inputsDiffer(oldInputs, news) ? "some" : "none" };
    }
    return diff;
}

/**
 * RefreshStep (step.go:1541-1720) of `pulumi refresh`: Read(id, old outputs,
 * old inputs); an empty ID means the resource is gone; inputs Read returns
 * replace the stored inputs; a successful Read clears init errors; then the
 * drift Diff(olds = refreshed outputs, news = OLD inputs) decides whether the
 * refresh shows an update.
 */
export class RefreshStep extends Step {
    readonly op = "refresh" as const;
    override readonly logical = false;
    gone = false;
    drift: "same" | "update" | "delete" = "same";

    constructor(old: ResourceState) {
        super(old.urn, old, old);
    }

    async apply(ctx: StepContext): Promise<void> {
        const old = this.old!;
        if (!old.custom || isProviderType(old.type)) {
            return;
        }
        const prov = await ctx.registry.get(old.provider);
        let refreshed: { id: string; outputs: PropertyMap; inputs?: PropertyMap };
        let initErrors: string[] | undefined;
        try {
            refreshed = await prov.read(this.urn, old.id, old.outputs, old.inputs);
        } catch (e) {
            if (!(e instanceof InitError)) {
                throw e;
            }
            // A partial failure does not fail the refresh: warn and keep the init errors (step.go:1597-1611).
            initErrors = e.reasons;
            refreshed = { id: e.id || old.id, outputs: e.outputs };
            ctx.diag({ severity: "warning", urn: this.urn, message: `Refreshed resource is in an unhealthy state:\n* ${e.reasons.join("\n* ")}` });
        }
        if (!refreshed.id) {
            this.gone = true;
            this.neu = undefined;
            this.drift = "delete";
            this.detail = "delete";
            return;
        }
        const neu: ResourceState = { ...old, id: refreshed.id, inputs: refreshed.inputs ?? old.inputs, outputs: refreshed.outputs, initErrors };
        if (!initErrors) {
            delete neu.initErrors;
        }
        if (inputsDiffer(neu.inputs, old.inputs) || inputsDiffer(neu.outputs, old.outputs)) {
            neu.modified = new Date().toISOString();
        }
        this.neu = neu;
        const diff = await diffResource(prov, this.urn, neu.id, neu.inputs, neu.outputs, old.inputs, ctx.dryRun, old.ignoreChanges ?? []);
        this.drift = diff.changes === "none" ? "same" : "update";
        this.detail = this.drift;
    }
}

/**
 * After a step, outputs named in additionalSecretOutputs and outputs whose
 * input of the same name is secret become secrets (step_executor.go:516-560).
 */
export function markSecretOutputs(state: ResourceState): void {
    for (const k of state.additionalSecretOutputs ?? []) {
        if (k !== "id" && k in state.outputs && !isSecret(state.outputs[k])) {
            state.outputs[k] = makeSecret(state.outputs[k]);
        }
    }
    for (const [k, out] of Object.entries(state.outputs)) {
        if (!isSecret(out) && isSecret(state.inputs[k])) {
            state.outputs[k] = makeSecret(out);
        }
    }
}

export function stepRecord(step: Step, ok: boolean): StepRecord {
    const res = step.res();
    const parts = step.urn.split("::");
    return { urn: step.urn, name: parts.slice(3).join("::"), type: res.type, op: step.op, ok, ...(step.detail ? { detail: step.detail } : {}) };
}

export const isDefaultProvider = (urn: string) => urn.split("::")[2] === DEFAULT_PROVIDER_TYPE && urn.endsWith("::default");
