/** Where the shared real-world data sets live: LANTERN_SHARED_DATA, or ../shared/data next to the repository. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function sharedDataDir(): string {
  return process.env.LANTERN_SHARED_DATA ?? join(repoRoot, "..", "shared", "data");
}

/** Path of a call log under calls/, or null when the shared data is not present. */
export function sharedCallLog(name: string): string | null {
  const p = join(sharedDataDir(), "calls", name);
  return existsSync(p) ? p : null;
}
