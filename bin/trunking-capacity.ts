#!/usr/bin/env node
/**
 * trunking-capacity: the trunking capacity report of a service provider or
 * enterprise, as a table per group or as JSON. Same settings as the
 * TrunkGroup resource: flags, else ODIN_BASE_URL / ODIN_USERNAME / ODIN_PASSWORD.
 */
import { parseArgs } from "util";
import { getTrunkingCapacity } from "../provider/capacity/function";
import { formatCapacityTable } from "../provider/capacity/table";
import { OdinClient } from "../provider/odin/client";
import { resolveOdinSettings } from "../provider/odin/config";

const USAGE = `usage: trunking-capacity --service-provider SP [--group G]... [--enterprise-trunks] [--json]
                         [--concurrency N] [--no-report-endpoint]
                         [--base-url URL] [--username U] [--password-env VAR]

Connection settings come from the flags or from ODIN_BASE_URL, ODIN_USERNAME and
ODIN_PASSWORD. The password is never taken on the command line (it would land in
shell history and process listings): put it in ODIN_PASSWORD, or name another
variable with --password-env.`;

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                "service-provider": { type: "string", short: "s" },
                group: { type: "string", short: "g", multiple: true },
                "enterprise-trunks": { type: "boolean" },
                json: { type: "boolean" },
                concurrency: { type: "string" },
                "no-report-endpoint": { type: "boolean" },
                "base-url": { type: "string" },
                username: { type: "string" },
                "password-env": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (!values["service-provider"]) {
        process.stderr.write(`--service-provider is required\n\n${USAGE}\n`);
        return 2;
    }
    const env = { ...process.env };
    if (values["password-env"]) {
        env.ODIN_PASSWORD = process.env[values["password-env"]];
    }
    const flags: Record<string, string | undefined> = { "odin:baseUrl": values["base-url"], "odin:username": values.username };
    const settings = resolveOdinSettings({ get: (k) => flags[k] }, env);
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    const client = new OdinClient({ ...settings, maxInFlight: concurrency });
    const tty = process.stderr.isTTY && !values.json;
    const report = await getTrunkingCapacity(
        { serviceProviderId: values["service-provider"], groupIds: values.group, includeEnterpriseTrunks: values["enterprise-trunks"], concurrency },
        {
            client,
            useReportEndpoint: values["no-report-endpoint"] ? false : undefined,
            onProgress: tty ? (done, total) => process.stderr.write(`\rgroups ${done}/${total}${done === total ? "\n" : ""}`) : undefined,
        },
    );
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCapacityTable(report)}\n`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`trunking-capacity: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);
