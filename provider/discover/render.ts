import { ADOPT_INPUT } from "../kit/adopt";
import { DiscoveredResource, Discovery, OutputRef, isOutputRef } from "./model";

/** The versions the generated package.json asks for. */
export interface Versions {
    /** A dependency spec: a version range, a git URL, `file:` and a tarball or folder. */
    pulumiTrunking: string;
    /** pulumiTrunking is a folder: npm should install a copy of it rather than link it (see .npmrc). */
    installLinks?: boolean;
    pulumi: string;
    typescript: string;
    nodeTypes: string;
}

/**
 * The Pulumi TypeScript project that declares what discovery found, file by
 * file. Pure: the same discovery always gives the same bytes (no dates, no
 * machine names), so a second run over an unchanged system changes nothing.
 */
export function renderProject(d: Discovery, v: Versions): Record<string, string> {
    return {
        "Pulumi.yaml": pulumiYaml(d),
        "package.json": `${JSON.stringify(packageJson(d, v), null, 2)}\n`,
        "tsconfig.json": `${JSON.stringify(TSCONFIG, null, 2)}\n`,
        "index.ts": renderProgram(d),
        "README.md": renderReadme(d),
        ".gitignore": "/bin/\n/node_modules/\n",
        // A linked folder would bring its own @pulumi/pulumi along; a copy uses the project's, as a tarball does.
        ...(v.installLinks ? { ".npmrc": "# pulumi-trunking comes from a folder: install a copy of it, which uses this project's @pulumi/pulumi\ninstall-links=true\n" } : {}),
    };
}

const RESOURCE_WORDS = {
    TrunkGroup: { one: "trunk group", many: "trunk groups", api: "BroadWorks" },
    WebexTrunk: { one: "trunk", many: "trunks", api: "Webex" },
    EnterpriseTrunk: { one: "enterprise trunk", many: "enterprise trunks", api: "BroadWorks" },
} as const;

function pulumiYaml(d: Discovery): string {
    // Double-quoted YAML scalars accept JSON string escapes.
    return [
        `name: ${d.project}`,
        `description: ${JSON.stringify(`Adopted by trunking-discover: ${d.source}`)}`,
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: true",
        "",
    ].join("\n");
}

function packageJson(d: Discovery, v: Versions) {
    return {
        name: d.project,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": v.pulumi, "pulumi-trunking": v.pulumiTrunking },
        devDependencies: { "@types/node": v.nodeTypes, typescript: v.typescript },
    };
}

/** Pulumi's TypeScript template, plus skipLibCheck (faster, and no error in a dependency's types can stop an adoption). */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        skipLibCheck: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

/** index.ts: one `new Kind(name, {...})` per resource, by section then name, in adopt mode. */
export function renderProgram(d: Discovery): string {
    const kinds = [...new Set(d.resources.map((r) => r.kind))].sort();
    const words = RESOURCE_WORDS[d.resources[0]?.kind ?? "TrunkGroup"];
    const referenced = new Set(d.resources.flatMap((r) => refsIn(r.args)).map((ref) => ref.$ref));
    const hasSecrets = d.resources.some((r) => r.secrets.length > 0);
    const out: string[] = [
        `// ${d.source}, as \`${d.command}\` found them.`,
        `// Every ${words.one} is declared in adopt mode: \`pulumi up\` takes it over as it is, changing nothing, and`,
        `// fails before any change for one that differs from what is declared here, naming each difference.`,
        ...(d.api === "odin" ? ["// Fields at the value the resource fills in, or at BroadWorks' default, are left out."] : []),
        ...(hasSecrets
            ? [
                  `// Passwords cannot be read from ${words.api}: they come from stack config (README.md lists the commands),`,
                  `// and are not sent until the program changes them or ${ADOPT_INPUT} is "apply".`,
              ]
            : []),
        ...(hasSecrets ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
        `import { ${kinds.join(", ")} } from "pulumi-trunking";`,
        "",
        ...(hasSecrets ? ["const config = new pulumi.Config();", ""] : []),
        `/** Take over what already exists instead of creating it. Once adopted it changes nothing; it may stay. */`,
        `const ${ADOPT_INPUT} = true;`,
    ];
    let section: string | undefined;
    for (const r of d.resources) {
        if (r.section !== section) {
            section = r.section;
            const count = d.resources.filter((x) => x.section === section).length;
            out.push("", `// ${d.sections[section] ?? section}: ${count} ${count === 1 ? RESOURCE_WORDS[r.kind].one : RESOURCE_WORDS[r.kind].many}`);
        }
        out.push(...renderResource(r, referenced.has(r.logicalName)));
    }
    return `${out.join("\n")}\n`;
}

/** The outputs of other resources an input names (an enterprise trunk's members). */
function refsIn(v: unknown): OutputRef[] {
    if (isOutputRef(v)) {
        return [v];
    }
    if (Array.isArray(v)) {
        return v.flatMap(refsIn);
    }
    return v !== null && typeof v === "object" ? Object.values(v).flatMap(refsIn) : [];
}

const RESERVED = new Set(["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "let", "static", "yield", "await", "config", "adoptExisting", "pulumi"]);

/** The variable a referenced resource is held in: its logical name ("g1-pbx-a") as an identifier ("g1_pbx_a"). */
export function variableOf(logicalName: string): string {
    const id = logicalName.replace(/[^A-Za-z0-9_$]/g, "_");
    const safe = /^[0-9]/.test(id) ? `_${id}` : id;
    return RESERVED.has(safe) ? `${safe}_` : safe;
}

function renderResource(r: DiscoveredResource, referenced: boolean): string[] {
    const lines: string[] = [];
    for (const p of r.problems) {
        lines.push(`// NOTE: ${r.kind} check refuses what the system holds here: ${p}`);
    }
    lines.push(`${referenced ? `const ${variableOf(r.logicalName)} = ` : ""}new ${r.kind}(${JSON.stringify(r.logicalName)}, {`, `    ${ADOPT_INPUT},`);
    for (const [key, value] of Object.entries(r.args)) {
        lines.push(`    ${key}: ${literal(value)},`);
    }
    for (const s of r.secrets) {
        lines.push(`    ${s.arg}: config.requireSecret(${JSON.stringify(s.configKey)}),`);
    }
    lines.push("});");
    return lines;
}

/** A TypeScript literal: JSON's strings, numbers and booleans are valid TypeScript; object keys unquoted when they can be. */
export function literal(v: unknown): string {
    if (isOutputRef(v)) {
        return `${variableOf(v.$ref)}.${v.output}`;
    }
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
        return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(x)}`).join(", ")} }`;
    }
    if (Array.isArray(v)) {
        return `[${v.map(literal).join(", ")}]`;
    }
    const text = JSON.stringify(v);
    if (text === undefined) {
        throw new Error(`cannot write ${String(v)} as a literal`);
    }
    return text;
}

/** README.md: what was found, the commands to run in order, what `pulumi up` will do. */
export function renderReadme(d: Discovery): string {
    const kind = d.resources[0]?.kind ?? "TrunkGroup";
    const words = RESOURCE_WORDS[kind];
    const secrets = d.resources.flatMap((r) => r.secrets);
    const problems = d.resources.filter((r) => r.problems.length > 0);
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const lines = [
        `# ${d.project}`,
        "",
        `${d.source}: ${d.resources.length} ${d.resources.length === 1 ? words.one : words.many}, written by \`${d.command}\`.`,
        `\`index.ts\` declares each one as it is today, in adopt mode (\`${ADOPT_INPUT}: true\`).`,
        "",
        "## 1. Install",
        "",
        "```bash",
        "npm install",
        "pulumi stack init   # or select the stack you want to adopt into",
        "```",
        "",
        "## 2. The connection",
        "",
        "```bash",
        ...d.connection.map((c) => `pulumi config set ${c.secret ? "--secret " : ""}${c.key} ${c.value !== undefined ? quote(c.value) : `'<${c.placeholder ?? "value"}>'`}`),
        "```",
        "",
    ];
    if (secrets.length > 0) {
        lines.push(
            "## 3. The secrets it cannot read",
            "",
            `${words.api} never returns passwords, so each one is read from stack config. Set each to the`,
            `${words.one}'s current password. Adopting does not send them: the ${words.one} keeps its password`,
            `until you change the value here (then \`pulumi up\` sends it), or until you set \`${ADOPT_INPUT}: "apply"\` on it`,
            "(then the adoption sends it, with the program's other values, in one update).",
            "",
            "```bash",
            ...secrets.map((s) => `pulumi config set --secret ${s.configKey} '<${s.description}>'`),
            "```",
            "",
        );
    }
    lines.push(
        `## ${secrets.length > 0 ? 4 : 3}. Adopt`,
        "",
        "```bash",
        `pulumi preview   # each ${words.one} shows as a create: that create adopts it`,
        `pulumi up        # takes each ${words.one} over; nothing on ${words.api} changes`,
        "```",
        "",
        `If a ${words.one} was changed since discovery, \`pulumi up\` fails for it before any change and lists each`,
        "field with both values. Edit the program (or run `trunking-discover` again), or set",
        `\`${ADOPT_INPUT}: "apply"\` on it to give it the program's values with one update.`,
        "",
        `Afterwards this is an ordinary Pulumi program: change a value and \`pulumi up\` applies it. \`${ADOPT_INPUT}\``,
        "never shows a change once a resource is in the stack; remove it or leave it.",
        "",
        "The `import` resource option and `pulumi import` cannot be used instead: the Pulumi engine cannot import",
        "a dynamic-provider resource (https://github.com/pulumi/pulumi/issues/16175).",
    );
    if (problems.length > 0) {
        lines.push(
            "",
            "## Values the resource refuses",
            "",
            `These ${words.many} hold values the resource's check does not accept; \`pulumi up\` fails for them until they are fixed (see the NOTE lines in index.ts):`,
            "",
            ...problems.map((r) => `- \`${r.logicalName}\`: ${r.problems.join("; ")}`),
        );
    }
    return `${lines.join("\n")}\n`;
}
