/** What a provider's `check` answers: the inputs the plan shows, and every problem found. */
export interface CheckFailure {
    property: string;
    reason: string;
}

export interface CheckResult {
    inputs: Record<string, unknown>;
    failures: CheckFailure[];
}

/** The serialized provider travels in the inputs under this key and must pass through check untouched. */
export const PROVIDER_KEY = "__provider";
