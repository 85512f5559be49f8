/**
 * Start-up: load an imported `.lgr` graph, or a street graph file (`.lsg`, the demo city's real
 * roads and names) whose contraction hierarchy is built at the first start and cached, or build
 * the synthetic city and cache it, so the second start only reads a file.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { contract } from "./ch.ts";
import { largestComponent } from "./components.ts";
import { type GraphFile, GraphFileError, readGraphFile, writeGraphFile } from "./graph-file.ts";
import { RoadNetwork } from "./road-network.ts";
import { RoadTravelTimes } from "./road-travel-times.ts";
import { readStreetGraphFile } from "./street-graph-file.ts";
import { GraphStreetNames, type StreetNames } from "./street-names.ts";
import { type BBox, DEMO_BBOX, syntheticCity } from "./synthetic-city.ts";

export interface LoadOptions {
  /** An imported graph file; when set, nothing is generated. */
  graphFile?: string;
  /** A street graph file (`.lsg`); used when `graphFile` is not set. */
  streetGraphFile?: string;
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
  /** The graph's street names; null for a graph without them. */
  streets: StreetNames | null;
}

export function loadTravelTimes(options: LoadOptions = {}): LoadedRoads {
  const log = options.log ?? (() => {});
  if (options.graphFile) {
    const file = readGraphFile(options.graphFile);
    if (!file.ch) throw new GraphFileError(options.graphFile, "has no contraction hierarchy; re-import it with `lantern import`");
    const network = new RoadNetwork(file.graph, file.ch);
    network.prepareForChanges();
    return { travelTimes: new RoadTravelTimes(network), network, file, origin: options.graphFile, streets: null };
  }
  if (options.streetGraphFile) return loadStreetGraph(options.streetGraphFile, options.dataDir, log);
  const file = syntheticGraphFile(options, log);
  const network = new RoadNetwork(file.file.graph, file.file.ch as NonNullable<GraphFile["ch"]>);
  network.prepareForChanges();
  return { travelTimes: new RoadTravelTimes(network), network, file: file.file, origin: file.origin, streets: null };
}

/**
 * The street graph and its names, with the hierarchy from `DATA_DIR/streets-<hash>.lgr` when a
 * start has built it for exactly these bytes; otherwise it is contracted now and cached.
 */
function loadStreetGraph(path: string, dataDir: string | undefined, log: (m: string) => void): LoadedRoads {
  const { sg, bytes } = readStreetGraphFile(path);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const cache = dataDir ? join(dataDir, `streets-${hash}.lgr`) : null;
  let file: GraphFile | null = null;
  if (cache && existsSync(cache)) {
    try {
      const cached = readGraphFile(cache);
      if (cached.ch && cached.graph.nodeCount === sg.graph.nodeCount && cached.graph.edgeCount === sg.graph.edgeCount) file = cached;
    } catch (err) {
      log(`ignoring unreadable cache (${(err as Error).message}); rebuilding`);
    }
  }
  let origin = cache ?? path;
  if (!file) {
    const started = performance.now();
    file = { graph: sg.graph, ch: contract(sg.graph), metadata: { ...sg.header, names: undefined, createdAt: new Date().toISOString() } };
    log(`contracted ${path}: ${sg.graph.nodeCount} nodes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (cache && dataDir) {
      mkdirSync(dataDir, { recursive: true });
      writeGraphFile(cache, file);
    }
    origin = path;
  }
  const network = new RoadNetwork(file.graph, file.ch as NonNullable<GraphFile["ch"]>);
  network.prepareForChanges();
  const streets = new GraphStreetNames(file.graph, sg.edgeNames, sg.labels, sg.header.attribution);
  const travelTimes = new RoadTravelTimes(network, streets);
  return { travelTimes, network, file, origin, streets };
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
