/**
 * The interception planner: simulate escapes, time every unit to every node the escapes use,
 * choose intercept points and checkpoints, and measure the plan on an independent second sample.
 * Pure computation on what it is given (the road network, the units, the checkpoints, and a
 * stopwatch for its own timings): it reads no database and no clock, and it says everything a
 * person reads as a code with parameters (messages.ts words them). Loading, storing, events and
 * dispatch live in plans.ts.
 */
import { isochrone } from "../geo/isochrone.ts";
import type { RoadNetwork } from "../geo/road-network.ts";
import type { Snap } from "../geo/snap.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { type CoverageInstance, type CoverageSolution, CoverageState, coverageOf, optimiseCoverage } from "./coverage.ts";
import { checkpointYield, DEFAULT_ESCAPE_MODEL, type EscapeModel, type EscapeRoutes, fastNodes, simulateEscapes } from "./escape.ts";
import { type PlanMessage, planMessage } from "./messages.ts";
import type { PlanWarningCode } from "./model.ts";
import type { IsochroneView, PlanCheckpointView, PlanEstimateView, PlanResultView, PlanUnitView } from "./schemas.ts";

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
    /** Why the input is refused, as a code: problems.ts words it for the caller in both languages. */
    readonly reason: PlanMessage,
    readonly kind: "validation" | "off_network" | "beyond_reserve" = "validation",
  ) {
    super(`${field}: ${reason.code}`);
  }
}

export interface PlanUnitInput {
  id: string;
  label: string;
  lat: number;
  lon: number;
  /** The unit's station: the reserve is held per station. */
  stationId?: string;
  /** Already on this incident: it has left normal duty, so it never counts toward the reserve. */
  onIncident?: boolean;
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
  /** Available units per station the plan never takes (0: none held back). */
  reservePerStation?: number;
  /** A unit whose marginal gain (share of routes only it stops) is below this is left out (0: none). */
  minGain?: number;
  routes?: number;
  seed?: number;
  model?: Partial<Omit<EscapeModel, "seed" | "routes">>;
  isochrones?: boolean;
  baselines?: boolean;
  signal?: AbortSignal;
  /**
   * Milliseconds on a monotonic clock, read between the phases for `computeMs`. The caller's, so
   * the planner itself reads no clock; without one every phase counts 0 ms.
   */
  stopwatch?: () => number;
}

export type Estimate = PlanEstimateView;
export type CheckpointPlan = PlanCheckpointView;
/** Limits of the guardrails a request may set. */
export const MAX_RESERVE_PER_STATION = 10;
export const MAX_MIN_GAIN = 0.5;
/** A unit's place in the plan; `reason` says, as a code, why it has none. */
export type UnitPlan = Omit<PlanUnitView, "reason" | "place"> & {
  reason: PlanMessage<"no_covering_point" | "below_min_gain" | "held_in_reserve"> | null;
};
/** `unitId` names the unit a warning is about, so a reader who may not see it gets the warning without it. */
export type PlanWarning = PlanMessage<PlanWarningCode> & { unitId?: string };

/** What the planner answers: the plan's figures, and its words as codes (plans.ts renders them). */
export interface PlanOutcome extends Omit<PlanResultView, "summary" | "optimality" | "units" | "warnings" | "checkpoints"> {
  checkpoints: Omit<CheckpointPlan, "place">[];
  summary: PlanMessage<"plan_summary">;
  optimality: Omit<PlanResultView["optimality"], "guarantee"> & { guarantee: PlanMessage<"greedy_half_guarantee"> };
  units: UnitPlan[];
  warnings: PlanWarning[];
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

export function validatePlanNumbers(p: {
  minutesSinceFlight: number;
  horizonMinutes: number;
  speedFactor: number;
  routes?: number;
  reservePerStation?: number;
  minGain?: number;
}): void {
  if (!Number.isFinite(p.minutesSinceFlight) || p.minutesSinceFlight < 0 || p.minutesSinceFlight > MAX_HORIZON_MINUTES)
    throw new PlannerInputError(
      "minutesSinceFlight",
      planMessage("minutes_since_flight_range", { max: MAX_HORIZON_MINUTES, got: p.minutesSinceFlight }),
    );
  if (!Number.isFinite(p.horizonMinutes) || p.horizonMinutes <= 0 || p.horizonMinutes > MAX_HORIZON_MINUTES)
    throw new PlannerInputError("horizonMinutes", planMessage("horizon_range", { max: MAX_HORIZON_MINUTES, got: p.horizonMinutes }));
  if (!Number.isFinite(p.speedFactor) || p.speedFactor < 0.3 || p.speedFactor > 3)
    throw new PlannerInputError("speedFactor", planMessage("speed_factor_range", { got: p.speedFactor }));
  if (p.routes !== undefined && (!Number.isInteger(p.routes) || p.routes < 10 || p.routes > 20_000))
    throw new PlannerInputError("routes", planMessage("routes_range", { got: p.routes }));
  const r = p.reservePerStation;
  if (r !== undefined && (!Number.isInteger(r) || r < 0 || r > MAX_RESERVE_PER_STATION))
    throw new PlannerInputError("reservePerStation", planMessage("reserve_range", { max: MAX_RESERVE_PER_STATION, got: r }));
  const m = p.minGain;
  if (m !== undefined && (!Number.isFinite(m) || m < 0 || m > MAX_MIN_GAIN))
    throw new PlannerInputError("minGain", planMessage("min_gain_range", { max: MAX_MIN_GAIN, got: m }));
}

/**
 * The units the plan may use and those it holds back: per station, `reserve` of its units free
 * for normal duty stay where they are, the ones farthest from the incident (the least use to the
 * plan, and the likeliest still to be near their own patch). A unit already on the incident has
 * left normal duty and is never part of the reserve.
 */
export function holdReserve<U extends PlanUnitInput>(units: U[], reserve: number, origin: LatLon): { free: U[]; reserved: U[] } {
  if (reserve <= 0) return { free: units, reserved: [] };
  const byStation = new Map<string, U[]>();
  for (const u of units) {
    if (u.onIncident) continue;
    const key = u.stationId ?? u.id;
    byStation.set(key, [...(byStation.get(key) ?? []), u]);
  }
  const held = new Set<U>();
  const far = (u: U) => (u.lat - origin.lat) ** 2 + ((u.lon - origin.lon) * Math.cos((origin.lat * Math.PI) / 180)) ** 2;
  for (const list of byStation.values()) {
    const order = [...list].sort((a, b) => far(b) - far(a) || (a.id < b.id ? -1 : 1));
    for (const u of order.slice(0, reserve)) held.add(u);
  }
  return { free: units.filter((u) => !held.has(u)), reserved: units.filter((u) => held.has(u)) };
}

/** The graph node a snapped point stands at: the nearer end of its road. */
export function nodeOfSnap(network: RoadNetwork, snap: Snap): number {
  return snap.fraction < 0.5 ? network.snapper.sourceOf(snap.edge) : network.graph.target[snap.edge];
}

export async function planInterception(input: PlanInput): Promise<PlanOutcome> {
  const stopwatch = input.stopwatch ?? (() => 0);
  const started = stopwatch();
  validatePlanNumbers(input);
  const { network, signal } = input;
  const g = network.graph;
  const { snap, place } = originOnNetwork(network, input.origin);
  const warnings: PlanWarning[] = [];
  const elapsedMs = input.minutesSinceFlight * 60_000;
  const horizonMs = input.horizonMinutes * 60_000;
  const times: PlanTimes = { elapsedMs, horizonMs, limitMs: elapsedMs + horizonMs };
  const model = escapeModelOf(input);
  const cps = checkpointsOnNetwork(network, input.checkpoints, warnings);
  const reservePerStation = input.reservePerStation ?? 0;
  const minGain = input.minGain ?? 0;
  const { free, reserved } = holdReserve(input.units, reservePerStation, input.origin);
  if (input.units.length > 0 && free.length === 0)
    throw new PlannerInputError(
      "reservePerStation",
      planMessage("nothing_beyond_reserve", { reserve: reservePerStation }),
      "beyond_reserve",
    );

  const t0 = stopwatch();
  const { planning, evaluation } = await simulate(network, place, input, cps, model, times);
  const tRoutes = stopwatch();
  if (planning.node.length === 0) warnings.push(planMessage("escapes_already_over", {}));
  // The baseline's single fastest escape route (noise-free).
  const baselinePath = input.baselines ? fastestEscapePath(network, place, input.speedFactor, elapsedMs, times.limitMs) : null;
  const cand = candidatesOf(g.nodeCount, planning, baselinePath, cps);
  const occ = buildOccurrences(planning, cand.of, cand.node.length);
  const timed = await timeUnits(network, free, cand, times, warnings, signal);
  if (input.units.length === 0) warnings.push(planMessage("no_available_units", {}));
  const tUnits = stopwatch();

  const inst = coverageInstance(planning, cand, occ, timed, cps, elapsedMs, input.maxActivations);
  const sol = await optimiseCoverage(inst, signal);
  const belowMinGain = dropBelowMinGain(inst, sol, Math.ceil(minGain * planning.count - 1e-9));
  const tOpt = stopwatch();

  const evaluate = evaluatorOn(evaluation, g.nodeCount, cand, timed, cps, inst);
  const probability = evaluate(sol.unitChoice, sol.checkpointOn);
  const baselines = input.baselines && baselinePath ? measureBaselines(baselinePath, cps, cand, timed, inst, evaluate) : null;
  const tEval = stopwatch();

  const share = routeShares(occ, planning.count);
  const units = [
    ...explainUnits(network, timed, cand, sol, elapsedMs, share, belowMinGain, minGain),
    ...reserved.map((u) => unplaced(u, planMessage("held_in_reserve", { reserve: reservePerStation }))),
  ];
  const checkpoints = explainCheckpoints(network, cps, inst, sol, elapsedMs, share);
  const isochrones = input.isochrones === false ? [] : await isochronesOf(network, input, signal);
  const tIso = stopwatch();
  return {
    summary: summaryOf(probability, units, checkpoints),
    guardrails: { reservePerStation, reserved: reserved.length, minGain, belowMinGain: belowMinGain.size },
    origin: { lat: snap.lat, lon: snap.lon, snapMeters: Math.round(snap.distanceM) },
    minutesSinceFlight: input.minutesSinceFlight,
    horizonMinutes: input.horizonMinutes,
    speedFactor: input.speedFactor,
    model,
    probability,
    inSampleShare: sol.covered / planning.count,
    optimality: optimalityOf(sol),
    units,
    checkpoints,
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

/** The moments a plan works with, in ms since flight: now, the horizon's length, and its end. */
interface PlanTimes {
  elapsedMs: number;
  horizonMs: number;
  limitMs: number;
}

type Place = ReturnType<RoadNetwork["origin"]>;

/** The last known position on the road network, or why it cannot be planned from. */
function originOnNetwork(network: RoadNetwork, origin: LatLon): { snap: Snap; place: Place } {
  const snap = network.snap(origin);
  const at = { lat: origin.lat, lon: origin.lon };
  if (!snap || snap.distanceM > MAX_ORIGIN_SNAP_M)
    throw new PlannerInputError(
      "origin",
      snap
        ? planMessage("origin_far_from_road", { ...at, distanceM: Math.round(snap.distanceM), limitM: MAX_ORIGIN_SNAP_M })
        : planMessage("origin_not_near_network", at),
      "off_network",
    );
  const place = network.origin(snap);
  if (place.nodes.length === 0) throw new PlannerInputError("origin", planMessage("origin_road_closed", {}), "off_network");
  return { snap, place };
}

function escapeModelOf(input: PlanInput): EscapeModel {
  const routes = input.routes ?? DEFAULT_ESCAPE_MODEL.routes;
  return {
    ...DEFAULT_ESCAPE_MODEL,
    trees: Math.max(4, Math.min(DEFAULT_ESCAPE_MODEL.trees, Math.ceil(routes / 20))),
    ...input.model,
    routes,
    seed: input.seed ?? 1,
  };
}

interface PlacedCheckpoint {
  cp: PlanCheckpointInput;
  node: number;
}

/** Checkpoints onto nodes; one off the current network is left out, with a warning. */
function checkpointsOnNetwork(network: RoadNetwork, checkpoints: PlanCheckpointInput[], warnings: PlanWarning[]): PlacedCheckpoint[] {
  const cps: PlacedCheckpoint[] = [];
  for (const cp of checkpoints) {
    const s = network.snap(cp);
    if (!s || s.distanceM > MAX_CHECKPOINT_SNAP_M) {
      warnings.push(planMessage("checkpoint_off_network", { name: cp.name }));
      continue;
    }
    cps.push({ cp, node: nodeOfSnap(network, s) });
  }
  return cps;
}

/** Two independent samples of escapes: one to plan on, one to measure the plan on. */
async function simulate(
  network: RoadNetwork,
  place: Place,
  input: PlanInput,
  cps: PlacedCheckpoint[],
  model: EscapeModel,
  times: PlanTimes,
) {
  const escapeInput = {
    graph: network.graph,
    weights: network.weights,
    originNodes: place.nodes,
    originOffsets: place.offsets,
    speedFactor: input.speedFactor,
    startMs: times.elapsedMs,
    limitMs: times.limitMs,
    exits: Int32Array.from(cps.map((c) => c.node)),
    signal: input.signal,
  };
  const planning = await simulateEscapes(escapeInput, model);
  const evaluation = await simulateEscapes(escapeInput, { ...model, seed: model.seed + 1_000_003 });
  return { planning, evaluation };
}

/** Candidate intercept nodes, numbered 0..C-1: `of[v]` is node v's candidate (-1: none), `node[c]` candidate c's node. */
interface Candidates {
  of: Int32Array;
  node: number[];
}

/** Every node a planning route visits after now, plus the baseline path's nodes and every checkpoint's node. */
function candidatesOf(nodeCount: number, planning: EscapeRoutes, baselinePath: EscapePath | null, cps: PlacedCheckpoint[]): Candidates {
  const of = new Int32Array(nodeCount).fill(-1);
  const node: number[] = [];
  const add = (v: number) => {
    if (of[v] < 0) {
      of[v] = node.length;
      node.push(v);
    }
  };
  for (let i = 0; i < planning.node.length; i++) add(planning.node[i]);
  if (baselinePath) for (const v of baselinePath.nodes) add(v);
  for (const c of cps) add(c.node);
  return { of, node };
}

/** The units the plan can use, and when each can be at each candidate: `times[u * C + c]`, ms since flight (Infinity: not in time). */
interface TimedUnits {
  units: (PlanUnitInput & { snapM: number })[];
  times: Float64Array;
}

/** One bounded one-to-all search per unit; a unit too far from a road is left out, with a warning. */
async function timeUnits(
  network: RoadNetwork,
  input: PlanUnitInput[],
  cand: Candidates,
  times: PlanTimes,
  warnings: PlanWarning[],
  signal: AbortSignal | undefined,
): Promise<TimedUnits> {
  const C = cand.node.length;
  const units: TimedUnits["units"] = [];
  const unitTime: Float64Array[] = [];
  for (const u of input) {
    const s = network.snap(u);
    if (!s || s.distanceM > MAX_UNIT_SNAP_M) {
      warnings.push({ ...planMessage("unit_off_network", { unit: u.label, limitM: MAX_UNIT_SNAP_M }), unitId: u.id });
      continue;
    }
    const from = network.origin(s);
    const d = network.dijkstra;
    d.run(from.nodes, from.offsets, { weights: network.weights, limitMs: times.horizonMs });
    const row = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const ms = d.dist[cand.node[c]];
      row[c] = ms <= times.horizonMs ? times.elapsedMs + ms : Number.POSITIVE_INFINITY;
    }
    units.push({ ...u, snapM: s.distanceM });
    unitTime.push(row);
    await checkpointYield(signal);
  }
  const flat = new Float64Array(units.length * C);
  for (let u = 0; u < units.length; u++) flat.set(unitTime[u], u * C);
  return { units, times: flat };
}

function coverageInstance(
  planning: EscapeRoutes,
  cand: Candidates,
  occ: ReturnType<typeof buildOccurrences>,
  timed: TimedUnits,
  cps: PlacedCheckpoint[],
  elapsedMs: number,
  maxActivations: number,
): CoverageInstance {
  return {
    routeCount: planning.count,
    candidateCount: cand.node.length,
    ...occ,
    unitCount: timed.units.length,
    unitTime: timed.times,
    checkpointCandidate: Int32Array.from(cps.map((c) => cand.of[c.node])),
    checkpointReady: Float64Array.from(cps.map((c) => elapsedMs + (c.cp.active ? 0 : c.cp.activationMinutes * 60_000))),
    checkpointActive: Uint8Array.from(cps.map((c) => (c.cp.active ? 1 : 0))),
    maxActivations: Math.max(0, maxActivations),
  };
}

/** Measures a choice (a candidate per unit, -1: none; 1 per open checkpoint) on a sample of escapes. */
type Evaluate = (choice: ArrayLike<number>, on: ArrayLike<number>) => Estimate;

/** The independent second sample: the honest estimate of any choice. */
function evaluatorOn(
  evaluation: EscapeRoutes,
  nodeCount: number,
  cand: Candidates,
  timed: TimedUnits,
  cps: PlacedCheckpoint[],
  inst: CoverageInstance,
): Evaluate {
  const readyAt = new Float64Array(nodeCount).fill(Number.POSITIVE_INFINITY);
  const U = timed.units.length;
  const C = cand.node.length;
  return (choice, on) => {
    const touched: number[] = [];
    const set = (v: number, t: number) => {
      if (t < readyAt[v]) {
        if (readyAt[v] === Number.POSITIVE_INFINITY) touched.push(v);
        readyAt[v] = t;
      }
    };
    for (let u = 0; u < U; u++) if (choice[u] >= 0) set(cand.node[choice[u]], timed.times[u * C + choice[u]]);
    for (let k = 0; k < cps.length; k++) if (on[k]) set(cps[k].node, inst.checkpointReady[k]);
    const estimate = interceptedEstimate(evaluation, readyAt);
    for (const v of touched) readyAt[v] = Number.POSITIVE_INFINITY;
    return estimate;
  };
}

/** Two simple rules, measured on the same sample as the plan, for the benchmark's comparison. */
function measureBaselines(
  path: EscapePath,
  cps: PlacedCheckpoint[],
  cand: Candidates,
  timed: TimedUnits,
  inst: CoverageInstance,
  evaluate: Evaluate,
): NonNullable<PlanOutcome["baselines"]> {
  const U = timed.units.length;
  const C = cand.node.length;
  // Nearest checkpoints: switch on the ones nearest the incident (by the suspect's fastest
  // time) that can still be staffed before the suspect could get there.
  const byNearness = cps
    .map((c, k) => ({ k, t: path.suspectMsTo[c.node] }))
    .filter((x) => !cps[x.k].cp.active && x.t >= inst.checkpointReady[x.k])
    .sort((a, b) => a.t - b.t);
  const on = Uint8Array.from(cps.map((c) => (c.cp.active ? 1 : 0)));
  for (const x of byNearness.slice(0, inst.maxActivations)) on[x.k] = 1;
  const nearestCheckpoint = evaluate(new Int32Array(U).fill(-1), on);
  // Every unit to the point of the fastest escape route nearest itself (in time) that it can
  // reach before the suspect does on that route; the nearest point at all when there is none.
  const active = Uint8Array.from(cps.map((c) => (c.cp.active ? 1 : 0)));
  const choice = new Int32Array(U).fill(-1);
  for (let u = 0; u < U; u++) {
    let best = Number.POSITIVE_INFINITY;
    let bestAny = Number.POSITIVE_INFINITY;
    let any = -1;
    for (const v of path.nodes) {
      const t = timed.times[u * C + cand.of[v]];
      if (t < bestAny) {
        bestAny = t;
        any = cand.of[v];
      }
      if (t <= path.suspectMsTo[v] && t < best) {
        best = t;
        choice[u] = cand.of[v];
      }
    }
    if (choice[u] < 0) choice[u] = any;
  }
  return { nearestCheckpoint, nearestRouteNode: evaluate(choice, active) };
}

/** On the planning sample: the share of routes a post ready at `ready` at candidate c stops, and its slack before the earliest. */
type RouteShare = (c: number, ready: number) => { share: number; slackMs: number };

function routeShares(occ: ReturnType<typeof buildOccurrences>, routeCount: number): RouteShare {
  return (c, ready) => {
    let k = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (let i = occ.occFirst[c]; i < occ.occFirst[c + 1] && occ.occTime[i] >= ready; i++) {
      k++;
      earliest = occ.occTime[i];
    }
    return { share: k / routeCount, slackMs: earliest - ready };
  };
}

/** Where each unit goes, when it is there and what it stops; or why it stays. */
function explainUnits(
  network: RoadNetwork,
  timed: TimedUnits,
  cand: Candidates,
  sol: CoverageSolution,
  elapsedMs: number,
  share: RouteShare,
  belowMinGain: Map<number, number>,
  minGain: number,
): UnitPlan[] {
  const g = network.graph;
  const C = cand.node.length;
  return timed.units.map((u, i) => {
    const c = sol.unitChoice[i];
    const dropped = belowMinGain.get(i);
    if (dropped !== undefined) return unplaced(u, planMessage("below_min_gain", { gain: dropped, min: minGain }));
    if (c < 0) return unplaced(u, planMessage("no_covering_point", {}));
    const v = cand.node[c];
    const ready = timed.times[i * C + c];
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
      leftOut: null,
      reason: null,
    };
  });
}

/** A unit the plan leaves where it is, and why. */
function unplaced(u: PlanUnitInput, reason: NonNullable<UnitPlan["reason"]>): UnitPlan {
  return {
    unitId: u.id,
    label: u.label,
    node: null,
    lat: null,
    lon: null,
    etaS: null,
    slackS: null,
    routeShare: 0,
    leftOut: reason.code,
    reason,
  };
}

/**
 * Takes out, one at a time and smallest first, the units whose marginal gain (routes only they
 * stop, given everything else in the plan) is below `minRoutes`: a unit that adds 0.1 % of the
 * escapes is better left on normal duty. Removing one can raise another's marginal gain (a route
 * it shared becomes the other's alone), so gains are recomputed after each removal. Answers the
 * units taken out with the share each would have added.
 */
function dropBelowMinGain(inst: CoverageInstance, sol: CoverageSolution, minRoutes: number): Map<number, number> {
  const dropped = new Map<number, number>();
  if (minRoutes <= 0) return dropped;
  const C = inst.candidateCount;
  const st = new CoverageState(inst);
  for (let u = 0; u < inst.unitCount; u++)
    if (sol.unitChoice[u] >= 0) st.add(sol.unitChoice[u], inst.unitTime[u * C + sol.unitChoice[u]], 1);
  for (let k = 0; k < inst.checkpointCandidate.length; k++) {
    const c = inst.checkpointCandidate[k];
    if (sol.checkpointOn[k] && c >= 0) st.add(c, inst.checkpointReady[k], 1);
  }
  for (;;) {
    let worst = -1;
    let worstLoss = minRoutes;
    for (let u = 0; u < inst.unitCount; u++) {
      const c = sol.unitChoice[u];
      if (c < 0) continue;
      const loss = st.loss(c, inst.unitTime[u * C + c]);
      if (loss < worstLoss) {
        worst = u;
        worstLoss = loss;
      }
    }
    if (worst < 0) break;
    const c = sol.unitChoice[worst];
    st.add(c, inst.unitTime[worst * C + c], -1);
    sol.unitChoice[worst] = -1;
    dropped.set(worst, worstLoss / inst.routeCount);
  }
  sol.covered = st.covered;
  return dropped;
}

/** The checkpoints the plan has open: already active, or to be switched on. */
function explainCheckpoints(
  network: RoadNetwork,
  cps: PlacedCheckpoint[],
  inst: CoverageInstance,
  sol: CoverageSolution,
  elapsedMs: number,
  share: RouteShare,
): PlanOutcome["checkpoints"] {
  const g = network.graph;
  const out: PlanOutcome["checkpoints"] = [];
  for (let k = 0; k < cps.length; k++) {
    if (!sol.checkpointOn[k]) continue;
    const c = inst.checkpointCandidate[k];
    const v = cps[k].node;
    out.push({
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
  return out;
}

/** Where the suspect can be 5, 10 and 30 minutes from now, for the map. */
async function isochronesOf(network: RoadNetwork, input: PlanInput, signal: AbortSignal | undefined): Promise<IsochroneView[]> {
  const out: IsochroneView[] = [];
  for (const m of ISOCHRONE_MINUTES) {
    const iso = isochrone(network, input.origin, (input.minutesSinceFlight + m) * input.speedFactor, 200);
    if (iso) out.push({ minutesFromNow: m, minutesSinceFlight: input.minutesSinceFlight + m, polygon: iso.polygon });
    await checkpointYield(signal);
  }
  return out;
}

function summaryOf(probability: Estimate, units: UnitPlan[], checkpoints: PlanOutcome["checkpoints"]): PlanMessage<"plan_summary"> {
  return planMessage("plan_summary", {
    estimate: probability.estimate,
    low: probability.low,
    high: probability.high,
    units: units.filter((u) => u.node !== null).length,
    checkpoints: checkpoints.filter((c) => c.state === "activate").length,
    belowMinGain: units.filter((u) => u.leftOut === "below_min_gain").length,
    reserved: units.filter((u) => u.leftOut === "held_in_reserve").length,
  });
}

function optimalityOf(sol: CoverageSolution): PlanOutcome["optimality"] {
  return {
    greedyCovered: sol.greedyCovered,
    covered: sol.covered,
    upperBound: sol.upperBound,
    certifiedRatio: sol.upperBound > 0 ? sol.covered / sol.upperBound : 1,
    guarantee: planMessage("greedy_half_guarantee", {}),
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

/** The baseline's escape route (its nodes after now, in order) and the suspect's fastest time to every node. */
interface EscapePath {
  nodes: number[];
  suspectMsTo: Float64Array;
}

/**
 * The single most likely escape route (for the baseline): the fastest path to the destination the
 * route-choice model weights most (far away, on a fast road), and the suspect's fastest time to
 * every node.
 */
function fastestEscapePath(network: RoadNetwork, place: Place, speed: number, startMs: number, limitMs: number): EscapePath {
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
function escapeCone(network: RoadNetwork, routes: EscapeRoutes, max: number): PlanResultView["escapeCone"] {
  const g = network.graph;
  const features: PlanResultView["escapeCone"]["features"] = [];
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
