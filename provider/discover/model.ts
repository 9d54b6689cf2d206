/**
 * What discovery found, in the form both outputs are made from: the Pulumi
 * project (render.ts) and `--json` for other tools. Values are the program's
 * literal inputs; secrets are never here, only the stack-config keys the
 * program reads them from.
 */

export type DiscoveredKind = "TrunkGroup" | "WebexTrunk" | "EnterpriseTrunk";

/**
 * An input that is another discovered resource's output (an enterprise
 * trunk's member trunk group): the program passes the output, so the engine
 * orders the two and follows a rename. In `--json`: `{"$ref": "<logical
 * name>", "output": "<output>"}`.
 */
export interface OutputRef {
    $ref: string;
    output: string;
}

export function isOutputRef(v: unknown): v is OutputRef {
    return v !== null && typeof v === "object" && !Array.isArray(v) && typeof (v as Partial<OutputRef>).$ref === "string" && typeof (v as Partial<OutputRef>).output === "string";
}

/** An input the API never returns, read by the program from stack config. */
export interface SecretInput {
    /** The resource argument: "sipAuthenticationPassword". */
    arg: string;
    /** The stack-config key (project namespace): "g1-pbx-a-sip-password". */
    configKey: string;
    /** What to put there, for the README: 'the SIP password of trunk group "PBX A" in group G1'. */
    description: string;
}

export interface DiscoveredResource {
    kind: DiscoveredKind;
    /** The Pulumi logical name: readable, unique in the project, the same on every run. */
    logicalName: string;
    /** What it is sorted and grouped under: the group id, or the Webex location name. */
    section: string;
    /** The inputs as literals (or another resource's output, see OutputRef), in the order they are written (adoptExisting is added by the renderer). */
    args: Record<string, unknown>;
    secrets: SecretInput[];
    /** What the resource's own check says about these inputs (a value the system holds that check refuses). */
    problems: string[];
}

export interface ConnectionSetting {
    key: string;
    /** The value to set; undefined means the user supplies it (a credential). */
    value?: string;
    secret: boolean;
    /** For a value the user supplies: what it is. */
    placeholder?: string;
}

export interface Discovery {
    api: "odin" | "webex";
    /** Pulumi project name (Pulumi.yaml `name`, the namespace of the secret keys). */
    project: string;
    /** The command that produced it, for the README (no credentials). */
    command: string;
    /** One line: what was read. */
    source: string;
    /** Headings of the sections, by section key (group name, location name). */
    sections: Record<string, string>;
    /** Sorted by section, then by name. */
    resources: DiscoveredResource[];
    connection: ConnectionSetting[];
}
