/**
 * `lantern sites import FILE [--skip-bad]`: bulk CSV import of sites and devices. Progress goes to
 * stderr, the summary to stdout. A file with errors writes nothing unless --skip-bad is given, in
 * which case the good rows are imported and the bad ones listed.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { type AppContext, createContext } from "../context.ts";
import { placeOf } from "../incidents/service.ts";
import { loadConfig } from "../platform/config.ts";
import { Problem } from "../platform/problem.ts";
import { CSV_COLUMNS, type CsvError, type ParsedSitesCsv, parseSitesCsv } from "./csv.ts";
import { importSites } from "./registry.ts";
import { SITES_ACTOR } from "./runtime.ts";

const progress = (m: string) => process.stderr.write(`${m}\n`);

export interface ImportReport {
  rows: number;
  sites: number;
  devices: number;
  errors: CsvError[];
  written: boolean;
}

/** Parses, checks every site's location against the city's zones, and imports: all or nothing unless skipBad. */
export async function importSitesCsv(
  ctx: AppContext,
  text: string,
  opts: { skipBad?: boolean; log?: (m: string) => void } = {},
): Promise<ImportReport> {
  const log = opts.log ?? (() => {});
  const parsed: ParsedSitesCsv = parseSitesCsv(text);
  log(`parsed ${parsed.rows} rows: ${parsed.sites.length} sites, ${parsed.devices.length} devices, ${parsed.errors.length} errors`);
  const errors = [...parsed.errors];
  const badSites = new Set<string>();
  for (const s of parsed.sites) {
    try {
      await placeOf(ctx, s.location.lat, s.location.lon);
    } catch (err) {
      const msg = err instanceof Problem && err.code === "outside_city" ? "outside every zone of the city" : (err as Error).message;
      errors.push({ line: s.line, column: "lat", message: `site ${s.id}: ${msg}` });
      badSites.add(s.id);
    }
  }
  // Devices of a rejected site cannot be imported either.
  const badLines = new Set(errors.map((e) => e.line));
  for (const d of parsed.devices) {
    if (badSites.has(d.siteId) && !badLines.has(d.line))
      errors.push({ line: d.line, column: "site_id", message: `site ${d.siteId} was rejected` });
  }
  errors.sort((a, b) => a.line - b.line);
  const report: ImportReport = { rows: parsed.rows, sites: 0, devices: 0, errors, written: false };
  if (errors.length && !opts.skipBad) return report;
  const sites = parsed.sites.filter((s) => !badSites.has(s.id));
  const devices = parsed.devices.filter((d) => !badSites.has(d.siteId));
  const counts = await importSites(ctx, SITES_ACTOR, { sites, devices }, (done, total) => log(`imported ${done}/${total}`));
  return { ...report, ...counts, written: true };
}

export function registerSitesCommands(program: Command): void {
  const sites = program.command("sites").description("smart-safe sites (智安小区/校园/医院) and their devices");
  sites
    .command("import <file>")
    .description(
      `bulk-import sites and devices from a CSV file (one row per device, site columns repeated). Columns: ${CSV_COLUMNS.join(", ")}. See docs/sites.md.`,
    )
    .option("--skip-bad", "import the good rows of a file that has bad ones (default: a file with errors writes nothing)")
    .action(async (file: string, opts: { skipBad?: boolean }) => {
      const text = readFileSync(file === "-" ? 0 : file, "utf8");
      const ctx = await createContext(loadConfig());
      try {
        const started = performance.now();
        const r = await importSitesCsv(ctx, text, { skipBad: opts.skipBad, log: progress });
        for (const e of r.errors.slice(0, 200)) progress(`${file}:${e.line}${e.column ? ` [${e.column}]` : ""}: ${e.message}`);
        if (r.errors.length > 200) progress(`… and ${r.errors.length - 200} more errors`);
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        if (!r.written) {
          console.log(
            `${file}: ${r.rows} rows, ${new Set(r.errors.map((e) => e.line)).size} with errors; nothing imported (fix the rows or use --skip-bad)`,
          );
          process.exitCode = 1;
        } else {
          console.log(
            `${file}: ${r.rows} rows; imported ${r.sites} sites and ${r.devices} devices in ${secs} s; ${r.errors.length} bad rows skipped`,
          );
        }
      } finally {
        await ctx.db.destroy();
      }
    });
}
