/**
 * Road routing benchmark: units → incident one-to-many on a contraction hierarchy against plain
 * Dijkstra (binary heap on the same typed arrays), in the same run, checking every answer.
 * Also: point-to-point, many-to-many, one-to-all (isochrone) and closure updates.
 */
import { statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename } from "node:path";
import { contract } from "../src/geo/ch.ts";
import { SourceBuckets } from "../src/geo/ch-query.ts";
import { largestComponent } from "../src/geo/components.ts";
import { Dijkstra } from "../src/geo/dijkstra.ts";
import type { RoadGraph } from "../src/geo/graph.ts";
import { type GraphFile, readGraphFile, writeGraphFile } from "../src/geo/graph-file.ts";
import { importGraph } from "../src/geo/import-graph.ts";
import { RoadNetwork } from "../src/geo/road-network.ts";
import { RoadTravelTimes } from "../src/geo/road-travel-times.ts";
import { bboxForNodes, syntheticCity } from "../src/geo/synthetic-city.ts";
import { seededRandom } from "../src/platform/random.ts";
import { recordResult } from "./results.ts";

const HELP = `usage: npm run bench -- routing [--graph FILE | --synthetic NODES] [options]

  --graph FILE       a .lgr graph, an OSM extract (.osm.pbf, .osm, .osm.gz, .osm.bz2), or a
                     CSV graph given as the nodes file (edges file next to it: *-nodes.csv → *-edges.csv,
                     nodes.csv → edges.csv)
  --synthetic NODES  generate a synthetic city of about NODES nodes (default 200000)
  --units N          units placed on random nodes (default 1000)
  --queries N        incident queries (default 1000); before each, 10% of units move
  --move FRACTION    share of units moving before each query (default 0.1)
  --seed N           random seed (default 42)
  --save FILE        write the prepared graph (with hierarchy) as .lgr
  --pgrouting N      also answer N incident queries with pgRouting's pgr_dijkstraCost (units → incident
                     as one search: one-to-many on the reversed edges)
                     in a temporary database on PGURL (default postgres://root@127.0.0.1:5432/test)
  --no-record        do not append to bench/RESULTS.md
  --json             print one JSON object as the last line

Every incident query is answered by the hierarchy (one backward search + bucket scan) and by a
backward Dijkstra that stops when all unit nodes are settled; answers must be equal.`;

interface Args {
  graph?: string;
  synthetic?: number;
  units: number;
  queries: number;
  move: number;
  seed: number;
  save?: string;
  pgrouting: number;
  record: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args | null {
  const a: Args = { units: 1000, queries: 1000, move: 0.1, seed: 42, pgrouting: 0, record: true, json: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(next());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${k} needs a non-negative number`);
      return v;
    };
    if (k === "--help" || k === "-h") return null;
    else if (k === "--graph") a.graph = next();
    else if (k === "--synthetic") a.synthetic = num();
    else if (k === "--units") a.units = Math.max(1, Math.round(num()));
    else if (k === "--queries") a.queries = Math.max(1, Math.round(num()));
    else if (k === "--move") a.move = num();
    else if (k === "--seed") a.seed = num();
    else if (k === "--save") a.save = next();
    else if (k === "--pgrouting") a.pgrouting = Math.round(num());
    else if (k === "--no-record") a.record = false;
    else if (k === "--json") a.json = true;
    else throw new Error(`unknown option ${k} (see --help)`);
  }
  if (a.graph && a.synthetic) throw new Error("give --graph or --synthetic, not both");
  if (!a.graph && !a.synthetic) a.synthetic = 200_000;
  return a;
}

const log = (m: string) => process.stderr.write(`${m}\n`);

function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(values: number[]): { p50: number; p99: number; mean: number } {
  const s = Float64Array.from(values).sort();
  return { p50: pct(s, 0.5), p99: pct(s, 0.99), mean: values.reduce((x, y) => x + y, 0) / Math.max(1, values.length) };
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
}

type Hierarchy = NonNullable<GraphFile["ch"]>;
type Summary = ReturnType<typeof summary>;

/** The graph the run measures, where it came from, and what getting it ready cost. */
interface PreparedGraph {
  name: string;
  file: GraphFile;
  importS: number;
  preprocessS: number;
  preprocessCpuS: number;
  loadS: number | null;
}

/** A saved .lgr already holds the hierarchy: only its load time is measured. */
function loadPrepared(path: string): PreparedGraph {
  const t = performance.now();
  const file = readGraphFile(path);
  const loadS = (performance.now() - t) / 1000;
  log(`loaded ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${loadS.toFixed(3)} s`);
  return { name: basename(path), file, importS: 0, preprocessS: 0, preprocessCpuS: 0, loadS };
}

/** The road graph from an OSM/CSV import or the synthetic city, cut to its largest component. */
async function importOrGenerate(
  args: Args,
): Promise<{ name: string; graph: RoadGraph; components: number; dropped: number; importS: number }> {
  let name: string;
  let graph: RoadGraph;
  let components = 1;
  let dropped = 0;
  const t = performance.now();
  if (args.graph) {
    name = basename(args.graph);
    const imported = await importGraph(args.graph, { log });
    graph = imported.graph;
    components = imported.components;
    dropped = imported.droppedNodes;
  } else {
    const n = args.synthetic as number;
    name = `synthetic-${n}`;
    log(`generating synthetic city with ~${n} nodes…`);
    const raw = syntheticCity({ bbox: bboxForNodes(30.27, 120.16, n), nodes: n, seed: args.seed });
    ({ graph, components, droppedNodes: dropped } = largestComponent(raw));
  }
  const importS = (performance.now() - t) / 1000;
  log(
    `graph: ${graph.nodeCount} nodes, ${graph.edgeCount} edges (${components} components, ${dropped} nodes dropped) in ${importS.toFixed(1)} s`,
  );
  return { name, graph, components, dropped, importS };
}

/** Import or generate the graph, contract it, and (with --save) write it and time loading it back. */
async function buildPrepared(args: Args): Promise<PreparedGraph> {
  const { name, graph, components, dropped, importS } = await importOrGenerate(args);
  log("contracting…");
  const tc = performance.now();
  const cc = process.cpuUsage();
  const ch = contract(graph, {
    onProgress: (done, total) =>
      process.stderr.write(`\r  ${done}/${total} nodes contracted, ${((performance.now() - tc) / 1000).toFixed(0)} s`),
  });
  const preprocessS = (performance.now() - tc) / 1000;
  const preprocessCpuS = cpuMs(cc) / 1000;
  process.stderr.write("\n");
  log(`contracted in ${preprocessS.toFixed(1)} s: ${ch.upTarget.length} up + ${ch.downTarget.length} down hierarchy edges`);
  const file: GraphFile = {
    graph,
    ch,
    metadata: { source: name, createdAt: new Date().toISOString(), components, droppedNodes: dropped },
  };
  let loadS: number | null = null;
  if (args.save) {
    const bytes = writeGraphFile(args.save, file);
    const tl = performance.now();
    readGraphFile(args.save);
    loadS = (performance.now() - tl) / 1000;
    log(`saved ${args.save} (${(bytes / 1e6).toFixed(1)} MB); loads in ${loadS.toFixed(3)} s`);
  }
  return { name, file, importS, preprocessS, preprocessCpuS, loadS };
}

/** What every phase shares: the graph, the seeded node picker and one Dijkstra over the same arrays. */
interface Bench {
  g: RoadGraph;
  ch: Hierarchy;
  n: number;
  random: () => number;
  pick: () => number;
  dijkstra: Dijkstra;
  /** On big graphs every Dijkstra check costs about a second, so the secondary figures use fewer runs. */
  heavy: boolean;
}

interface OneToMany {
  /** Each unit's current node; later phases start from where the units ended up. */
  unitNode: Int32Array;
  movers: number;
  chS: Summary;
  djS: Summary;
  chCpuS: Summary;
  djCpuS: Summary;
  moveS: Summary;
  loadBefore: number;
  loadAfter: number;
  scanned: number;
  mismatches: number;
  unreachable: number;
}

/** Units → incident one-to-many: the hierarchy's bucket query against a backward Dijkstra, answer by answer. */
function oneToMany(args: Args, b: Bench): OneToMany {
  const { ch, random, pick, dijkstra } = b;
  const units = args.units;
  const buckets = new SourceBuckets(ch);
  const unitNode = new Int32Array(units);
  const tPlace = performance.now();
  for (let u = 0; u < units; u++) {
    unitNode[u] = pick();
    buckets.set(u, [unitNode[u]], null);
  }
  const placeMs = performance.now() - tPlace;
  const out = new Float64Array(units);
  const chTimes: number[] = [];
  const djTimes: number[] = [];
  const moveTimes: number[] = [];
  // Process CPU time next to wall time: on a shared, overloaded machine the wall-clock tail is
  // mostly waiting for a core, which the CPU time shows.
  const chCpu: number[] = [];
  const djCpu: number[] = [];
  const loadBefore = loadavg()[0];
  let scanned = 0;
  let mismatches = 0;
  let unreachable = 0;
  const movers = Math.max(1, Math.round(units * args.move));
  log(`placing ${units} units took ${placeMs.toFixed(0)} ms; running ${args.queries} incident queries (${movers} units move before each)…`);
  for (let q = 0; q < args.queries; q++) {
    const tm = performance.now();
    for (let k = 0; k < movers; k++) {
      const u = Math.floor(random() * units);
      unitNode[u] = pick();
      buckets.set(u, [unitNode[u]], null);
    }
    moveTimes.push((performance.now() - tm) / movers);
    const incident = pick();
    let c = process.cpuUsage();
    let t = performance.now();
    scanned += buckets.query([incident], null, out);
    chTimes.push(performance.now() - t);
    chCpu.push(cpuMs(c));
    c = process.cpuUsage();
    t = performance.now();
    dijkstra.run([incident], null, { backward: true, targets: unitNode });
    djTimes.push(performance.now() - t);
    djCpu.push(cpuMs(c));
    for (let u = 0; u < units; u++) {
      const expected = dijkstra.dist[unitNode[u]];
      if (out[u] !== expected) mismatches++;
      if (expected === Number.POSITIVE_INFINITY) unreachable++;
    }
    if ((q + 1) % 100 === 0) process.stderr.write(`\r  ${q + 1}/${args.queries} queries`);
  }
  process.stderr.write("\n");
  const chS = summary(chTimes);
  const djS = summary(djTimes);
  const chCpuS = summary(chCpu);
  const djCpuS = summary(djCpu);
  const loadAfter = loadavg()[0];
  const moveS = summary(moveTimes);
  return { unitNode, movers, chS, djS, chCpuS, djCpuS, moveS, loadBefore, loadAfter, scanned, mismatches, unreachable };
}

/** The units as the platform holds them: a RoadNetwork with its snapper, and RoadTravelTimes with one origin per unit. */
interface Fleet {
  network: RoadNetwork;
  tt: RoadTravelTimes;
  ids: string[];
  snapIndexS: number;
}

function placeFleet(b: Bench, unitNode: Int32Array): Fleet {
  const { g, ch } = b;
  const network = new RoadNetwork(g, ch);
  const tSnap = performance.now();
  void network.snapper;
  const snapIndexS = (performance.now() - tSnap) / 1000;
  const tt = new RoadTravelTimes(network);
  const ids: string[] = [];
  for (let u = 0; u < unitNode.length; u++) {
    ids.push(`u${u}`);
    tt.setOrigin(ids[u], { lat: g.lat[unitNode[u]], lon: g.lon[unitNode[u]] });
  }
  return { network, tt, ids, snapIndexS };
}

interface QueryFigures {
  estS: Summary;
  p2pS: Summary;
  p2pDjS: Summary;
  p2pMismatch: number;
  matrixMs: number;
  allS: Summary;
  isoS: Summary;
}

/** The full TravelTimes path (snapping + Map), point-to-point against Dijkstra, a 100×100 matrix, one-to-all and isochrones. */
function queryFigures(b: Bench, unitNode: Int32Array, fleet: Fleet): QueryFigures {
  const { g, ch, pick, dijkstra, heavy } = b;
  const { network, tt, ids } = fleet;
  const units = unitNode.length;
  const estimateTimes: number[] = [];
  for (let q = 0; q < 200; q++) {
    const v = pick();
    const t = performance.now();
    tt.estimate(ids, { lat: g.lat[v], lon: g.lon[v] });
    estimateTimes.push(performance.now() - t);
  }
  const estS = summary(estimateTimes);

  const p2pTimes: number[] = [];
  const p2pDj: number[] = [];
  let p2pMismatch = 0;
  const p2pRuns = heavy ? 40 : 100;
  for (let q = 0; q < p2pRuns; q++) {
    const s = pick();
    const d = pick();
    let t = performance.now();
    const hit = network.router.query([s], null, [d], null, true);
    p2pTimes.push(performance.now() - t);
    t = performance.now();
    dijkstra.run([s], null, { targets: [d] });
    p2pDj.push(performance.now() - t);
    if ((hit?.ms ?? Number.POSITIVE_INFINITY) !== dijkstra.dist[d]) p2pMismatch++;
  }
  const p2pS = summary(p2pTimes);
  const p2pDjS = summary(p2pDj);

  const side = Math.min(100, units);
  const tMatrix = performance.now();
  const mb = new SourceBuckets(ch);
  for (let i = 0; i < side; i++) mb.set(i, [unitNode[i]], null);
  const row = new Float64Array(side);
  for (let j = 0; j < side; j++) mb.query([unitNode[(j * 7) % units]], null, row);
  const matrixMs = performance.now() - tMatrix;

  const allTimes: number[] = [];
  for (let q = 0; q < (heavy ? 5 : 10); q++) {
    const t = performance.now();
    dijkstra.run([pick()], null);
    allTimes.push(performance.now() - t);
  }
  const allS = summary(allTimes);
  const isoTimes: number[] = [];
  for (let q = 0; q < 20; q++) {
    const v = pick();
    const snap = network.snap({ lat: g.lat[v], lon: g.lon[v] });
    if (!snap) continue;
    const t = performance.now();
    network.reachable(network.origin(snap), 10 * 60_000);
    isoTimes.push(performance.now() - t);
  }
  const isoS = summary(isoTimes);
  return { estS, p2pS, p2pDjS, p2pMismatch, matrixMs, allS, isoS };
}

interface ClosureFigures {
  closurePrepareS: number;
  closeUpdate: number[];
  closeS: Summary;
  closedS: Summary;
  closedMismatch: number;
}

/** Units whose estimate under closures differs from a backward Dijkstra on the live weights to the same snapped target. */
function closedMismatches(
  b: Bench,
  unitNode: Int32Array,
  fleet: Fleet,
  target: { lat: number; lon: number },
  est: ReturnType<RoadTravelTimes["estimate"]>,
): number {
  const { g, dijkstra } = b;
  const { network, ids } = fleet;
  const snap = network.snap(target);
  if (!snap) return 0;
  const dest = network.destination(snap);
  dijkstra.run(dest.nodes, dest.offsets, { backward: true, weights: network.weights });
  let mismatches = 0;
  for (let u = 0; u < unitNode.length; u++) {
    const p = network.origin(
      network.snap({ lat: g.lat[unitNode[u]], lon: g.lon[unitNode[u]] }) as NonNullable<ReturnType<typeof network.snap>>,
    );
    let best = network.sameRoadMs(p.snap, snap);
    for (let i = 0; i < p.nodes.length; i++) best = Math.min(best, p.offsets[i] + dijkstra.dist[p.nodes[i]]);
    const got = est.get(ids[u])?.seconds;
    const expected = best === Number.POSITIVE_INFINITY ? null : best / 1000;
    if (got !== expected) mismatches++;
  }
  return mismatches;
}

/** Closures: close every road within 300 m of a random point, then check ETAs against Dijkstra on live weights. */
function closureFigures(b: Bench, unitNode: Int32Array, fleet: Fleet): ClosureFigures {
  const { g, random, pick, heavy } = b;
  const { network, tt, ids } = fleet;
  const tPrepare = performance.now();
  network.prepareForChanges();
  const closurePrepareS = (performance.now() - tPrepare) / 1000;
  const closeUpdate: number[] = [];
  const closedQueries: number[] = [];
  let closedMismatch = 0;
  const closedRounds = heavy ? 3 : 5;
  const closedQueries_ = heavy ? 6 : 20;
  for (let round_ = 0; round_ < closedRounds; round_++) {
    const c = pick();
    const edges = network.edgesNear({ lat: g.lat[c], lon: g.lon[c] }, 300);
    let t = performance.now();
    network.clearChanges();
    network.closeEdges(edges);
    // The update: live weights, hierarchy marks, and every unit's kept search re-marked.
    tt.refresh();
    closeUpdate.push(performance.now() - t);
    for (let q = 0; q < closedQueries_; q++) {
      // Incidents near the closure, where the detours matter.
      const v = q % 2 === 0 ? pick() : nearNode(g, c, random);
      const target = { lat: g.lat[v], lon: g.lon[v] };
      t = performance.now();
      const est = tt.estimate(ids, target);
      closedQueries.push(performance.now() - t);
      closedMismatch += closedMismatches(b, unitNode, fleet, target, est);
    }
  }
  network.clearChanges();
  const closeS = summary(closeUpdate);
  const closedS = summary(closedQueries);
  return { closurePrepareS, closeUpdate, closeS, closedS, closedMismatch };
}

type PgFigures = Awaited<ReturnType<typeof pgRoutingBaseline>>;

/** Every phase's figures, for the result row and the table. */
interface Measured {
  args: Args;
  prepared: PreparedGraph;
  b: Bench;
  m: OneToMany;
  fleet: Fleet;
  q: QueryFigures;
  cl: ClosureFigures;
  pg: PgFigures | null;
  /** Start of the run, for total_s. */
  t0: number;
}

/** The JSON row recorded in RESULTS.md; keys and their order are what earlier results are compared by. */
function routingResult({ args, prepared, b, m, fleet, q, cl, pg, t0 }: Measured) {
  const { name, importS, preprocessS, preprocessCpuS, loadS } = prepared;
  const { g, ch, n } = b;
  const { chS, djS, chCpuS, djCpuS, moveS } = m;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  return {
    graph: name,
    nodes: n,
    edges: g.edgeCount,
    hierarchy_edges: ch.upTarget.length + ch.downTarget.length,
    units: args.units,
    queries: args.queries,
    moving_units_per_query: m.movers,
    import_s: round(importS, 2),
    preprocess_s: round(preprocessS, 2),
    preprocess_cpu_s: round(preprocessCpuS, 2),
    load_s: loadS === null ? null : round(loadS, 3),
    rss_mb: Math.round(rssMb),
    p50_ms: round(chS.p50),
    p99_ms: round(chS.p99),
    mean_ms: round(chS.mean),
    baseline_p50_ms: round(djS.p50),
    baseline_p99_ms: round(djS.p99),
    speedup_p50: round(djS.p50 / chS.p50, 1),
    cpu_p50_ms: round(chCpuS.p50),
    cpu_p99_ms: round(chCpuS.p99),
    baseline_cpu_p50_ms: round(djCpuS.p50),
    load_average: round((m.loadBefore + m.loadAfter) / 2, 1),
    cores: cpus().length,
    mismatches: m.mismatches,
    unreachable_pairs: m.unreachable,
    bucket_entries_scanned_per_query: Math.round(m.scanned / args.queries),
    unit_move_mean_ms: round(moveS.mean),
    estimate_p50_ms: round(q.estS.p50),
    estimate_p99_ms: round(q.estS.p99),
    snap_index_s: round(fleet.snapIndexS, 2),
    p2p_p50_ms: round(q.p2pS.p50),
    p2p_baseline_p50_ms: round(q.p2pDjS.p50),
    p2p_mismatches: q.p2pMismatch,
    matrix_100x100_ms: round(q.matrixMs, 1),
    one_to_all_p50_ms: round(q.allS.p50, 1),
    isochrone_10min_p50_ms: round(q.isoS.p50, 2),
    closure_prepare_s: round(cl.closurePrepareS, 2),
    closure_update_p50_ms: round(cl.closeS.p50, 1),
    closure_update_max_ms: round(Math.max(...cl.closeUpdate), 1),
    closed_estimate_p50_ms: round(cl.closedS.p50),
    closed_mismatches: cl.closedMismatch,
    pgrouting_queries: pg?.queries ?? 0,
    pgrouting_method: pg ? "pgr_dijkstraCost one-to-many on reversed edges" : null,
    pgrouting_p50_ms: pg ? round(pg.p50, 1) : null,
    pgrouting_mismatches: pg?.mismatches ?? null,
    pgrouting_load_s: pg ? round(pg.loadS, 1) : null,
    total_s: round((performance.now() - t0) / 1000, 1),
  };
}

type RoutingResult = ReturnType<typeof routingResult>;

/** The markdown table printed and recorded next to the JSON row. */
function routingTable({ args, prepared, b, m, cl, pg }: Measured, result: RoutingResult): string {
  const { name } = prepared;
  const { g, n } = b;
  const { units, queries } = args;
  const { movers, mismatches } = m;
  const { closedMismatch } = cl;
  return [
    `Graph ${name}: ${n} nodes, ${g.edgeCount} edges; ${units} units, ${queries} incident queries, ${movers} units moved before each. Machine: ${result.cores} cores, load average ${result.load_average} during the queries.`,
    "",
    "| figure | hierarchy | Dijkstra baseline |",
    "|---|---|---|",
    `| incident one-to-many p50 / p99 | ${result.p50_ms} / ${result.p99_ms} ms | ${result.baseline_p50_ms} / ${result.baseline_p99_ms} ms |`,
    `| same, process CPU time p50 / p99 | ${result.cpu_p50_ms} / ${result.cpu_p99_ms} ms | ${result.baseline_cpu_p50_ms} ms p50 |`,
    `| speed-up at p50 | ${result.speedup_p50}× | |`,
    `| mismatches | ${mismatches} of ${units * queries} answers | |`,
    `| point-to-point p50 | ${result.p2p_p50_ms} ms | ${result.p2p_baseline_p50_ms} ms |`,
    `| TravelTimes.estimate (snap + ${units} units) p50 / p99 | ${result.estimate_p50_ms} / ${result.estimate_p99_ms} ms | |`,
    `| unit move (forward search + buckets) mean | ${result.unit_move_mean_ms} ms | |`,
    `| many-to-many 100×100 | ${result.matrix_100x100_ms} ms | |`,
    `| one-to-all p50 / isochrone 10 min p50 | | ${result.one_to_all_p50_ms} / ${result.isochrone_10min_p50_ms} ms |`,
    `| closure update (300 m ring) p50 / max | ${result.closure_update_p50_ms} / ${result.closure_update_max_ms} ms | |`,
    `| estimate with closures p50, mismatches | ${result.closed_estimate_p50_ms} ms, ${closedMismatch} | |`,
    ...(pg
      ? [
          `| pgRouting pgr_dijkstraCost, one search per incident on reversed edges (${pg.queries} queries) p50 | | ${result.pgrouting_p50_ms} ms, ${pg.mismatches} mismatches vs hierarchy |`,
        ]
      : []),
    `| preprocess wall (CPU) / load / peak RSS | ${result.preprocess_s} s (${result.preprocess_cpu_s} s) / ${result.load_s ?? "-"} s / ${result.rss_mb} MB | |`,
  ].join("\n");
}

export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (!args) {
    console.log(HELP);
    return;
  }
  const random = seededRandom(args.seed);
  const t0 = performance.now();
  const prepared = args.graph?.endsWith(".lgr") ? loadPrepared(args.graph) : await buildPrepared(args);
  const g = prepared.file.graph;
  const ch = prepared.file.ch ?? contract(g);
  const n = g.nodeCount;
  const pick = () => Math.floor(random() * n);
  const b: Bench = { g, ch, n, random, pick, dijkstra: new Dijkstra(g), heavy: n > 200_000 };

  const m = oneToMany(args, b);
  const fleet = placeFleet(b, m.unitNode);
  log("measuring TravelTimes.estimate, point-to-point, matrix, one-to-all and closures…");
  const q = queryFigures(b, m.unitNode, fleet);
  const cl = closureFigures(b, m.unitNode, fleet);
  const pg = args.pgrouting > 0 ? await pgRoutingBaseline(g, ch, m.unitNode, args.pgrouting, pick) : null;

  const measured: Measured = { args, prepared, b, m, fleet, q, cl, pg, t0 };
  const result = routingResult(measured);
  const md = routingTable(measured, result);
  console.log(md);
  if (args.record) recordResult("routing", md, result);
  if (args.json) console.log(JSON.stringify(result));
}

/** A node within a few hundred metres of c (for incidents near a closure). */
function nearNode(g: RoadGraph, c: number, random: () => number): number {
  let v = c;
  for (let step = 0; step < 4; step++) {
    const deg = g.firstOut[v + 1] - g.firstOut[v];
    if (deg === 0) break;
    v = g.target[g.firstOut[v] + Math.floor(random() * deg)];
  }
  return v;
}

/**
 * pgRouting baseline: the same graph in a fresh, temporary database; each incident is one
 * pgr_dijkstraCost call (which also reads the edges from SQL every time, as pgRouting does).
 * Costs are seconds as float8, so equality allows 1 ms.
 */
async function pgRoutingBaseline(
  g: RoadGraph,
  ch: Hierarchy,
  unitNode: Int32Array,
  queries: number,
  pick: () => number,
): Promise<{ queries: number; p50: number; mismatches: number; loadS: number }> {
  const { default: pg } = await import("pg");
  const url = process.env.PGURL ?? "postgres://root@127.0.0.1:5432/test";
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const db = `lantern_bench_routing_${process.pid}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const u = new URL(url);
  u.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: u.toString() });
  try {
    await client.connect();
    await client.query("CREATE EXTENSION pgrouting CASCADE");
    await client.query("CREATE TABLE edges (id int PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, cost float8 NOT NULL)");
    const tl = performance.now();
    const batch = 100_000;
    let e = 0;
    for (let start = 0; start < g.edgeCount; start += batch) {
      const ids: number[] = [];
      const src: number[] = [];
      const dst: number[] = [];
      const cost: number[] = [];
      for (; e < Math.min(g.edgeCount, start + batch); e++) {
        ids.push(e + 1);
        dst.push(g.target[e] + 1);
        cost.push(g.weight[e] / 1000);
      }
      for (let i = ids.length - 1, v = g.nodeCount - 1; i >= 0; i--) {
        const edge = ids[i] - 1;
        while (g.firstOut[v] > edge) v--;
        src[i] = v + 1;
      }
      await client.query("INSERT INTO edges SELECT * FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::float8[])", [
        ids,
        src,
        dst,
        cost,
      ]);
    }
    const loadS = (performance.now() - tl) / 1000;
    log(`pgRouting: loaded ${g.edgeCount} edges in ${loadS.toFixed(1)} s; running ${queries} many-to-one queries…`);
    const buckets = new SourceBuckets(ch);
    for (let i = 0; i < unitNode.length; i++) buckets.set(i, [unitNode[i]], null);
    const out = new Float64Array(unitNode.length);
    const starts = [...new Set(unitNode)].map((v) => v + 1);
    const times: number[] = [];
    let mismatches = 0;
    for (let q = 0; q < queries; q++) {
      const incident = pick();
      const t = performance.now();
      // Many-to-one as one search: one-to-many on the reversed edges (pgRouting's many-to-one
      // form runs one Dijkstra per unit, which is ~1000× slower and not a fair baseline).
      const res = await client.query(
        "SELECT end_vid AS start_vid, agg_cost FROM pgr_dijkstraCost('SELECT id, target AS source, source AS target, cost FROM edges', $2::bigint, $1::bigint[], true)",
        [starts, incident + 1],
      );
      times.push(performance.now() - t);
      buckets.query([incident], null, out);
      const cost = new Map<number, number>();
      for (const row of res.rows) cost.set(Number(row.start_vid) - 1, Number(row.agg_cost));
      cost.set(incident, 0);
      for (let i = 0; i < unitNode.length; i++) {
        const theirs = cost.get(unitNode[i]);
        const ours = out[i] / 1000;
        if (theirs === undefined ? ours !== Number.POSITIVE_INFINITY : Math.abs(theirs - ours) > 0.001) mismatches++;
      }
    }
    return { queries, p50: summary(times).p50, mismatches, loadS };
  } finally {
    await client.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => {});
    await admin.end();
  }
}
