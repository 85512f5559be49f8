/**
 * `npm run bench -- <name> [options]`: each benchmark lives in bench/<name>.ts and exports
 * `run(argv)`. Benchmarks are never part of `npm test`; they compare against a baseline
 * measured in the same run, because the machines are shared and noisy.
 */
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["index.ts", "results.ts"].includes(f) && !f.endsWith(".test.ts"))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h") {
  console.log(
    `usage: npm run bench -- <name> [options]\n\nbenchmarks: ${available.join(", ") || "(none yet)"}\n\nEach benchmark takes --help.`,
  );
  process.exit(name ? 0 : 1);
}
if (!available.includes(name)) {
  console.error(`unknown benchmark '${name}'; available: ${available.join(", ")}`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { run: (argv: string[]) => Promise<void> };
await mod.run(rest);
