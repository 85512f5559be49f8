/**
 * The interception planner: simulate escapes, time every unit to every node the escapes use,
 * choose intercept points and checkpoints, and measure the plan on an independent second sample.
 * Pure computation on the road network; storing, events and dispatch live in plans.ts.
 */
import { isochrone } from "../geo/isochrone.ts";
import type { RoadNetwork } from "../geo/road-network.ts";
import type { Snap } from "../geo/snap.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { type CoverageInstance, coverageOf, optimiseCoverage } from "./coverage.ts";
import { checkpointYield, DEFAULT_ESCAPE_MODEL, type EscapeModel, type EscapeRoutes, fastNodes, simulateEscapes } from "./escape.ts";

/** A last known position farther than this from any road is "outside the graph". */
export const MAX_ORIGIN_SNAP_M = 500;
/** Units parked farther than this from a road are left out of the plan (and named). */
export const MAX_UNIT_SNAP_M = 1000;
/** A checkpoint must sit on a road: within this distance of one. */
export const MAX_CHECKPOINT_SNAP_M = 150;
export const MAX_HORIZON_MINUTES = 12 * 60;
export const ISOCHRONE_MINUTES = [5, 10, 30];

export class PlannerInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    /** The same reason for Chinese readers. */
    readonly reasonZh: string,
    readonly kind: "validation" | "off_network" = "validation",
  ) {
    super(`${field}: ${reason}`);
  }
}

export interface PlanUnitInput {
  id: string;
  label: string;
  lat: number;
  lon: number;
}

export interface PlanCheckpointInput {
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** Minutes from the order to staff at the post. */
  activationMinutes: number;
  active: boolean;
}

export interface PlanInput {
  network: RoadNetwork;
  origin: LatLon;
  minutesSinceFlight: number;
  horizonMinutes: number;
  speedFactor: number;
  units: PlanUnitInput[];
  checkpoints: PlanCheckpointInput[];
  maxActivations: number;
  routes?: number;
  seed?: number;
  model?: Partial<Omit<EscapeModel, "seed" | "routes">>;
  isochrones?: boolean;
  baselines?: boolean;
  signal?: AbortSignal;
}

export interface Estimate {
  estimate: number;
  low: number;
  high: number;
  intercepted: number;
  routes: number;
}

export interface UnitPlan {
  unitId: string;
  label: string;
  node: number | null;
  lat: number | null;
  lon: number | null;
  /** Seconds from now until the unit can be at its intercept point. */
  etaS: number | null;
  /** Seconds the unit is there before the earliest suspect it stops on the planning sample. */
  slackS: number | null;
  /** Share of planning routes this unit is placed to stop (alone or with others). */
  routeShare: number;
  reason: string | null;
}

export interface CheckpointPlan {
  checkpointId: string;
  name: string;
  node: number;
  lat: number;
  lon: number;
  state: "active" | "activate";
  readyInS: number;
  routeShare: number;
}

export interface PlanResult {
  /** One line for the console, in both languages. */
  summary: { "zh-CN": string; en: string };
  origin: { lat: number; lon: number; snapMeters: number };
  minutesSinceFlight: number;
  horizonMinutes: number;
  speedFactor: number;
  model: EscapeModel;
  probability: Estimate;
  inSampleShare: number;
  optimality: { greedyCovered: number; covered: number; upperBound: number; certifiedRatio: number; guarantee: string };
  units: UnitPlan[];
  checkpoints: CheckpointPlan[];
  /** `unitId` names the unit a warning is about, so a reader who may not see it gets the warning without it. */
  warnings: { code: string; detail: string; unitId?: string }[];
  isochrones: { minutesFromNow: number; minutesSinceFlight: number; polygon: unknown }[];
  escapeCone: { type: "FeatureCollection"; features: unknown[] };
  baselines: { nearestCheckpoint: Estimate; nearestRouteNode: Estimate } | null;
  computeMs: { routes: number; units: number; optimise: number; evaluate: number; isochrones: number; total: number };
}

/** Wilson score interval (95 %): honest near 0 and 1, where the normal approximation is not. */
export function wilson(k: number, n: number, z = 1.96): Estimate {
  if (n === 0) return { estimate: 0, low: 0, high: 1, intercepted: 0, routes: 0 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), intercepted: k, routes: n };
}

export function validatePlanNumbers(p: { minutesSinceFlight: number; horizonMinutes: number; speedFactor: number; routes?: number }): void {
  if (!Number.isFinite(p.minutesSinceFlight) || p.minutesSinceFlight < 0 || p.minutesSinceFlight > MAX_HORIZON_MINUTES)
    throw new PlannerInputError(
      "minutesSinceFlight",
      `must be between 0 and ${MAX_HORIZON_MINUTES}, got ${p.minutesSinceFlight}`,
      `必须在 0 到 ${MAX_HORIZON_MINUTES} 之间，当前为 ${p.minutesSinceFlight}`,
    );
  if (!Number.isFinite(p.horizonMinutes) || p.horizonMinutes <= 0 || p.horizonMinutes > MAX_HORIZON_MINUTES)
    throw new PlannerInputError(
      "horizonMinutes",
      `must be more than 0 and at most ${MAX_HORIZON_MINUTES} (12 h), got ${p.horizonMinutes}`,
      `必须大于 0 且不超过 ${MAX_HORIZON_MINUTES}（12 小时），当前为 ${p.horizonMinutes}`,
    );
  if (!Number.isFinite(p.speedFactor) || p.speedFactor < 0.3 || p.speedFactor > 3)
    throw new PlannerInputError(
      "speedFactor",
      `must be between 0.3 and 3 (1 = free-flow speed), got ${p.speedFactor}`,
      `必须在 0.3 到 3 之间（1 = 自由流速度），当前为 ${p.speedFactor}`,
    );
  if (p.routes !== undefined && (!Number.isInteger(p.routes) || p.routes < 10 || p.routes > 20_000))
    throw new PlannerInputError(
      "routes",
      `must be an integer from 10 to 20000, got ${p.routes}`,
      `必须是 10 到 20000 之间的整数，当前为 ${p.routes}`,
    );
}

/** The graph node a snapped point stands at: the nearer end of its road. */
export function nodeOfSnap(network: RoadNetwork, snap: Snap): number {
  return snap.fraction < 0.5 ? network.snapper.sourceOf(snap.edge) : network.graph.target[snap.edge];
}

export async function planInterception(input: PlanInput): Promise<PlanResult> {
  const started = performance.now();
  validatePlanNumbers(input);
  const { network, signal } = input;
  const g = network.graph;
  const snap = network.snap(input.origin);
  if (!snap || snap.distanceM > MAX_ORIGIN_SNAP_M)
    throw new PlannerInputError(
      "origin",
      snap
        ? `(${input.origin.lat}, ${input.origin.lon}) is ${Math.round(snap.distanceM)} m from the nearest road; the limit is ${MAX_ORIGIN_SNAP_M} m`
        : `(${input.origin.lat}, ${input.origin.lon}) is not near the road network`,
      snap
        ? `(${input.origin.lat}, ${input.origin.lon}) 距最近道路 ${Math.round(snap.distanceM)} 米，上限为 ${MAX_ORIGIN_SNAP_M} 米`
        : `(${input.origin.lat}, ${input.origin.lon}) 不在路网附近`,
      "off_network",
    );
  const place = network.origin(snap);
  if (place.nodes.length === 0)
    throw new PlannerInputError("origin", "the road at this point is closed in both directions", "该位置的道路双向封闭", "off_network");
  const warnings: PlanResult["warnings"] = [];
  const elapsedMs = input.minutesSinceFlight * 60_000;
  const horizonMs = input.horizonMinutes * 60_000;
  const limitMs = elapsedMs + horizonMs;
  const routes = input.routes ?? DEFAULT_ESCAPE_MODEL.routes;
  const model: EscapeModel = {
    ...DEFAULT_ESCAPE_MODEL,
    trees: Math.max(4, Math.min(DEFAULT_ESCAPE_MODEL.trees, Math.ceil(routes / 20))),
    ...input.model,
    routes,
    seed: input.seed ?? 1,
  };

  // Checkpoints onto nodes.
  const cps: { cp: PlanCheckpointInput; node: number }[] = [];
  for (const cp of input.checkpoints) {
    const s = network.snap(cp);
    if (!s || s.distanceM > MAX_CHECKPOINT_SNAP_M) {
      warnings.push({ code: "checkpoint_off_network", detail: `checkpoint ${cp.name} is not on the current road network; left out` });
      continue;
    }
    cps.push({ cp, node: nodeOfSnap(network, s) });
  }
  const exits = Int32Array.from(cps.map((c) => c.node));
  const escapeInput = {
    graph: g,
    weights: network.weights,
    originNodes: place.nodes,
    originOffsets: place.offsets,
    speedFactor: input.speedFactor,
    startMs: elapsedMs,
    limitMs,
    exits,
    signal,
  };
  const t0 = performance.now();
  const planning = await simulateEscapes(escapeInput, model);
  const evaluation = await simulateEscapes(escapeInput, { ...model, seed: model.seed + 1_000_003 });
  const tRoutes = performance.now();
  if (planning.node.length === 0)
    warnings.push({
      code: "escapes_already_over",
      detail:
        "every simulated escape reached its destination before now: the suspect has probably left the loaded road graph (load a regional graph for ring plans)",
    });

  // The baseline's single fastest escape route (noise-free).
  const baselinePath = input.baselines ? fastestEscapePath(network, place, input.speedFactor, elapsedMs, limitMs) : null;

  // Candidates: every node a planning route visits after now, plus the baseline path's nodes.
  const n = g.nodeCount;
  const candOf = new Int32Array(n).fill(-1);
  const candNode: number[] = [];
  for (let i = 0; i < planning.node.length; i++) {
    const v = planning.node[i];
    if (candOf[v] < 0) {
      candOf[v] = candNode.length;
      candNode.push(v);
    }
  }
  if (baselinePath)
    for (const v of baselinePath.nodes)
      if (candOf[v] < 0) {
        candOf[v] = candNode.length;
        candNode.push(v);
      }
  for (const c of cps)
    if (candOf[c.node] < 0) {
      candOf[c.node] = candNode.length;
      candNode.push(c.node);
    }
  const C = candNode.length;
  const occ = buildOccurrences(planning, candOf, C);

  // Units: one bounded one-to-all search each.
  const units: (PlanUnitInput & { snapM: number })[] = [];
  const unitTime: Float64Array[] = [];
  for (const u of input.units) {
    const s = network.snap(u);
    if (!s || s.distanceM > MAX_UNIT_SNAP_M) {
      warnings.push({
        code: "unit_off_network",
        unitId: u.id,
        detail: `unit ${u.label} is more than ${MAX_UNIT_SNAP_M} m from a road; left out`,
      });
      continue;
    }
    const from = network.origin(s);
    const d = network.dijkstra;
    d.run(from.nodes, from.offsets, { weights: network.weights, limitMs: horizonMs });
    const times = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const ms = d.dist[candNode[c]];
      times[c] = ms <= horizonMs ? elapsedMs + ms : Number.POSITIVE_INFINITY;
    }
    units.push({ ...u, snapM: s.distanceM });
    unitTime.push(times);
    await checkpointYield(signal);
  }
  if (input.units.length === 0)
    warnings.push({ code: "no_available_units", detail: "no unit is available: this plan uses checkpoints only" });
  const tUnits = performance.now();

  const U = units.length;
  const flatTimes = new Float64Array(U * C);
  for (let u = 0; u < U; u++) flatTimes.set(unitTime[u], u * C);
  const K = cps.length;
  const inst: CoverageInstance = {
    routeCount: planning.count,
    candidateCount: C,
    ...occ,
    unitCount: U,
    unitTime: flatTimes,
    checkpointCandidate: Int32Array.from(cps.map((c) => candOf[c.node])),
    checkpointReady: Float64Array.from(cps.map((c) => elapsedMs + (c.cp.active ? 0 : c.cp.activationMinutes * 60_000))),
    checkpointActive: Uint8Array.from(cps.map((c) => (c.cp.active ? 1 : 0))),
    maxActivations: Math.max(0, input.maxActivations),
  };
  const sol = await optimiseCoverage(inst, signal);
  const tOpt = performance.now();

  // Independent second sample: the honest estimate.
  const readyAt = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const evaluate = (choice: ArrayLike<number>, on: ArrayLike<number>): Estimate => {
    const touched: number[] = [];
    const set = (v: number, t: number) => {
      if (t < readyAt[v]) {
        if (readyAt[v] === Number.POSITIVE_INFINITY) touched.push(v);
        readyAt[v] = t;
      }
    };
    for (let u = 0; u < U; u++) if (choice[u] >= 0) set(candNode[choice[u]], flatTimes[u * C + choice[u]]);
    for (let k = 0; k < K; k++) if (on[k]) set(cps[k].node, inst.checkpointReady[k]);
    const estimate = interceptedEstimate(evaluation, readyAt);
    for (const v of touched) readyAt[v] = Number.POSITIVE_INFINITY;
    return estimate;
  };
  const probability = evaluate(sol.unitChoice, sol.checkpointOn);
  let baselines: PlanResult["baselines"] = null;
  if (input.baselines && baselinePath) {
    // Nearest checkpoints: switch on the ones nearest the incident (by the suspect's fastest
    // time) that can still be staffed before the suspect could get there.
    const byNearness = cps
      .map((c, k) => ({ k, t: baselinePath.suspectMsTo[c.node] }))
      .filter((x) => !cps[x.k].cp.active && x.t >= inst.checkpointReady[x.k])
      .sort((a, b) => a.t - b.t);
    const on = Uint8Array.from(cps.map((c) => (c.cp.active ? 1 : 0)));
    for (const x of byNearness.slice(0, inst.maxActivations)) on[x.k] = 1;
    const none = new Int32Array(U).fill(-1);
    const nearestCheckpoint = evaluate(none, on);
    // Every unit to the point of the fastest escape route nearest itself (in time) that it can
    // reach before the suspect does on that route; the nearest point at all when there is none.
    const active = Uint8Array.from(cps.map((c) => (c.cp.active ? 1 : 0)));
    const choice = new Int32Array(U).fill(-1);
    for (let u = 0; u < U; u++) {
      let best = Number.POSITIVE_INFINITY;
      let bestAny = Number.POSITIVE_INFINITY;
      let any = -1;
      for (const v of baselinePath.nodes) {
        const t = flatTimes[u * C + candOf[v]];
        if (t < bestAny) {
          bestAny = t;
          any = candOf[v];
        }
        if (t <= baselinePath.suspectMsTo[v] && t < best) {
          best = t;
          choice[u] = candOf[v];
        }
      }
      if (choice[u] < 0) choice[u] = any;
    }
    baselines = { nearestCheckpoint, nearestRouteNode: evaluate(choice, active) };
  }
  const tEval = performance.now();

  // Per-unit and per-checkpoint explanation on the planning sample.
  const share = (c: number, ready: number) => {
    let k = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (let i = occ.occFirst[c]; i < occ.occFirst[c + 1] && occ.occTime[i] >= ready; i++) {
      k++;
      earliest = occ.occTime[i];
    }
    return { share: k / planning.count, slackMs: earliest - ready };
  };
  const unitPlans: UnitPlan[] = units.map((u, i) => {
    const c = sol.unitChoice[i];
    if (c < 0)
      return {
        unitId: u.id,
        label: u.label,
        node: null,
        lat: null,
        lon: null,
        etaS: null,
        slackS: null,
        routeShare: 0,
        reason: "no point it can reach in time lies on an escape route not already covered",
      };
    const v = candNode[c];
    const ready = flatTimes[i * C + c];
    const s = share(c, ready);
    return {
      unitId: u.id,
      label: u.label,
      node: v,
      lat: g.lat[v],
      lon: g.lon[v],
      etaS: Math.round((ready - elapsedMs) / 1000),
      slackS: Math.round(s.slackMs / 1000),
      routeShare: s.share,
      reason: null,
    };
  });
  const checkpointPlans: CheckpointPlan[] = [];
  for (let k = 0; k < K; k++) {
    if (!sol.checkpointOn[k]) continue;
    const c = inst.checkpointCandidate[k];
    const v = cps[k].node;
    checkpointPlans.push({
      checkpointId: cps[k].cp.id,
      name: cps[k].cp.name,
      node: v,
      lat: g.lat[v],
      lon: g.lon[v],
      state: cps[k].cp.active ? "active" : "activate",
      readyInS: Math.round((inst.checkpointReady[k] - elapsedMs) / 1000),
      routeShare: c >= 0 ? share(c, inst.checkpointReady[k]).share : 0,
    });
  }

  const isochrones: PlanResult["isochrones"] = [];
  if (input.isochrones !== false) {
    for (const m of ISOCHRONE_MINUTES) {
      const iso = isochrone(network, input.origin, (input.minutesSinceFlight + m) * input.speedFactor, 200);
      if (iso) isochrones.push({ minutesFromNow: m, minutesSinceFlight: input.minutesSinceFlight + m, polygon: iso.polygon });
      await checkpointYield(signal);
    }
  }
  const tIso = performance.now();
  const placedUnits = unitPlans.filter((u) => u.node !== null).length;
  const toActivate = checkpointPlans.filter((c) => c.state === "activate").length;
  const pct = (x: number) => Math.round(x * 100);
  const range = `${pct(probability.low)}–${pct(probability.high)}`;
  const summary = {
    "zh-CN": `拦截概率约 ${pct(probability.estimate)}%（95% 区间 ${range}%）：${placedUnits} 个警力前往拦截点，启用 ${toActivate} 个卡点`,
    en: `Interception about ${pct(probability.estimate)} % (95 % interval ${range} %): ${placedUnits} units to intercept points, ${toActivate} checkpoints to activate`,
  };
  return {
    summary,
    origin: { lat: snap.lat, lon: snap.lon, snapMeters: Math.round(snap.distanceM) },
    minutesSinceFlight: input.minutesSinceFlight,
    horizonMinutes: input.horizonMinutes,
    speedFactor: input.speedFactor,
    model,
    probability,
    inSampleShare: sol.covered / planning.count,
    optimality: {
      greedyCovered: sol.greedyCovered,
      covered: sol.covered,
      upperBound: sol.upperBound,
      certifiedRatio: sol.upperBound > 0 ? sol.covered / sol.upperBound : 1,
      guarantee:
        "greedy on a partition matroid: at least 1/2 of the optimum on the planning sample; certifiedRatio is this plan's own bound",
    },
    units: unitPlans,
    checkpoints: checkpointPlans,
    warnings,
    isochrones,
    escapeCone: escapeCone(network, planning, 60),
    baselines,
    computeMs: {
      routes: Math.round(tRoutes - t0),
      units: Math.round(tUnits - tRoutes),
      optimise: Math.round(tOpt - tUnits),
      evaluate: Math.round(tEval - tOpt),
      isochrones: Math.round(tIso - tEval),
      total: Math.round(tIso - started),
    },
  };
}

/** Route visits grouped by candidate node, latest suspect time first (so gain scans stop early). */
export function buildOccurrences(routes: EscapeRoutes, candOf: Int32Array, C: number) {
  const occFirst = new Int32Array(C + 1);
  for (let i = 0; i < routes.node.length; i++) occFirst[candOf[routes.node[i]] + 1]++;
  for (let c = 0; c < C; c++) occFirst[c + 1] += occFirst[c];
  const fill = occFirst.slice(0, C);
  const occRoute = new Int32Array(routes.node.length);
  const occTime = new Float64Array(routes.node.length);
  for (let r = 0; r < routes.count; r++) {
    for (let i = routes.first[r]; i < routes.first[r + 1]; i++) {
      const slot = fill[candOf[routes.node[i]]]++;
      occRoute[slot] = r;
      occTime[slot] = routes.time[i];
    }
  }
  // Sort each candidate's visits by time, descending (insertion sort: most lists are short).
  const order: number[] = [];
  for (let c = 0; c < C; c++) {
    const a = occFirst[c];
    const b = occFirst[c + 1];
    if (b - a > 32) {
      order.length = 0;
      for (let i = a; i < b; i++) order.push(i);
      order.sort((x, y) => occTime[y] - occTime[x]);
      const r = order.map((i) => occRoute[i]);
      const t = order.map((i) => occTime[i]);
      for (let i = a; i < b; i++) {
        occRoute[i] = r[i - a];
        occTime[i] = t[i - a];
      }
      continue;
    }
    for (let i = a + 1; i < b; i++) {
      const tr = occRoute[i];
      const tt = occTime[i];
      let j = i - 1;
      while (j >= a && occTime[j] < tt) {
        occRoute[j + 1] = occRoute[j];
        occTime[j + 1] = occTime[j];
        j--;
      }
      occRoute[j + 1] = tr;
      occTime[j + 1] = tt;
    }
  }
  return { occFirst, occRoute, occTime };
}

/**
 * Routes on which some node is reached by a responder (readyAt) no later than the suspect,
 * with a 95 % interval: the wider of Wilson's and a cluster-robust one over preference trees
 * (routes of one tree share tastes, so they are not fully independent draws).
 */
export function interceptedEstimate(routes: EscapeRoutes, readyAt: Float64Array): Estimate {
  const k = new Float64Array(routes.trees);
  const n = new Float64Array(routes.trees);
  for (let r = 0; r < routes.count; r++) {
    n[routes.tree[r]]++;
    for (let i = routes.first[r]; i < routes.first[r + 1]; i++) {
      if (routes.time[i] >= readyAt[routes.node[i]]) {
        k[routes.tree[r]]++;
        break;
      }
    }
  }
  return clusteredInterval(k, n);
}

/** Wilson's interval widened, where needed, to the cluster-robust (ratio-estimator) one. */
export function clusteredInterval(k: ArrayLike<number>, n: ArrayLike<number>): Estimate {
  let K = 0;
  let N = 0;
  for (let t = 0; t < k.length; t++) {
    K += k[t];
    N += n[t];
  }
  const w = wilson(K, N);
  const T = k.length;
  if (T < 2 || N === 0) return w;
  const p = K / N;
  let ss = 0;
  for (let t = 0; t < T; t++) ss += (k[t] - p * n[t]) ** 2;
  const se = Math.sqrt((T / (T - 1)) * ss) / N;
  return { ...w, low: Math.max(0, Math.min(w.low, p - 1.96 * se)), high: Math.min(1, Math.max(w.high, p + 1.96 * se)) };
}

/**
 * The single most likely escape route (for the baseline): the fastest path to the destination the
 * route-choice model weights most (far away, on a fast road), and the suspect's fastest time to
 * every node.
 */
function fastestEscapePath(
  network: RoadNetwork,
  place: { nodes: Int32Array; offsets: Float64Array },
  speed: number,
  startMs: number,
  limitMs: number,
): { nodes: number[]; suspectMsTo: Float64Array } {
  const g = network.graph;
  const fast = fastNodes(g);
  const d = network.dijkstra;
  d.run(place.nodes, place.offsets, { weights: network.weights, limitMs: limitMs * speed });
  const suspectMsTo = new Float64Array(g.nodeCount).fill(Number.POSITIVE_INFINITY);
  const reached = d.reached();
  let dest = -1;
  let bestWeight = -1;
  for (let i = 0; i < reached.length; i++) {
    const v = reached[i];
    const t = d.dist[v] / speed;
    if (t > limitMs) continue;
    suspectMsTo[v] = t;
    const r = t / limitMs;
    const w = r * r * r * r * (fast[v] ? 4 : 1);
    if (w > bestWeight) {
      bestWeight = w;
      dest = v;
    }
  }
  const nodes: number[] = [];
  for (let v = dest; v >= 0; ) {
    if (suspectMsTo[v] >= startMs) nodes.push(v);
    const e = d.parentEdge[v];
    if (e < 0) break;
    v = network.snapper.sourceOf(e);
  }
  nodes.reverse();
  return { nodes, suspectMsTo };
}

/** A sample of planning routes as GeoJSON lines, for drawing the escape cone. */
function escapeCone(network: RoadNetwork, routes: EscapeRoutes, max: number): PlanResult["escapeCone"] {
  const g = network.graph;
  const features: unknown[] = [];
  const step = Math.max(1, Math.floor(routes.count / max));
  for (let r = 0; r < routes.count && features.length < max; r += step) {
    const coordinates: [number, number][] = [];
    for (let i = routes.first[r]; i < routes.first[r + 1]; i++) {
      const v = routes.node[i];
      if (i > routes.first[r]) {
        // The road's own shape between two junctions (the fastest parallel edge if there are several).
        const u = routes.node[i - 1];
        let best = -1;
        for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++)
          if (g.target[e] === v && (best < 0 || g.weight[e] < g.weight[best])) best = e;
        if (best >= 0) for (let k = g.geomFirst[best]; k < g.geomFirst[best + 1]; k++) coordinates.push([g.geomLon[k], g.geomLat[k]]);
      }
      coordinates.push([g.lon[v], g.lat[v]]);
    }
    if (coordinates.length < 2) continue;
    const last = routes.first[r + 1] - 1;
    features.push({
      type: "Feature",
      geometry: { type: "LineString", coordinates },
      properties: { route: r, endsAtMinutesSinceFlight: Math.round(routes.time[last] / 6000) / 10 },
    });
  }
  return { type: "FeatureCollection", features };
}

export { coverageOf };
