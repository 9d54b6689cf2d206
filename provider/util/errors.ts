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
