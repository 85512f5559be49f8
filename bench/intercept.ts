/**
 * Interception planner benchmark: for random incidents on a real road graph, the planner's
 * interception probability against two baselines on the same simulated escapes — (a) switch on
 * the checkpoints nearest the incident, (b) send every unit to the point of the fastest escape
 * route it reaches soonest — each measured on a second, independent route sample, plus the
 * planner's compute time.
 */
import { existsSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { contract } from "../src/geo/ch.ts";
import { largestComponent } from "../src/geo/components.ts";
import type { RoadGraph } from "../src/geo/graph.ts";
import { readGraphFile } from "../src/geo/graph-file.ts";
import { importGraph } from "../src/geo/import-graph.ts";
import { RoadNetwork } from "../src/geo/road-network.ts";
import { DEMO_BBOX, syntheticCity } from "../src/geo/synthetic-city.ts";
import { octagon, ringCrossings } from "../src/intercept/demo.ts";
import { type Estimate, type PlanCheckpointInput, planInterception, wilson } from "../src/intercept/planner.ts";
import { seededRandom } from "../src/platform/random.ts";
import { recordResult } from "./results.ts";

const HELP = `usage: npm run bench -- intercept [--graph FILE] [options]

  --graph FILE      a CSV graph (nodes file or folder; edges file beside it), an OSM extract
                    (.osm.pbf, .osm, .osm.gz, .osm.bz2) or a .lgr file. Default: the Hangzhou
                    graph in the shared data folder (hangzhou/roads-nodes.csv), else the demo city.
  --units N         available units on random nodes (default 20)
  --routes N        simulated escape routes per sample (default 1000)
  --horizon MIN     planning horizon in minutes (default 30)
  --elapsed MIN     minutes since the suspect fled (default 3)
  --incidents N     random incidents (default 20)
  --activations N   checkpoints each plan may switch on (default 8)
  --seed N          random seed (default 7)
  --no-record       do not append to bench/RESULTS.md
  --json            print one JSON object as the last line

The largest strongly connected component is used. Two rings (octagons at 30 % and 60 % of the
graph's half-extent around its centre) get up to 16 and 24 checkpoints where roads of >= 40 km/h
cross them (at least 400 m apart; >= 59 km/h: permanent, ready in 3 min; others ad hoc, 15 min).
Each incident: planner with baselines on the same two route samples (the plan is chosen on the
first; every p_* is measured on the second). p_* are pooled over all incidents; the 95 % interval is the
wider of Wilson's and one combining each plan's cluster-robust interval (routes cluster by
preference tree); plan_ms is the planner's wall time per incident (both samples, unit searches,
optimisation, evaluation, isochrones), reported as p50/p95/max.`;

interface Args {
  graph?: string;
  units: number;
  routes: number;
  horizon: number;
  elapsed: number;
  incidents: number;
  activations: number;
  seed: number;
  record: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args | null {
  const a: Args = { units: 20, routes: 1000, horizon: 30, elapsed: 3, incidents: 20, activations: 8, seed: 7, record: true, json: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${k} needs a non-negative number`);
      return v;
    };
    if (k === "--help" || k === "-h") return null;
    else if (k === "--graph") a.graph = argv[++i];
    else if (k === "--units") a.units = num();
    else if (k === "--routes") a.routes = num();
    else if (k === "--horizon") a.horizon = num();
    else if (k === "--elapsed") a.elapsed = num();
    else if (k === "--incidents") a.incidents = num();
    else if (k === "--activations") a.activations = num();
    else if (k === "--seed") a.seed = num();
    else if (k === "--no-record") a.record = false;
    else if (k === "--json") a.json = true;
    else throw new Error(`unknown option ${k}; see --help`);
  }
  return a;
}

const log = (m: string) => process.stderr.write(`${m}\n`);

function sharedData(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  return process.env.LANTERN_SHARED_DATA ?? join(root, "..", "shared", "data");
}

async function loadGraph(path: string | undefined): Promise<{ name: string; graph: RoadGraph }> {
  if (!path) {
    const hz = join(sharedData(), "hangzhou", "roads-nodes.csv");
    if (existsSync(hz)) path = hz;
    else {
      log("no --graph and no shared Hangzhou data: using the synthetic demo city (30,000 nodes)");
      return { name: "synthetic-demo-30000", graph: largestComponent(syntheticCity({ bbox: DEMO_BBOX, nodes: 30_000, seed: 1 })).graph };
    }
  }
  if (/\.lgr$/i.test(path)) return { name: basename(path), graph: readGraphFile(path).graph };
  const r = await importGraph(path, { log });
  const graph = r.droppedNodes > 0 || r.components > 1 ? largestComponent(r.graph).graph : r.graph;
  // "hangzhou/roads-nodes.csv" rather than "roads": the folder says which city.
  const name = statSync(path).isDirectory()
    ? basename(path)
    : /\.csv$/i.test(path)
      ? `${basename(dirname(path))}/${basename(path)}`
      : basename(path);
  return { name, graph };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const fmt = (e: Estimate) => `${(e.estimate * 100).toFixed(1)} % [${(e.low * 100).toFixed(1)}, ${(e.high * 100).toFixed(1)}]`;

export async function run(argv: string[]): Promise<void> {
  let args: Args | null;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  if (!args) {
    console.log(HELP);
    return;
  }
  const loadBefore = loadavg()[0];
  log(`loading ${args.graph ?? "default graph"} …`);
  const { name, graph } = await loadGraph(args.graph);
  log(`${graph.nodeCount} nodes, ${graph.edgeCount} edges; contracting …`);
  const tCh = performance.now();
  const network = new RoadNetwork(graph, contract(graph));
  log(`hierarchy in ${((performance.now() - tCh) / 1000).toFixed(1)} s`);

  // Rings and checkpoints around the graph's centre.
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  let minLon = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < graph.nodeCount; v++) {
    minLat = Math.min(minLat, graph.lat[v]);
    maxLat = Math.max(maxLat, graph.lat[v]);
    minLon = Math.min(minLon, graph.lon[v]);
    maxLon = Math.max(maxLon, graph.lon[v]);
  }
  const centre = { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
  const half = { lat: (maxLat - minLat) / 2, lon: (maxLon - minLon) / 2 };
  const checkpoints: PlanCheckpointInput[] = [];
  for (const [ringName, share, max] of [
    ["inner", 0.3, 16],
    ["outer", 0.6, 24],
  ] as const) {
    const posts = ringCrossings(graph, octagon(half.lat * share, half.lon * share, centre), 400, 40).slice(0, max);
    for (const [i, p] of posts.entries()) {
      const permanent = p.speed >= 59;
      checkpoints.push({
        id: `${ringName}-${i + 1}`,
        name: `${ringName} ${i + 1}`,
        lat: p.lat,
        lon: p.lon,
        activationMinutes: permanent ? 3 : 15,
        active: false,
      });
    }
  }
  log(`${checkpoints.length} checkpoints on two rings`);

  const rand = seededRandom(args.seed);
  const pick = (inner: number) => {
    for (;;) {
      const v = Math.floor(rand() * graph.nodeCount);
      if (Math.abs(graph.lat[v] - centre.lat) <= half.lat * inner && Math.abs(graph.lon[v] - centre.lon) <= half.lon * inner) return v;
    }
  };
  const planMs: number[] = [];
  const phases: Record<string, number[]> = { routes: [], units: [], optimise: [], evaluate: [], isochrones: [] };
  const sum = { plan: 0, nearestCheckpoint: 0, nearestRouteNode: 0, routes: 0, inSample: 0, certified: 0 };
  // Per-incident variances (from each plan's own interval) for the pooled interval.
  const variance = { plan: 0, nearestCheckpoint: 0, nearestRouteNode: 0 };
  const varOf = (e: Estimate) => (((e.high - e.low) / (2 * 1.96)) * e.routes) ** 2;
  for (let k = 0; k < args.incidents; k++) {
    const origin = pick(0.5);
    const units = Array.from({ length: args.units }, (_, i) => {
      const v = pick(1);
      return { id: `u${i}`, label: `U${i}`, lat: graph.lat[v], lon: graph.lon[v] };
    });
    const t = performance.now();
    const r = await planInterception({
      network,
      // The planner reads no clock of its own; the bench times its phases.
      stopwatch: () => performance.now(),
      origin: { lat: graph.lat[origin], lon: graph.lon[origin] },
      minutesSinceFlight: args.elapsed,
      horizonMinutes: args.horizon,
      speedFactor: 1,
      units,
      checkpoints,
      maxActivations: args.activations,
      routes: args.routes,
      seed: args.seed * 1000 + k,
      baselines: true,
    });
    planMs.push(performance.now() - t);
    for (const key of Object.keys(phases)) phases[key].push(r.computeMs[key as keyof typeof r.computeMs]);
    sum.plan += r.probability.intercepted;
    sum.nearestCheckpoint += r.baselines!.nearestCheckpoint.intercepted;
    sum.nearestRouteNode += r.baselines!.nearestRouteNode.intercepted;
    sum.routes += r.probability.routes;
    variance.plan += varOf(r.probability);
    variance.nearestCheckpoint += varOf(r.baselines!.nearestCheckpoint);
    variance.nearestRouteNode += varOf(r.baselines!.nearestRouteNode);
    sum.inSample += r.inSampleShare;
    sum.certified += r.optimality.certifiedRatio;
    log(
      `incident ${k + 1}/${args.incidents}: p ${fmt(r.probability)}, nearest checkpoints ${fmt(r.baselines!.nearestCheckpoint)}, ` +
        `nearest route node ${fmt(r.baselines!.nearestRouteNode)}, ${Math.round(planMs[k])} ms`,
    );
  }
  const pooled = (k: number, v: number): Estimate => {
    const w = wilson(k, sum.routes);
    const se = Math.sqrt(v) / sum.routes;
    const p = k / sum.routes;
    return { ...w, low: Math.max(0, Math.min(w.low, p - 1.96 * se)), high: Math.min(1, Math.max(w.high, p + 1.96 * se)) };
  };
  const p = pooled(sum.plan, variance.plan);
  const b1 = pooled(sum.nearestCheckpoint, variance.nearestCheckpoint);
  const b2 = pooled(sum.nearestRouteNode, variance.nearestRouteNode);
  const load = loadavg()[0];
  const result = {
    graph: name,
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    units: args.units,
    routes: args.routes,
    incidents: args.incidents,
    horizon_min: args.horizon,
    elapsed_min: args.elapsed,
    checkpoints: checkpoints.length,
    max_activations: args.activations,
    p_intercept: round(p.estimate),
    p_intercept_low: round(p.low),
    p_intercept_high: round(p.high),
    p_baseline_nearest_checkpoint: round(b1.estimate),
    p_baseline_nearest_checkpoint_low: round(b1.low),
    p_baseline_nearest_checkpoint_high: round(b1.high),
    p_baseline_nearest_route_node: round(b2.estimate),
    p_baseline_nearest_route_node_low: round(b2.low),
    p_baseline_nearest_route_node_high: round(b2.high),
    in_sample_share: round(sum.inSample / args.incidents),
    certified_ratio_mean: round(sum.certified / args.incidents),
    plan_ms: Math.round(pct(planMs, 95)),
    plan_ms_p50: Math.round(pct(planMs, 50)),
    plan_ms_max: Math.round(Math.max(...planMs)),
    phase_ms_p95: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(pct(v, 95))])),
    load_avg_1m: [round(loadBefore), round(load)],
    cpus: cpus().length,
  };
  const lines = [
    `graph ${name}: ${graph.nodeCount} nodes, ${graph.edgeCount} edges (largest SCC); ${checkpoints.length} checkpoints on two rings`,
    `${args.incidents} incidents × ${args.units} units, ${args.routes} routes per sample, ${args.elapsed} min since flight, ${args.horizon} min horizon, ≤ ${args.activations} activations`,
    `p_intercept (independent sample, pooled, 95 % interval): planner ${fmt(p)}`,
    `  baseline nearest checkpoints:        ${fmt(b1)}  (planner ÷ baseline ${(p.estimate / Math.max(1e-9, b1.estimate)).toFixed(2)})`,
    `  baseline unit → nearest route node:  ${fmt(b2)}  (planner ÷ baseline ${(p.estimate / Math.max(1e-9, b2.estimate)).toFixed(2)})`,
    `  in-sample share ${(result.in_sample_share * 100).toFixed(1)} %, certified ≥ ${(result.certified_ratio_mean * 100).toFixed(1)} % of the sample optimum (mean)`,
    `plan_ms p50 ${result.plan_ms_p50}, p95 ${result.plan_ms}, max ${result.plan_ms_max} (phases p95: ${JSON.stringify(result.phase_ms_p95)})`,
    `load average (1 min) before/after: ${result.load_avg_1m.join(" / ")} on ${result.cpus} cores (shared machine)`,
  ];
  for (const l of lines) console.log(l);
  if (args.record) recordResult(`intercept (${name})`, lines.map((l) => `- ${l}`).join("\n"), result);
  if (args.json) console.log(JSON.stringify(result));
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
