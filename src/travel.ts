/**
 * Chooses the travel-time engine at start-up: a road graph file if configured, else the demo
 * city's generated network (cached under DATA_DIR after the first start), else the
 * straight-line estimate, which every recommendation labels as such.
 */
import type { AppContext } from "./context.ts";
import { DEMO_BBOX } from "./demo/city.ts";
import { loadTravelTimes } from "./geo/load.ts";

export function loadRoadNetwork(ctx: AppContext, log: (msg: string) => void): void {
  const loaded = loadTravelTimes({
    graphFile: ctx.config.graphFile ?? undefined,
    dataDir: ctx.config.dataDir,
    bbox: DEMO_BBOX,
    log,
  });
  ctx.travel = loaded.travelTimes;
  ctx.roads = loaded.network.graph;
  log(`road network: ${loaded.network.graph.nodeCount} nodes, ${loaded.network.graph.edgeCount} edges (${loaded.origin})`);
}
