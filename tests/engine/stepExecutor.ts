import { DeleteProtectedError, ReplaceStep, Step, StepContext, isDefaultProvider, markSecretOutputs, stepRecord } from "./steps";
import type { StepRecord } from "./types";

/**
 * The step executor (pkg/resource/deploy/step_executor.go): chains of steps
 * run on up to `parallel` workers at once, the steps of one chain in order.
 * The first failure cancels everything not yet started (cancelDueToError,
 * :435-462), except a refused delete of a protected resource, which the
 * engine records and steps past so every such refusal is reported.
 */
export class StepExecutor {
    private active = 0;
    private readonly waiting: Array<() => void> = [];
    private readonly inflight = new Set<Promise<void>>();
    private canceledFlag = false;
    readonly errors: Array<{ urn: string; error: unknown }> = [];
    readonly erroredSteps: Step[] = [];
    readonly records: StepRecord[] = [];

    constructor(
        private readonly ctx: StepContext,
        private readonly parallel: number,
        private readonly onCancel: () => void,
    ) {}

    get canceled(): boolean {
        return this.canceledFlag;
    }

    /** Stops new work, as a failed step or a failed step generation does. */
    cancel(): void {
        if (!this.canceledFlag) {
            this.canceledFlag = true;
            this.onCancel();
        }
    }

    /** ExecuteSerial: one chain; returns when it has run (or stopped). */
    executeChain(chain: Step[]): Promise<void> {
        const p = this.runChain(chain);
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
        return p;
    }

    /** ExecuteParallel: every step its own chain. */
    executeParallel(steps: Step[]): Promise<void> {
        return Promise.all(steps.map((s) => this.executeChain([s]))).then(() => undefined);
    }

    /** WaitForCompletion: every chain started so far has finished. */
    async idle(): Promise<void> {
        while (this.inflight.size > 0) {
            await Promise.allSettled([...this.inflight]);
        }
    }

    private async runChain(chain: Step[]): Promise<void> {
        await this.acquire();
        try {
            for (const step of chain) {
                if (this.canceledFlag) {
                    return;
                }
                const ok = await this.executeStep(step);
                if (!ok) {
                    return;
                }
            }
        } finally {
            this.release();
        }
    }

    private async executeStep(step: Step): Promise<boolean> {
        let error: unknown;
        step.begin(this.ctx);
        try {
            await step.apply(this.ctx);
        } catch (e) {
            error = e;
        }
        if (step.neu && !(step instanceof ReplaceStep)) {
            markSecretOutputs(step.neu);
        }
        step.end(this.ctx, error === undefined || step.partial);
        if (!isDefaultProvider(step.urn)) {
            this.records.push(stepRecord(step, error === undefined));
        }
        if (error === undefined) {
            step.complete?.(step.neu ?? step.old!);
            return true;
        }
        this.errors.push({ urn: step.urn, error });
        this.ctx.diag({ severity: "error", urn: step.urn, message: (error as Error)?.message ?? String(error) });
        if (error instanceof DeleteProtectedError) {
            this.erroredSteps.push(step);
        } else {
            this.cancel();
        }
        return false;
    }

    private acquire(): Promise<void> {
        if (this.active < this.parallel) {
            this.active++;
            return Promise.resolve();
        }
        return new Promise((r) => this.waiting.push(r));
    }

    private release(): void {
        const next = this.waiting.shift();
        if (next) {
            next();
        } else {
            this.active--;
        }
    }
}
