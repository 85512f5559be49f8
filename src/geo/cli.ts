/**
 * `lantern import osm|csv … --out city.lgr` and `lantern route --graph city.lgr --pairs FILE`.
 * Progress goes to stderr; results and summaries to stdout.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { haversineMeters, type LatLon } from "../platform/geodesy.ts";
import { contract } from "./ch.ts";
import { HierarchyRouter } from "./ch-query.ts";
import type { ImportResult } from "./csv-import.ts";
import { importCsvFiles } from "./csv-import.ts";
import { type GraphFile, readGraphFile, writeGraphFile } from "./graph-file.ts";
import { edgesFileFor, importOsmFile } from "./import-graph.ts";
import { RoadNetwork } from "./road-network.ts";
import type { Snap } from "./snap.ts";

const progress = (m: string) => process.stderr.write(`${m}\n`);

export function registerGeoCommands(program: Command): void {
  const imp = program.command("import").description("import a road network into a Lantern graph file (.lgr)");
  imp
    .command("osm <file>")
    .description("import an OpenStreetMap extract (.osm.pbf, .osm, .osm.gz, .osm.bz2) as a car road graph")
    .requiredOption("--out <file>", "graph file to write, e.g. city.lgr")
    .action((file: string, opts: { out: string }) => {
      const started = performance.now();
      finishImport(importOsmFile(file, { log: progress }), `osm:${file}`, opts.out, started);
    });
  imp
    .command("csv <nodes> [edges]")
    .description("import a CSV graph: nodes (id,lon,lat) and edges (from,to,duration_s,length_m); edges default to the file beside nodes")
    .requiredOption("--out <file>", "graph file to write, e.g. city.lgr")
    .action((nodes: string, edges: string | undefined, opts: { out: string }) => {
      const started = performance.now();
      progress(`reading ${nodes}…`);
      finishImport(importCsvFiles(nodes, edges ?? edgesFileFor(nodes)), `csv:${nodes}`, opts.out, started);
    });

  program
    .command("route")
    .description(
      "fastest travel times between node pairs: reads lines `from to` (original node ids), prints `from to seconds` (-1 when unreachable)",
    )
    .requiredOption("--graph <file>", "graph file written by `lantern import`")
    .requiredOption("--pairs <file>", "text file with one `from to` pair per line ('-' for stdin)")
    .action((opts: { graph: string; pairs: string }) => {
      const file = readGraphFile(opts.graph);
      const text = readFileSync(opts.pairs === "-" ? 0 : opts.pairs, "utf8");
      const lines = routePairs(file, text, opts.pairs === "-" ? "stdin" : opts.pairs);
      process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "");
    });
}

/**
 * Answers `from to` lines (original node ids) with `from to seconds`, -1 when unreachable or when
 * the id is unknown (or was dropped with a small component). OSM shape points (nodes in the
 * middle of a way) are placed on their road, so any node of a drivable way can be asked for.
 */
export function routePairs(file: GraphFile, text: string, name = "pairs"): string[] {
  const { graph } = file;
  const ch = file.ch ?? contract(graph);
  const router = new HierarchyRouter(ch);
  const index = new Map<number, number>();
  for (let v = 0; v < graph.nodeCount; v++) index.set(graph.nodeIds[v], v);
  let shapes: ShapePoints | null = null;
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const parts = line.split(/[\s,]+/);
    const a = Number(parts[0]);
    const b = Number(parts[1]);
    if (parts.length < 2 || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new Error(`${name}:${i + 1}: expected two node ids, got ${JSON.stringify(line)}`);
    }
    const s = index.get(a);
    const t = index.get(b);
    let ms: number | null = null;
    if (s !== undefined && t !== undefined) {
      ms = router.query([s], null, [t], null)?.ms ?? null;
    } else {
      shapes ??= new ShapePoints(new RoadNetwork(graph, ch));
      ms = shapes.travelMs(a, s, b, t);
    }
    out.push(`${parts[0]} ${parts[1]} ${ms === null ? "-1" : formatSeconds(ms)}`);
  }
  return out;
}

/** Pairs where an end is a shape point: that end becomes a place on its road. */
class ShapePoints {
  private readonly index = new Map<number, number>();

  constructor(private readonly network: RoadNetwork) {
    const ids = network.graph.geomIds;
    for (let k = 0; k < ids.length; k++) if (!this.index.has(ids[k])) this.index.set(ids[k], k);
  }

  travelMs(a: number, s: number | undefined, b: number, t: number | undefined): number | null {
    const from = s !== undefined ? { nodes: [s], offsets: [0], snap: null } : this.place(a, true);
    const to = t !== undefined ? { nodes: [t], offsets: [0], snap: null } : this.place(b, false);
    if (!from || !to) return null;
    let best = from.snap && to.snap ? this.network.sameRoadMs(from.snap, to.snap) : Number.POSITIVE_INFINITY;
    if (from.nodes.length > 0 && to.nodes.length > 0) {
      const hit = this.network.router.query(from.nodes, from.offsets, to.nodes, to.offsets);
      if (hit) best = Math.min(best, hit.ms);
    }
    return best === Number.POSITIVE_INFINITY ? null : best;
  }

  private place(id: number, origin: boolean): { nodes: ArrayLike<number>; offsets: ArrayLike<number>; snap: Snap } | null {
    const k = this.index.get(id);
    if (k === undefined) return null;
    const g = this.network.graph;
    let lo = 0;
    let hi = g.edgeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (g.geomFirst[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    const e = lo;
    // Position along the edge by length: shape point j is the end of segment j.
    const u = this.network.snapper.sourceOf(e);
    const pts: LatLon[] = [{ lat: g.lat[u], lon: g.lon[u] }];
    for (let q = g.geomFirst[e]; q < g.geomFirst[e + 1]; q++) pts.push({ lat: g.geomLat[q], lon: g.geomLon[q] });
    pts.push({ lat: g.lat[g.target[e]], lon: g.lon[g.target[e]] });
    const j = k - g.geomFirst[e];
    let before = 0;
    let total = 0;
    for (let q = 0; q + 1 < pts.length; q++) {
      const d = haversineMeters(pts[q], pts[q + 1]);
      total += d;
      if (q <= j) before += d;
    }
    const snap: Snap = {
      edge: e,
      twin: this.network.snapper.twinOf(e),
      fraction: total > 0 ? before / total : 0,
      segment: j + 1,
      distanceM: 0,
      lat: g.geomLat[k],
      lon: g.geomLon[k],
    };
    return origin ? this.network.origin(snap) : this.network.destination(snap);
  }
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

function finishImport(result: ImportResult, source: string, out: string, started: number): void {
  const { graph } = result;
  progress(
    `largest strongly connected component: ${graph.nodeCount} of ${result.graph.nodeCount + result.droppedNodes} nodes; contracting…`,
  );
  const tc = performance.now();
  const ch = contract(graph, {
    onProgress: (done, total) => process.stderr.write(`\r  contracted ${done}/${total} nodes`),
  });
  process.stderr.write("\n");
  const contractS = (performance.now() - tc) / 1000;
  const bytes = writeGraphFile(out, {
    graph,
    ch,
    metadata: {
      source,
      createdAt: new Date().toISOString(),
      components: result.components,
      droppedNodes: result.droppedNodes,
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    [
      `wrote ${out} (${(bytes / 1e6).toFixed(1)} MB)`,
      `nodes: ${graph.nodeCount} (input ${result.inputNodes})`,
      `edges: ${graph.edgeCount} (input ${result.inputEdges})`,
      `components: ${result.components} (kept the largest; ${result.droppedNodes} nodes in the others were dropped)`,
      `hierarchy: ${ch.upTarget.length + ch.downTarget.length} edges, contracted in ${contractS.toFixed(1)} s`,
      `time: ${seconds.toFixed(1)} s`,
    ].join("\n"),
  );
}
