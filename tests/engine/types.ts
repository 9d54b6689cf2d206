import type { ResourceState } from "./checkpoint";
import type { HostRequest } from "./hostProcess";
import type { PropertyMap } from "./values";

/** A resource registration as the monitor received it (pkg/resource/goal.go's Goal, plus what the request asked for). */
export interface Goal {
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    properties: PropertyMap;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    importId: string;
    retainOnDelete?: boolean;
    /** Options the program used that this engine does not model; the registration fails loudly. */
    unsupported: string[];
}

/** The engine's answer to a registration (RegisterResult, source_eval.go). */
export interface RegisterResult {
    state: ResourceState;
}

/** display.StepOp names, as the CLI prints them. */
export type StepOp =
    | "same"
    | "create"
    | "update"
    | "delete"
    | "replace"
    | "create-replacement"
    | "delete-replaced"
    | "import"
    | "refresh"
    | "read";

export interface StepRecord {
    urn: string;
    name: string;
    type: string;
    op: StepOp;
    /** false when the step failed (its error is in `diagnostics`). */
    ok: boolean;
    /** For a refresh: the drift Diff's answer (update = drift found). */
    detail?: string;
}

export interface Diagnostic {
    /** "info#err": an info message on the error stream (the engine's Infoerr), e.g. a provider host's stderr line. */
    severity: "debug" | "info" | "info#err" | "warning" | "error";
    message: string;
    urn?: string;
}

export type Command = "preview" | "up" | "refresh" | "destroy";

export interface RunSummary {
    command: Command;
    ok: boolean;
    /** The run's errors, as the CLI would print them (empty when ok). */
    errors: string[];
    /** Every step, in the order it finished. Includes the stack; excludes the default provider (internal, as in the CLI). */
    steps: StepRecord[];
    /** The CLI's "Resources:" line: logical steps by op (create, update, replace, delete, same, …). */
    changes: Partial<Record<StepOp, number>>;
    /** Stack outputs, plain (unknown in a preview shows as UNKNOWN). */
    outputs: Record<string, unknown>;
    /** Names of the stack outputs that are secrets. */
    secretOutputs: string[];
    diagnostics: Diagnostic[];
    /** Every request sent to the provider host, in order. */
    requests: HostRequest[];
    program?: { stdout: string; stderr: string; exitCode: number | null };
    /** What the provider host process(es) printed. */
    hostOutput: string;
}
