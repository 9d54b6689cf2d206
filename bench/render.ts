/**
 * `npm run bench:render`: the capacity report's renderers at 2000 groups
 * (about 3 trunk groups each). Prints, with the settings:
 *   - the time to render HTML, Markdown and CSV in Node, and their sizes;
 *   - the HTML page in headless Chromium (Debian's, bench/chromium.ts) opened
 *     from file://: navigation start to the load event, and to the first
 *     contentful paint; then the time a filter keystroke takes to re-sort and
 *     re-filter the 2000 groups. Medians of RUNS fresh pages.
 * Target: the page renders 2000 groups in under a second.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { renderCapacityCsv } from "../provider/capacity/render/csv";
import { renderCapacityHtml } from "../provider/capacity/render/html";
import { GITHUB_COMMENT_LIMIT, renderCapacityMarkdown } from "../provider/capacity/render/markdown";
import { CHROMIUM, CHROMIUM_FLAGS, launchChromium } from "./chromium";
import { syntheticProjectedReport, syntheticReport } from "./reportFixtures";

const GROUPS = Number(process.env.BENCH_GROUPS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeIt<T>(f: () => T, runs: number): { value: T; ms: number } {
    const times: number[] = [];
    let value!: T;
    for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        value = f();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return { value, ms: median(times) };
}

async function main(): Promise<void> {
    const version = execFileSync(CHROMIUM, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    console.log(`capacity report renderers: ${GROUPS} groups (synthetic: ~3 trunk groups each, 5% oversubscribed, 3% unlimited, 2% without the service), Node ${process.version}`);
    console.log(`browser: ${version} (${CHROMIUM} ${CHROMIUM_FLAGS.join(" ")}), viewport 1200x900, page opened from file://`);
    console.log(`runs: median of ${RUNS}; machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}\n`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-render-"));
    const browser = await launchChromium();
    try {
        for (const [label, report] of [
            ["live report", syntheticReport({ groups: GROUPS })],
            ["projected report (every 10th group changed)", syntheticProjectedReport({ groups: GROUPS })],
        ] as const) {
            const trunkGroups = report.groups.reduce((a, g) => a + g.trunkGroups.length, 0);
            const html = timeIt(() => renderCapacityHtml(report), RUNS);
            const md = timeIt(() => renderCapacityMarkdown(report), RUNS);
            const csv = timeIt(() => renderCapacityCsv(report), RUNS);
            const file = path.join(dir, "report.html");
            fs.writeFileSync(file, html.value);
            const load: number[] = [];
            const paint: number[] = [];
            const filter: number[] = [];
            for (let i = 0; i < RUNS; i++) {
                const page = await browser.context.newPage();
                await page.goto(`file://${file}`, { waitUntil: "load" });
                const t = await page.evaluate(() => {
                    const p = performance as any;
                    const nav = p.getEntriesByType("navigation")[0];
                    const fcp = p.getEntriesByName("first-contentful-paint")[0];
                    return { load: nav.loadEventEnd - nav.startTime, paint: fcp ? fcp.startTime : NaN };
                });
                load.push(t.load);
                paint.push(t.paint);
                // One keystroke's work: the input handler re-sorts and re-filters every group, then a frame is drawn.
                filter.push(
                    await page.evaluate(
                        () =>
                            new Promise<number>((resolve) => {
                                const doc = (globalThis as any).document;
                                const input = doc.getElementById("filter");
                                const t0 = performance.now();
                                input.value = "00";
                                input.dispatchEvent(new (globalThis as any).Event("input"));
                                (globalThis as any).requestAnimationFrame(() => resolve(performance.now() - t0));
                            }),
                    ),
                );
                await page.close();
            }
            console.log(`${label}: ${report.groups.length} groups, ${trunkGroups} trunk groups`);
            console.log(`  HTML      ${html.ms.toFixed(1).padStart(7)} ms in Node   ${(html.value.length / 1024).toFixed(0).padStart(6)} KiB`);
            console.log(`  Markdown  ${md.ms.toFixed(1).padStart(7)} ms in Node   ${md.value.length.toString().padStart(6)} characters (GitHub's limit ${GITHUB_COMMENT_LIMIT}); ${/Showing (\d+) of/.exec(md.value)?.[1] ?? "all"} groups in its table`);
            console.log(`  CSV       ${csv.ms.toFixed(1).padStart(7)} ms in Node   ${(csv.value.length / 1024).toFixed(0).padStart(6)} KiB, ${csv.value.split("\r\n").length - 2} rows`);
            console.log(`  Chromium  load event ${median(load).toFixed(0)} ms after navigation start (first contentful paint ${median(paint).toFixed(0)} ms); a filter keystroke ${median(filter).toFixed(0)} ms to the next frame`);
            console.log("");
        }
    } finally {
        await browser.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
