/**
 * Start-up: load an imported `.lgr` graph, or build the synthetic demo city and cache it, so the
 * second start only reads a file.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { contract } from "./ch.ts";
import { largestComponent } from "./components.ts";
import { type GraphFile, GraphFileError, readGraphFile, writeGraphFile } from "./graph-file.ts";
import { RoadNetwork } from "./road-network.ts";
import { RoadTravelTimes } from "./road-travel-times.ts";
import { type BBox, DEMO_BBOX, syntheticCity } from "./synthetic-city.ts";

export interface LoadOptions {
  /** An imported graph file; when set, nothing is generated. */
  graphFile?: string;
  /** Where the generated demo city is cached (created if missing). */
  dataDir?: string;
  bbox?: BBox;
  /** Approximate node count of the generated city. */
  nodes?: number;
  seed?: number;
  log?: (message: string) => void;
}

export interface LoadedRoads {
  travelTimes: RoadTravelTimes;
  network: RoadNetwork;
  file: GraphFile;
  /** Where the graph came from (the file path, or "generated"/"cache"). */
  origin: string;
}

export function loadTravelTimes(options: LoadOptions = {}): LoadedRoads {
  const log = options.log ?? (() => {});
  if (options.graphFile) {
    const file = readGraphFile(options.graphFile);
    if (!file.ch) throw new GraphFileError(options.graphFile, "has no contraction hierarchy; re-import it with `lantern import`");
    const network = new RoadNetwork(file.graph, file.ch);
    network.prepareForChanges();
    return { travelTimes: new RoadTravelTimes(network), network, file, origin: options.graphFile };
  }
  const file = syntheticGraphFile(options, log);
  const network = new RoadNetwork(file.file.graph, file.file.ch as NonNullable<GraphFile["ch"]>);
  network.prepareForChanges();
  return { travelTimes: new RoadTravelTimes(network), network, file: file.file, origin: file.origin };
}

function syntheticGraphFile(options: LoadOptions, log: (m: string) => void): { file: GraphFile; origin: string } {
  const bbox = options.bbox ?? DEMO_BBOX;
  const nodes = options.nodes ?? 30_000;
  const seed = options.seed ?? 1;
  const key = `synthetic-${nodes}-${seed}-${[bbox.minLat, bbox.minLon, bbox.maxLat, bbox.maxLon].map((x) => x.toFixed(4)).join("_")}`;
  const cache = options.dataDir ? join(options.dataDir, `${key}.lgr`) : null;
  if (cache && existsSync(cache)) {
    try {
      const file = readGraphFile(cache);
      if (file.ch) return { file, origin: cache };
    } catch (err) {
      log(`ignoring unreadable cache (${(err as Error).message}); rebuilding`);
    }
  }
  const started = performance.now();
  const raw = syntheticCity({ bbox, nodes, seed });
  const { graph, components, droppedNodes } = largestComponent(raw);
  const ch = contract(graph);
  const file: GraphFile = {
    graph,
    ch,
    metadata: { source: `synthetic:${nodes}:seed=${seed}`, createdAt: new Date().toISOString(), components, droppedNodes },
  };
  log(
    `built synthetic road network: ${graph.nodeCount} nodes, ${graph.edgeCount} edges in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (cache && options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    writeGraphFile(cache, file);
  }
  return { file, origin: cache ?? "generated" };
}
