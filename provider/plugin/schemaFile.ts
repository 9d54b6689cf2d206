/**
 * schema.json, the package schema at the package root, as the tables give it.
 * `npm run schema` writes it (never edit it by hand); tests/plugin compares
 * the committed file with the tables and fails when they differ.
 */
import * as fs from "fs";
import * as path from "path";
import { pluginSettings } from "./config";
import { pluginResources } from "./resources";
import { SchemaSource, packageSchema } from "./schema";

export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");
export const SCHEMA_FILE = path.join(PACKAGE_ROOT, "schema.json");

/** This version's tables. */
export function currentSource(): SchemaSource {
    const { version } = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
    return { version, resources: pluginResources(), settings: pluginSettings() };
}

/** The file's text for these tables: two-space JSON and a final newline. */
export function schemaText(src: SchemaSource = currentSource()): string {
    return `${JSON.stringify(packageSchema(src), null, 2)}\n`;
}

/**
 * Where a schema file and the tables part, as lines a person can act on
 * (empty when they agree): the paths whose values differ, at most `limit`.
 */
export function schemaDrift(fileText: string, src: SchemaSource = currentSource(), limit = 20): string[] {
    const want = JSON.parse(schemaText(src)) as unknown;
    let have: unknown;
    try {
        have = JSON.parse(fileText);
    } catch (e) {
        return [`schema.json is not JSON (${(e as Error).message})`];
    }
    const out: string[] = [];
    const walk = (a: unknown, b: unknown, at: string): void => {
        if (out.length >= limit) {
            return;
        }
        if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
            const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
            for (const k of keys) {
                const p = Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
                if (!(k in (b as object))) {
                    out.push(`${p}: in the tables, not in schema.json`);
                } else if (!(k in (a as object))) {
                    out.push(`${p}: in schema.json, not in the tables`);
                } else {
                    walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p);
                }
            }
        } else if (JSON.stringify(a) !== JSON.stringify(b)) {
            out.push(`${at}: the tables give ${JSON.stringify(a)}, schema.json has ${JSON.stringify(b)}`);
        }
    };
    walk(want, have, "");
    if (out.length === 0 && fileText !== schemaText(src)) {
        out.push("schema.json holds the same schema in another layout");
    }
    return out;
}

if (require.main === module) {
    fs.writeFileSync(SCHEMA_FILE, schemaText());
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE) || SCHEMA_FILE}\n`);
}
