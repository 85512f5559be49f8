/** Appends one benchmark result to bench/RESULTS.md with the date and the exact command. */
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const file = join(dirname(fileURLToPath(import.meta.url)), "RESULTS.md");

/** `command` defaults to the bench invocation; CLI commands that record results pass their own. */
export function recordResult(name: string, summary: string, json: Record<string, unknown>, command?: string): void {
  if (!existsSync(file))
    writeFileSync(file, "# Benchmark results\n\nAppended by `npm run bench`. Ratios are what we compare across days.\n");
  const cmd = command ?? `npm run bench -- ${process.argv.slice(2).join(" ")}`;
  const when = new Date().toISOString();
  appendFileSync(file, `\n## ${name} — ${when}\n\n\`${cmd}\`\n\n${summary.trim()}\n\n\`\`\`json\n${JSON.stringify(json)}\n\`\`\`\n`);
}
