#!/usr/bin/env node
// Builds the web console into web/dist when it is missing or older than its sources, so
// `npm start` serves an up-to-date console without rebuilding on every start.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const web = join(root, "web");
const built = join(web, "dist", "index.html");

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = 0;
  for (const f of readdirSync(path)) m = Math.max(m, newest(join(path, f)));
  return m;
}

if (!existsSync(join(web, "vite.config.ts"))) process.exit(0);
const sources = Math.max(newest(join(web, "src")), newest(join(web, "index.html")), newest(join(web, "vite.config.ts")));
if (existsSync(built) && statSync(built).mtimeMs >= sources && !process.argv.includes("--force")) process.exit(0);

let vite;
try {
  vite = await import("vite");
} catch {
  console.error("web console not built: vite is not installed (run npm install without --omit=dev)");
  process.exit(0);
}
const started = Date.now();
console.log("building the web console…");
await vite.build({ configFile: join(web, "vite.config.ts"), logLevel: "warn" });
console.log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
