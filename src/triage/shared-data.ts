/** Where the shared real-world data sets live: LANTERN_SHARED_DATA, or ../shared/data next to the repository. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sharedDataDir } from "../platform/config.ts";

export { sharedDataDir };

/** Path of a call log under calls/, or null when the shared data is not present. */
export function sharedCallLog(name: string): string | null {
  const p = join(sharedDataDir(), "calls", name);
  return existsSync(p) ? p : null;
}
