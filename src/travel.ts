/**
 * Chooses the travel-time engine at start-up: a road graph file if configured, else the demo
 * city's real roads and street names (central Hangzhou, shipped as a street graph file; its
 * contraction hierarchy is cached under DATA_DIR after the first start), else the
 * straight-line estimate, which every recommendation labels as such.
 */
import type { AppContext } from "./context.ts";
import { DEMO_STREET_GRAPH } from "./demo/hangzhou.ts";
import { loadTravelTimes } from "./geo/load.ts";

export function loadRoadNetwork(ctx: AppContext, log: (msg: string) => void): void {
  const started = performance.now();
  const loaded = loadTravelTimes({
    graphFile: ctx.config.graphFile ?? undefined,
    streetGraphFile: DEMO_STREET_GRAPH,
    dataDir: ctx.config.dataDir,
    log,
  });
  ctx.travel = loaded.travelTimes;
  ctx.roads = loaded.network.graph;
  ctx.streets = loaded.streets;
  log(
    `road network: ${loaded.network.graph.nodeCount} nodes, ${loaded.network.graph.edgeCount} edges (${loaded.origin}${loaded.streets ? ", with street names" : ""}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
