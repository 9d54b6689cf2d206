import type { SecretRegistry } from "../http/redact";

/**
 * Thrown from create when the object exists but could not be fully read back.
 * The dynamic-provider host turns an error carrying `id`, `properties` and
 * `reasons` into ErrorResourceInitFailed, so the engine keeps the id in state
 * instead of losing track of a real object.
 */
export class ResourceInitError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly reasons: string[] = [message],
    ) {
        super(message);
        this.name = "ResourceInitError";
    }
}

interface InitFailureFields {
    id: string;
    properties: Record<string, unknown>;
    reasons: string[];
}

/** Duck-typed like the host (`grpcResponseFromError` reads `e.id`): the class may come from another copy of the package. */
function initFailureOf(e: unknown): InitFailureFields | undefined {
    if (e === null || typeof e !== "object") {
        return undefined;
    }
    const f = e as Partial<InitFailureFields>;
    if (typeof f.id !== "string" || f.id === "") {
        return undefined;
    }
    return { id: f.id, properties: f.properties ?? {}, reasons: Array.isArray(f.reasons) ? f.reasons.map(String) : [] };
}

/**
 * The one error boundary: every error leaving a handler becomes a plain Error
 * whose message has every known secret scrubbed. Never the original object:
 * the host hands errors to grpc-js, which takes a numeric `code` (a Webex error
 * code, an ApiError's) as the gRPC status and its `details` as the whole text,
 * so the message would be replaced or cut. An init failure keeps its id,
 * properties and (scrubbed) reasons, so the engine still records the object.
 */
export function toHostError(e: unknown, secrets: SecretRegistry): Error {
    const message = secrets.scrub(e instanceof Error ? e.message : String(e));
    const plain = new Error(message);
    const init = initFailureOf(e);
    if (init) {
        Object.assign(plain, { id: init.id, properties: wireSafe(init.properties), reasons: init.reasons.map((r) => secrets.scrub(r)) });
    }
    return plain;
}

/**
 * The properties as the host can encode them: it turns them into a protobuf
 * Struct, which refuses `undefined` with "Unexpected struct type." (an error
 * that would replace the real one and lose the id the engine must keep).
 */
function wireSafe(props: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
}
