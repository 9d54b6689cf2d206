import { CheckpointFileStore, ResourceState, SnapshotManager } from "./checkpoint";
import { HostHooks, RequestRecorder } from "./hostProcess";
import { MonitorServer, startMonitor } from "./monitor";
import { startProgram } from "./program";
import { ProviderRegistry } from "./registry";
import { StepExecutor } from "./stepExecutor";
import { BailError, StepGenerator, dependsOn, scheduleDeletes } from "./stepGenerator";
import { RefreshStep, Step, StepContext, isDefaultProvider, isProviderType } from "./steps";
import type { Command, Diagnostic, RunSummary, StepOp } from "./types";
import { PropertyMap, isSecret, makeSecret, plain } from "./values";

/**
 * One command against one stack: `up`/`preview` run the program and step
 * what it registers (pkg/resource/deploy/deployment_executor.go Execute),
 * `refresh` reads every resource in the state (:696-866), `destroy` deletes
 * them all (a run whose source registers nothing, pkg/engine/destroy.go).
 */

export interface DeploymentOptions {
    command: Command;
    programDir: string;
    entry: string;
    store: CheckpointFileStore;
    organization: string;
    project: string;
    stack: string;
    rootDirectory: string;
    config: Record<string, string>;
    secretKeys: string[];
    programEnv: NodeJS.ProcessEnv;
    hostEnv: NodeJS.ProcessEnv;
    programNode?: string;
    hostNode?: string;
    hostHooks?: HostHooks;
    parallel: number;
    programTimeoutMs: number;
    expectNoChanges: boolean;
}

const SDK_SEVERITY_ERROR = "error";
/** The SDK's exit code after it logged the error itself (nodeJSProcessExitedAfterShowingUserActionableMessage). */
const EXIT_AFTER_LOGGED_ERROR = 32;

export async function runDeployment(opts: DeploymentOptions): Promise<RunSummary> {
    const dryRun = opts.command === "preview";
    const base = opts.store.load();
    const snapshot = new SnapshotManager(base.resources, base.pendingOperations, dryRun ? undefined : opts.store);
    const recorder = new RequestRecorder();
    const registry = new ProviderRegistry({ cwd: opts.programDir, env: opts.hostEnv, hooks: opts.hostHooks, recorder, node: opts.hostNode });
    const diagnostics: Diagnostic[] = [];
    const errors: string[] = [];
    const ctx: StepContext = { dryRun, snapshot, registry, diag: (d) => diagnostics.push(d) };
    const summary: RunSummary = {
        command: opts.command,
        ok: false,
        errors,
        steps: [],
        changes: {},
        outputs: {},
        secretOutputs: [],
        diagnostics,
        requests: recorder.requests,
        hostOutput: "",
    };
    if (base.pendingOperations.length > 0) {
        // printPendingOperationsWarning (deployment_executor.go:90-115).
        diagnostics.push({
            severity: "warning",
            message: `Attempting to deploy or update resources with ${base.pendingOperations.length} pending operations from previous deployment: ${base.pendingOperations.map((o) => `${o.resource.urn} (${o.type})`).join(", ")}`,
        });
    }
    let executor: StepExecutor | undefined;
    try {
        if (opts.command === "refresh") {
            executor = await refresh(opts, base.resources, ctx, snapshot, registry, errors);
        } else {
            executor = await update(opts, base.resources, ctx, errors, summary);
        }
    } finally {
        summary.hostOutput = await registry.output();
        // The engine reads a dynamic-provider plugin's stdout and stderr line by line and shows each
        // non-blank line as an info diagnostic without a URN, stderr as info#err (plugin.go runtrace;
        // only non-dynamic resource plugins have their output hidden).
        for (const line of await registry.lines()) {
            diagnostics.push({ severity: line.stream === "stderr" ? "info#err" : "info", message: line.text });
        }
        await registry.close();
    }
    summary.steps = executor.records;
    for (const e of executor.errors) {
        errors.push((e.error as Error)?.message ?? String(e.error));
    }
    summary.changes = countChanges(opts.command, executor.records);
    if (opts.expectNoChanges && errors.length === 0 && hasChanges(summary.changes)) {
        // --expect-no-changes (pkg/cmd/pulumi/operations/up.go:305-306, pkg/engine/update.go:531-542).
        errors.push(`no changes were expected for ${opts.command === "up" ? "update" : opts.command} but changes were proposed`);
    }
    summary.errors = [...new Set(errors)];
    summary.ok = summary.errors.length === 0;
    return summary;
}

async function update(opts: DeploymentOptions, base: ResourceState[], ctx: StepContext, errors: string[], summary: RunSummary): Promise<StepExecutor> {
    const dryRun = ctx.dryRun;
    // The default provider's inputs: every config key, namespaced, secrets still secret (deploy/target.go:46-71).
    const providerConfig: PropertyMap = {};
    for (const [k, v] of Object.entries(opts.config)) {
        providerConfig[k] = opts.secretKeys.includes(k) ? makeSecret(v) : v;
    }
    const cancelPending = { fn: () => {} };
    const executor = new StepExecutor(ctx, opts.parallel, () => cancelPending.fn());
    const gen = new StepGenerator({
        stack: opts.stack,
        project: opts.project,
        dryRun,
        providerConfig,
        base,
        ctx,
        executor,
        onBail: (e, label) => {
            if (!(e instanceof BailError) || !/ is invalid$/.test(e.message)) {
                ctx.diag({ severity: "error", message: `${label}: ${e.message}` });
            }
            errors.push(e.message);
            executor.cancel();
        },
    });
    cancelPending.fn = () => gen.cancelPending();
    if (opts.command === "destroy") {
        await postSteps(gen, executor, base);
        return executor;
    }

    let finishing: Promise<void> | undefined;
    let programFailed = false;
    // Once the program has said it is done, finish its steps and run the deletes (performPostSteps, :446-563).
    const finish = () => {
        finishing ??= (async () => {
            await gen.drained();
            await executor.idle();
            if (!executor.canceled && !programFailed && gen.sawErrors.length === 0) {
                await postSteps(gen, executor, base);
            }
        })();
        return finishing;
    };
    let monitor: MonitorServer | undefined;
    const programLogErrors: string[] = [];
    try {
        monitor = await startMonitor({
            registerResource: (goal) => gen.registerResource(goal),
            registerResourceOutputs: (urn, outputs) => gen.registerResourceOutputs(urn, outputs),
            invoke: async (tok, args) => builtinInvoke(opts, tok, args),
            shutdown: () => (executor.canceled ? Promise.resolve() : finish()),
            log: (d) => {
                ctx.diag(d);
                if (d.severity === SDK_SEVERITY_ERROR) {
                    programLogErrors.push(d.message);
                }
            },
            deploymentInfo: () => ({
                project: opts.project,
                stack: opts.stack,
                organization: opts.organization,
                config: opts.config,
                configSecretKeys: opts.secretKeys,
                dryRun,
                parallel: opts.parallel,
            }),
        });
        const program = startProgram({
            programDir: opts.programDir,
            entry: opts.entry,
            monitorAddress: monitor.address,
            engineAddress: monitor.address,
            organization: opts.organization,
            project: opts.project,
            stack: opts.stack,
            rootDirectory: opts.rootDirectory,
            dryRun,
            parallel: opts.parallel,
            config: opts.config,
            secretKeys: opts.secretKeys,
            env: opts.programEnv,
            node: opts.programNode,
        });
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), opts.programTimeoutMs)));
        const exit = await Promise.race([program.exited, timedOut]);
        clearTimeout(timer);
        if (exit === "timeout") {
            program.kill();
            errors.push(`the program did not finish within ${opts.programTimeoutMs} ms`);
            programFailed = true;
            executor.cancel();
        } else if (exit !== 0) {
            // RunResponse (main.go:1034-1061): exit code 32 means the program logged its error itself.
            programFailed = true;
            if (exit !== EXIT_AFTER_LOGGED_ERROR) {
                errors.push(`Program exited with non-zero exit code: ${exit}`);
            }
            errors.push(...programLogErrors);
        }
        summary.program = { stdout: program.stdout(), stderr: program.stderr(), exitCode: exit === "timeout" ? null : exit };
        // An SDK that never signalled still gets its deletes once it exits cleanly (source_eval.go:380-389).
        await finish();
        await executor.idle();
        errors.push(...gen.sawErrors);
    } finally {
        const errored = errors.length > 0 || executor.errors.length > 0;
        const outs = gen.finalizeStackOutputs(errored);
        if (outs) {
            for (const [k, v] of Object.entries(outs)) {
                summary.outputs[k] = plain(v);
                if (isSecret(v)) {
                    summary.secretOutputs.push(k);
                }
            }
        }
        await monitor?.close();
    }
    return executor;
}

/**
 * Deletes in dependency order, in rounds run in parallel (performPostSteps,
 * deployment_executor.go:470-556): after a refused delete of a protected
 * resource, what it depends on is left in place.
 */
async function postSteps(gen: StepGenerator, executor: StepExecutor, base: ResourceState[]): Promise<void> {
    const steps = await gen.generateDeletes();
    const skipped = new Set<string>();
    for (const round of scheduleDeletes(steps)) {
        if (executor.canceled) {
            return;
        }
        for (const failed of executor.erroredSteps) {
            for (const dep of transitiveDependencies(failed.res(), base)) {
                skipped.add(dep);
            }
        }
        await executor.executeParallel(round.filter((s) => !skipped.has(s.urn)));
    }
}

function transitiveDependencies(res: ResourceState, all: ResourceState[]): Set<string> {
    const out = new Set<string>();
    const visit = (r: ResourceState) => {
        for (const other of all) {
            if (!out.has(other.urn) && dependsOn(r, other.urn)) {
                out.add(other.urn);
                visit(other);
            }
        }
    };
    visit(res);
    return out;
}

/**
 * `pulumi refresh` without running the program (deployment_executor.go:696-866):
 * providers come from the state, every resource is read in parallel, and the
 * rebuilt state is written once at the end, even if some reads failed.
 */
async function refresh(
    opts: DeploymentOptions,
    base: ResourceState[],
    ctx: StepContext,
    snapshot: SnapshotManager,
    registry: ProviderRegistry,
    errors: string[],
): Promise<StepExecutor> {
    const executor = new StepExecutor(ctx, opts.parallel, () => undefined);
    const steps = new Map<ResourceState, RefreshStep>();
    for (const res of base) {
        if (res.custom && !isProviderType(res.type) && res.provider) {
            try {
                await registry.ensureFromState(res.provider, base);
            } catch (e) {
                errors.push(`could not load provider for resource ${res.urn}: ${(e as Error).message}`);
                return executor;
            }
        }
        steps.set(res, new RefreshStep(res));
    }
    await executor.executeParallel([...steps.values()]);
    // rebuildBaseState (deployment_executor.go:868-960): drop what is gone, repair dependency lists.
    const referenceable = new Set<string>();
    const rebuilt: ResourceState[] = [];
    for (const res of base) {
        const step = steps.get(res);
        const state = step ? (step.gone ? undefined : step.neu) : res;
        if (!state) {
            continue;
        }
        if (state.dependencies.length > 0) {
            state.dependencies = state.dependencies.filter((d) => referenceable.has(d));
        }
        const pd: Record<string, string[]> = {};
        for (const [k, deps] of Object.entries(state.propertyDependencies ?? {})) {
            pd[k] = deps.filter((d) => referenceable.has(d));
        }
        state.propertyDependencies = pd;
        rebuilt.push(state);
        referenceable.add(state.urn);
    }
    snapshot.rebuildBase(rebuilt);
    return executor;
}

/** The "Resources:" line: logical, non-internal steps by op; a refresh counts what each read found (ResultOp). */
function countChanges(command: Command, records: RunSummary["steps"]): Partial<Record<StepOp, number>> {
    const out: Partial<Record<StepOp, number>> = {};
    for (const r of records) {
        if (!r.ok || isDefaultProvider(r.urn)) {
            continue;
        }
        let op: StepOp | undefined = r.op;
        if (command === "refresh") {
            if (isProviderType(r.type)) {
                continue;
            }
            op = (r.detail as StepOp) ?? "same";
        } else if (op === "create-replacement" || op === "delete-replaced" || op === "refresh") {
            op = undefined;
        }
        if (op) {
            out[op] = (out[op] ?? 0) + 1;
        }
    }
    return out;
}

function hasChanges(changes: Partial<Record<StepOp, number>>): boolean {
    return Object.entries(changes).some(([op, n]) => op !== "same" && op !== "read" && (n ?? 0) > 0);
}

export type { Step };

const READ_STACK_RESOURCE_OUTPUTS = "pulumi:pulumi:readStackResourceOutputs";

/**
 * The one builtin function modelled: `pulumi:pulumi:readStackResourceOutputs`
 * (pkg/resource/deploy/builtins.go readStackResourceOutputs; the backend's
 * GetStackResourceOutputs in pkg/backend/backend.go): `{ name, outputs: { <urn>:
 * { type, outputs } } }` for every resource of the named stack's checkpoint as
 * it is at the call (resources waiting for a replacement's delete left out),
 * secrets kept secret. Any other function is refused as not modelled.
 */
async function builtinInvoke(opts: DeploymentOptions, tok: string, args: PropertyMap): Promise<PropertyMap> {
    if (tok !== READ_STACK_RESOURCE_OUTPUTS) {
        throw Object.assign(new Error(`${tok} is not modelled by the pulumi-trunking test engine (only ${READ_STACK_RESOURCE_OUTPUTS} is)`), { code: 12 });
    }
    const name = args.stackName;
    if (typeof name !== "string") {
        throw new Error("missing required property 'stackName'");
    }
    // The file backend names a stack "stack", "project/stack" or "organization/project/stack".
    const forms = [opts.stack, `${opts.project}/${opts.stack}`, `${opts.organization}/${opts.project}/${opts.stack}`];
    if (!forms.includes(name)) {
        throw new Error(`unknown stack "${name}"`);
    }
    const outputs: PropertyMap = {};
    for (const r of opts.store.load().resources) {
        if (!r.delete) {
            outputs[r.urn] = { type: r.type, outputs: r.outputs };
        }
    }
    return { name, outputs };
}
