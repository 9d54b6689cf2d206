import type { ResourceState } from "./checkpoint";
import type { ProviderPlugin } from "./providerPlugin";
import { DEFAULT_PROVIDER_TYPE, providerRef } from "./registry";
import { StepExecutor } from "./stepExecutor";
import { CreateStep, DeleteStep, ImportStep, ReplaceStep, SameStep, Step, StepContext, UpdateStep, diffResource, isProviderType } from "./steps";
import type { Goal } from "./types";
import { PropertyMap, copy, deepEqual, forProvider, isSecret, processIgnoreChanges } from "./values";

/**
 * The step generator (pkg/resource/deploy/step_generator.go) for a program
 * of dynamic resources: each registration is turned into steps one at a time
 * (the generator is a single loop; Check and Diff run inside it, as
 * ParallelDiff is off by default), and the steps go to the executor, which
 * runs independent resources concurrently.
 */

export class Unavailable extends Error {
    readonly code = 14; // grpc UNAVAILABLE: what a pending RegisterResource gets when the engine cancels
}

/** An error that ends the deployment (result.BailError). */
export class BailError extends Error {}

export interface GeneratorOptions {
    stack: string;
    project: string;
    dryRun: boolean;
    /** The default provider's inputs: the whole stack config, namespaced keys, secrets wrapped (deploy/target.go:46-71). */
    providerConfig: PropertyMap;
    base: ResourceState[];
    ctx: StepContext;
    executor: StepExecutor;
    /** Called when step generation fails (the deployment bails). */
    onBail(error: Error, urn?: string): void;
}

interface Pending {
    resolve(state: ResourceState): void;
    reject(e: Error): void;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export class StepGenerator {
    private queue: Promise<void> = Promise.resolve();
    private readonly urns = new Set<string>();
    private readonly sames = new Set<string>();
    private readonly creates = new Set<string>();
    private readonly updates = new Set<string>();
    private readonly replaces = new Set<string>();
    private readonly deletes = new Set<string>();
    private readonly imports = new Set<string>();
    private readonly olds = new Map<string, ResourceState>();
    private readonly news = new Map<string, ResourceState>();
    private readonly pending = new Set<Pending>();
    private defaultProvider?: Promise<string>;
    private stackOutputs?: { urn: string; outputs: PropertyMap };
    /** Errors a preview reports and steps past, so the user sees them all (sg.sawError); they fail the run at the end. */
    readonly sawErrors: string[] = [];

    constructor(private readonly opts: GeneratorOptions) {
        for (const r of opts.base) {
            if (!r.delete) {
                this.olds.set(r.urn, r);
            }
        }
    }

    /** Every pending registration learns the engine shut down (source_eval.go RegisterResource, `<-rm.cancel`). */
    cancelPending(): void {
        for (const p of this.pending) {
            p.reject(new Unavailable("resource monitor shut down while waiting on step's done channel"));
        }
        this.pending.clear();
    }

    /** generateURN (deployment.go): the parent's type qualifies the type unless the parent is the stack. */
    urnOf(goal: Goal): string {
        let qualified = goal.type;
        if (goal.parent) {
            const parentQualified = goal.parent.split("::")[2];
            if (parentQualified !== ROOT_STACK_TYPE) {
                qualified = `${parentQualified}$${goal.type}`;
            }
        }
        return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${qualified}::${goal.name}`;
    }

    /** RegisterResource: resolves with the state the program sees, rejects when the run fails first. */
    async registerResource(goal: Goal): Promise<ResourceState> {
        if (goal.unsupported.length > 0) {
            throw new BailError(`the test engine does not model ${goal.unsupported.join(", ")} (resource ${goal.name})`);
        }
        let provider: string | undefined;
        if (goal.custom) {
            if (!goal.type.startsWith("pulumi-nodejs:dynamic")) {
                throw new BailError(`the test engine hosts only dynamic resources, not ${goal.type}`);
            }
            provider = await this.defaultProviderRef();
        }
        return new Promise<ResourceState>((resolve, reject) => {
            const reg = this.track({ resolve, reject });
            this.generate(() => this.generateResourceSteps(goal, provider, reg), goal.name, reg);
        });
    }

    /** A registration waiting for its steps; the engine shutting down rejects it (and any that arrive after). */
    private track(p: Pending): Pending {
        const settle: Pending = {
            resolve: (s) => {
                this.pending.delete(settle);
                p.resolve(s);
            },
            reject: (e) => {
                this.pending.delete(settle);
                p.reject(e);
            },
        };
        this.pending.add(settle);
        return settle;
    }

    /** RegisterResourceOutputs: a stack's outputs are kept until the end of the run (step_executor.go:219-230). */
    registerResourceOutputs(urn: string, outputs: PropertyMap): void {
        if (urn.split("::")[2] === ROOT_STACK_TYPE) {
            this.stackOutputs = { urn, outputs };
            return;
        }
        const state = this.news.get(urn);
        if (state) {
            state.outputs = outputs;
            this.opts.ctx.snapshot.touched();
        }
    }

    /**
     * Writes the stack outputs at the end of the run; after a failure the old
     * outputs are kept under the new ones (deployment_executor.go:355-362,
     * step_executor.go:265-268).
     */
    finalizeStackOutputs(errored: boolean): PropertyMap | undefined {
        if (!this.stackOutputs) {
            return undefined;
        }
        const state = this.news.get(this.stackOutputs.urn);
        if (!state) {
            return undefined;
        }
        const old = this.olds.get(this.stackOutputs.urn);
        state.outputs = errored ? { ...(old?.outputs ?? {}), ...this.stackOutputs.outputs } : this.stackOutputs.outputs;
        this.opts.ctx.snapshot.touched();
        return state.outputs;
    }

    /** Runs one piece of generation after the previous one, as the generator's single loop does. */
    private generate(fn: () => Promise<void>, label: string, reg: Pending): void {
        this.queue = this.queue.then(async () => {
            if (this.opts.executor.canceled) {
                reg.reject(new Unavailable("resource monitor shut down while sending resource registration"));
                return;
            }
            try {
                await fn();
            } catch (e) {
                this.opts.onBail(e as Error, label);
            }
        });
    }

    /**
     * The default provider of the package (defaultProviders, source_eval.go):
     * registered on first use like any resource, with the stack config as its
     * inputs; CheckConfig and DiffConfig are unimplemented by the dynamic host,
     * so a config change is an update of the provider (same ID), never a replacement.
     */
    private defaultProviderRef(): Promise<string> {
        if (!this.defaultProvider) {
            const goal: Goal = {
                type: DEFAULT_PROVIDER_TYPE,
                name: "default",
                custom: true,
                parent: "",
                properties: copy(this.opts.providerConfig),
                dependencies: [],
                propertyDependencies: {},
                ignoreChanges: [],
                additionalSecretOutputs: [],
                importId: "",
                unsupported: [],
            };
            this.defaultProvider = new Promise<ResourceState>((resolve, reject) => {
                const reg = this.track({ resolve, reject });
                this.generate(() => this.generateResourceSteps(goal, undefined, reg), "default provider", reg);
            }).then((s) => providerRef(s.urn, s.id));
        }
        return this.defaultProvider;
    }

    private newState(goal: Goal, urn: string, provider: string | undefined): ResourceState {
        return {
            urn,
            custom: goal.custom,
            delete: false,
            id: "",
            type: goal.type,
            inputs: copy(goal.properties),
            outputs: {},
            ...(goal.parent ? { parent: goal.parent } : {}),
            protect: goal.protect ?? false,
            retainOnDelete: goal.retainOnDelete ?? false,
            dependencies: goal.dependencies,
            propertyDependencies: goal.propertyDependencies,
            ...(provider ? { provider } : {}),
            additionalSecretOutputs: goal.additionalSecretOutputs,
            ignoreChanges: goal.ignoreChanges,
            ...(goal.importId ? { importID: goal.importId } : {}),
        };
    }

    /** generateResourceSteps → continueStepsFromImport (step_generator.go:767-1250). */
    private async generateResourceSteps(goal: Goal, provider: string | undefined, reg: Pending): Promise<void> {
        const urn = this.urnOf(goal);
        if (this.urns.has(urn)) {
            throw new BailError(`Duplicate resource URN '${urn}'; try giving it a unique name`);
        }
        this.urns.add(urn);
        const old = this.olds.get(urn);
        const neu = this.newState(goal, urn, provider);
        this.news.set(urn, neu);
        const isProvider = isProviderType(goal.type);
        const prov = isProvider ? await this.opts.ctx.registry.unconfigured(urn) : goal.custom ? await this.opts.ctx.registry.get(provider) : undefined;

        // An import when the goal has an ID and nothing in state has it (step_generator.go:1123-1218).
        const oldImportId = old ? old.importID || old.id : "";
        if (goal.custom && goal.importId && (!old || oldImportId !== goal.importId)) {
            if (old) {
                throw new BailError(`the test engine does not model import-replacement (resource ${goal.name})`);
            }
            this.imports.add(urn);
            const step = new ImportStep(urn, neu, goal.importId);
            step.complete = (imported) => {
                // The import's continuation re-enters the generator with the imported state as old (step_generator.go:1136-1180).
                const fresh = this.newState(goal, urn, provider);
                this.news.set(urn, fresh);
                this.generate(() => this.continueSteps(goal, urn, imported, fresh, prov, reg, true), goal.name, reg);
            };
            void this.opts.executor.executeChain([step]);
            return;
        }
        await this.continueSteps(goal, urn, old, neu, prov, reg, false);
    }

    /** continueStepsFromImport (step_generator.go:1244-1786): ignoreChanges, Check, then Diff or create. */
    private async continueSteps(goal: Goal, urn: string, old: ResourceState | undefined, neu: ResourceState, prov: ProviderPlugin | undefined, reg: Pending, imported: boolean): Promise<void> {
        const dryRun = this.opts.dryRun;
        let inputs = neu.inputs;
        if (old) {
            // ignoreChanges copies the OLD INPUT value into the program's inputs before Check (:1264-1268).
            const r = processIgnoreChanges(inputs, old.inputs, goal.ignoreChanges);
            inputs = r.inputs;
            if (r.invalid.length > 0) {
                this.opts.ctx.diag({ severity: "info", urn, message: `cannot ignore changes in added or removed elements of the path: ${JSON.stringify(r.invalid.join(", "))}` });
            }
        }
        if (prov) {
            const isProvider = isProviderType(goal.type);
            // Check: no olds for a new resource; the old INPUTS otherwise (:1318-1340), and the old OUTPUTS as oldOutputs (step_generator.go:1418-1438 at v3.277.0).
            const checked = isProvider
                ? { inputs: await prov.checkConfig(urn, old?.inputs ?? {}, old ? inputs : goal.properties), failures: [] }
                : old
                  ? await prov.check(urn, old.inputs, inputs, dryRun, old.outputs)
                  : await prov.check(urn, undefined, goal.properties, dryRun);
            if (checked.failures.length > 0) {
                this.issueCheckFailures(goal, urn, neu, checked.failures);
                throw new BailError(`resource ${urn} is invalid`);
            }
            neu.inputs = checked.inputs;
        }

        let steps: Step[];
        if (old) {
            steps = await this.stepsFromDiff(goal, urn, old, neu, prov, imported);
        } else {
            this.creates.add(urn);
            steps = [new CreateStep(urn, neu)];
        }
        if (steps.length === 0) {
            // An import with no difference is done with the imported state (:1900-1906).
            reg.resolve(old!);
            return;
        }
        const last = steps.find((s) => s instanceof CreateStep || s instanceof UpdateStep || s instanceof SameStep)!;
        last.complete = (state) => reg.resolve(state);
        void this.opts.executor.executeChain(steps);
    }

    private issueCheckFailures(goal: Goal, urn: string, neu: ResourceState, failures: Array<{ property: string; reason: string }>): void {
        for (const f of failures) {
            // GetResourcePropertyInvalidValueError / GetResourceInvalidError (step_generator.go:3054-3073).
            const message = f.property
                ? `${goal.type} resource '${goal.name}': property ${f.property} value ${showValue(neu.inputs[f.property])} has a problem: ${f.reason}`
                : `${goal.type} resource '${goal.name}' has a problem: ${f.reason}`;
            this.opts.ctx.diag({ severity: "error", urn, message });
        }
    }

    /** sg.diff (step_generator.go:2884-2972). */
    private async diff(goal: Goal, urn: string, old: ResourceState, neu: ResourceState, prov: ProviderPlugin | undefined) {
        if (old.provider !== neu.provider) {
            throw new BailError(`the test engine does not model a change of provider (resource ${goal.name}: ${old.provider} → ${neu.provider})`);
        }
        if (!prov) {
            return { changes: deepEqual(old.inputs, neu.inputs) ? "none" : "some", replaces: [], deleteBeforeReplace: false } as const;
        }
        if (isProviderType(goal.type)) {
            // Registry.Diff (registry.go:732-786): DiffConfig unimplemented → compare old OUTPUTS with the new inputs.
            const d = await prov.diffConfig(urn, old.inputs, old.outputs, neu.inputs);
            if (d.changes === "unknown") {
                return { ...d, changes: deepEqual(old.outputs, neu.inputs) ? "none" : "some" } as const;
            }
            return d;
        }
        return diffResource(prov, urn, old.id, old.inputs, old.outputs, neu.inputs, this.opts.dryRun, goal.ignoreChanges);
    }

    /** generateStepsFromDiff + continueStepsFromDiff (step_generator.go:1788-2204). */
    private async stepsFromDiff(goal: Goal, urn: string, old: ResourceState, neu: ResourceState, prov: ProviderPlugin | undefined, imported: boolean): Promise<Step[]> {
        const dryRun = this.opts.dryRun;
        const diff = await this.diff(goal, urn, old, neu, prov);
        if (diff.changes !== "none" && diff.changes !== "some") {
            throw new BailError(`unrecognized diff state for ${urn}: ${diff.changes}`);
        }
        const hasInitErrors = (old.initErrors ?? []).length > 0;
        if (diff.changes === "some") {
            if (diff.replaces.length > 0) {
                // A protected resource cannot be replaced (:1951-1972); a preview reports it and goes on.
                if (neu.protect && old.protect) {
                    const message =
                        `unable to replace resource ${JSON.stringify(urn)}\nas it is currently marked for protection. To unprotect the resource, ` +
                        "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`";
                    this.opts.ctx.diag({ severity: "error", urn, message });
                    this.sawErrors.push(message);
                    if (!dryRun) {
                        throw new BailError(message);
                    }
                }
                if (goal.importId) {
                    const message = "previously-imported resources that still specify an ID may not be replaced; please remove the `import` declaration from your program";
                    if (dryRun) {
                        this.opts.ctx.diag({ severity: "warning", urn, message });
                    } else {
                        throw new BailError(message);
                    }
                }
                this.replaces.add(urn);
                if (prov) {
                    // The replacement is checked again from the raw program inputs, with NO olds (:2003-2020).
                    const rechecked = await prov.check(urn, undefined, goal.properties, dryRun);
                    if (rechecked.failures.length > 0) {
                        this.issueCheckFailures(goal, urn, neu, rechecked.failures);
                        throw new BailError(`resource ${urn} has check errors: ${rechecked.failures.map((f) => f.reason).join("; ")}`);
                    }
                    neu.inputs = rechecked.inputs;
                }
                // The resource option overrides the provider's choice (:2043-2046).
                const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
                if (deleteBeforeReplace) {
                    const dependents = this.opts.base.filter((r) => r !== old && dependsOn(r, urn));
                    if (dependents.length > 0) {
                        throw new BailError(
                            `the test engine does not model delete-before-replace of a resource others depend on (${urn} ← ${dependents.map((d) => d.urn).join(", ")})`,
                        );
                    }
                    this.deletes.add(urn);
                    // Delete the old now, then create the new (:2047-2156, steps emitted at :2142-2156).
                    return [new DeleteStep(urn, old, true), new ReplaceStep(urn, old, neu), new CreateStep(urn, neu, { old, pendingDelete: false })];
                }
                // Create-before-delete: the old is deleted with the other deletes at the end (:2159-2165).
                return [new CreateStep(urn, neu, { old, pendingDelete: true }), new ReplaceStep(urn, old, neu)];
            }
            this.updates.add(urn);
            return [new UpdateStep(urn, old, neu, goal.ignoreChanges)];
        }
        if (hasInitErrors) {
            // Unchanged but half-made: an update to finish it (:2182-2195).
            this.updates.add(urn);
            return [new UpdateStep(urn, old, neu, goal.ignoreChanges)];
        }
        if (imported) {
            return [];
        }
        this.sames.add(urn);
        return [new SameStep(urn, old, neu)];
    }

    /** Waits until every registration so far has been turned into steps. */
    async drained(): Promise<void> {
        let q: Promise<void>;
        do {
            q = this.queue;
            await q;
        } while (q !== this.queue);
    }

    private isOperatedOn(urn: string): boolean {
        return [this.sames, this.creates, this.updates, this.replaces, this.deletes, this.imports].some((s) => s.has(urn));
    }

    /**
     * GenerateDeletes (step_generator.go:2328-2541): resources pending deletion
     * from a replacement, and resources the program no longer registers. A
     * destroy is a run whose program registers nothing.
     */
    async generateDeletes(): Promise<Step[]> {
        const steps: Step[] = [];
        for (const res of this.opts.base) {
            if (res.delete) {
                steps.push(new DeleteStep(res.urn, res, true));
            } else if (!this.isOperatedOn(res.urn)) {
                this.deletes.add(res.urn);
                steps.push(new DeleteStep(res.urn, res, false));
            } else {
                continue;
            }
            // The provider is loaded from the old state for the delete (:2434-2443).
            if (res.provider && res.custom && !isProviderType(res.type)) {
                await this.opts.ctx.registry.ensureFromState(res.provider, this.opts.base);
            }
        }
        return steps;
    }
}

/**
 * ScheduleDeletes (step_generator.go:2747-2798): rounds of deletes that have
 * no condemned dependency left, reversed, so a resource goes before what it
 * depends on (its provider, its parent, its dependencies).
 */
export function scheduleDeletes(steps: Step[]): Step[][] {
    const condemned = new Set(steps);
    const rounds: Step[][] = [];
    while (condemned.size > 0) {
        const round: Step[] = [];
        for (const s of condemned) {
            const res = s.res();
            const blocked = [...condemned].some((o) => o !== s && dependsOn(res, o.urn));
            if (!blocked) {
                round.push(s);
            }
        }
        if (round.length === 0) {
            throw new Error("dependency cycle among deletes");
        }
        for (const s of round) {
            condemned.delete(s);
        }
        rounds.push(round);
    }
    return rounds.reverse();
}

/** Whether `res` depends on `urn`: parent, provider, dependencies or property dependencies (GetAllDependencies). */
export function dependsOn(res: ResourceState, urn: string): boolean {
    const provUrn = res.provider ? res.provider.split("::").slice(0, -1).join("::") : undefined;
    return (
        res.parent === urn ||
        provUrn === urn ||
        res.dependencies.includes(urn) ||
        Object.values(res.propertyDependencies ?? {}).some((deps) => deps.includes(urn))
    );
}

/** How the engine prints a value in a diagnostic: secrets as "[secret]" (PropertyValue.String). */
function showValue(v: unknown): string {
    const masked = (x: unknown): unknown =>
        isSecret(x) ? "[secret]" : Array.isArray(x) ? x.map(masked) : x !== null && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, masked(y)])) : x;
    return JSON.stringify(forProvider(masked(v))) ?? "undefined";
}
