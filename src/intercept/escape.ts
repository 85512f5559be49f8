/**
 * Escape routes: where a fleeing suspect may drive, as N simulated routes.
 *
 * Route-choice model (documented for commanders in docs/intercept.md):
 * - The suspect drives fastest-or-nearly-fastest paths. Each of T "preference trees" is a
 *   shortest-path tree from the last known position with every edge weight multiplied by an
 *   independent random factor (log-uniform, standard deviation `noiseSigma` in log space). The
 *   factor models taste and local knowledge (a driver who prefers one street over a parallel
 *   one); the time the suspect actually needs is the true free-flow time ÷ `speedFactor`.
 * - Each route picks a destination in its tree: with probability `exitShare` a ring exit
 *   (checkpoint node) that can be reached within the horizon, otherwise a reached node drawn
 *   with weight (time/limit)⁴ × (4 on a fast road, else 1), so far-away places and major roads
 *   are the likely goals, as they are for someone leaving the area.
 * - The route is the tree path to that destination, cut at the horizon. Only the part after the
 *   planning moment is kept: nothing can be intercepted in the past.
 *
 * Hot path: typed arrays sized once per call, no per-node objects, noise from an integer hash of
 * (edge, tree) instead of a stored array.
 */
import type { RoadGraph } from "../geo/graph.ts";
import { IndexedMinHeap } from "../geo/heap.ts";
import { seededRandom } from "../platform/random.ts";

export interface EscapeModel {
  routes: number;
  /** Independent preference trees; routes are spread evenly over them. */
  trees: number;
  noiseSigma: number;
  exitShare: number;
  seed: number;
}

export const DEFAULT_ESCAPE_MODEL: Omit<EscapeModel, "seed"> = { routes: 1000, trees: 24, noiseSigma: 0.35, exitShare: 0.3 };

export interface EscapeInput {
  graph: RoadGraph;
  /** Edge weights in force (live closures: negative = closed). */
  weights: Int32Array;
  /** Seed nodes of the last known position and the free-flow ms from the position to each. */
  originNodes: ArrayLike<number>;
  originOffsets: ArrayLike<number>;
  /** Suspect speed relative to free flow (1 = free flow, 1.2 = 20 % faster). */
  speedFactor: number;
  /** Ms since flight at which responders start: earlier route points are dropped. */
  startMs: number;
  /** Ms since flight at which routes end (start + horizon). */
  limitMs: number;
  /** Ring exits: checkpoint nodes. */
  exits: ArrayLike<number>;
  signal?: AbortSignal;
}

export interface EscapeRoutes {
  count: number;
  /** Route r is first[r] .. first[r+1]-1 in node/time. */
  first: Int32Array;
  node: Int32Array;
  /** Ms since flight at which the suspect reaches the node. */
  time: Float64Array;
  destination: Int32Array;
  /** The preference tree each route came from: routes of one tree share tastes, so intervals cluster by tree. */
  tree: Int32Array;
  trees: number;
}

export class PlanCancelled extends Error {
  constructor() {
    super("plan computation cancelled");
    this.name = "PlanCancelled";
  }
}

/** Lets a newer request run (and abort this one) between chunks of work. */
export async function checkpointYield(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new PlanCancelled();
}

/** A uniform byte from (edge, tree): a stateless hash, so no noise array per tree. */
function hashByte(e: number, salt: number): number {
  let h = Math.imul(e ^ salt, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 24) & 255;
}

const FAST_MPS = 60 / 3.6;
const fastCache = new WeakMap<RoadGraph, Uint8Array>();

/** Nodes touching a road driven at 60 km/h or more at free flow (arterials, expressways). */
export function fastNodes(g: RoadGraph): Uint8Array {
  let fast = fastCache.get(g);
  if (fast) return fast;
  fast = new Uint8Array(g.nodeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      if (g.weight[e] > 0 && (g.length[e] * 1000) / g.weight[e] >= FAST_MPS) {
        fast[u] = 1;
        fast[g.target[e]] = 1;
      }
    }
  }
  fastCache.set(g, fast);
  return fast;
}

/** Scratch arrays for the tree searches, reused across calls on the same graph. */
class TreeScratch {
  readonly noisy: Float64Array;
  readonly trueMs: Float64Array;
  readonly parent: Int32Array;
  readonly settled: Int32Array;
  readonly touched: Int32Array;
  readonly cumulative: Float64Array;
  readonly isExit: Uint8Array;
  readonly heap: IndexedMinHeap;
  readonly path: Int32Array;
  touchedCount = 0;
  settledCount = 0;
  constructor(n: number) {
    this.noisy = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.trueMs = new Float64Array(n);
    this.parent = new Int32Array(n).fill(-1);
    this.settled = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.cumulative = new Float64Array(n);
    this.isExit = new Uint8Array(n);
    this.heap = new IndexedMinHeap(n);
    this.path = new Int32Array(n);
  }
  reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touched[i];
      this.noisy[v] = Number.POSITIVE_INFINITY;
      this.parent[v] = -1;
    }
    this.touchedCount = 0;
    this.settledCount = 0;
  }
}
const scratchCache = new WeakMap<RoadGraph, TreeScratch>();

/** Growable typed output, doubled when full (routes are appended one at a time). */
class RouteBuffer {
  node = new Int32Array(4096);
  time = new Float64Array(4096);
  length = 0;
  push(v: number, t: number): void {
    if (this.length === this.node.length) {
      const node = new Int32Array(this.node.length * 2);
      node.set(this.node);
      const time = new Float64Array(this.time.length * 2);
      time.set(this.time);
      this.node = node;
      this.time = time;
    }
    this.node[this.length] = v;
    this.time[this.length++] = t;
  }
}

export async function simulateEscapes(input: EscapeInput, model: EscapeModel): Promise<EscapeRoutes> {
  const g = input.graph;
  const n = g.nodeCount;
  let s = scratchCache.get(g);
  if (!s) {
    s = new TreeScratch(n);
    scratchCache.set(g, s);
  }
  const { noisy, trueMs, parent, settled, touched, cumulative, isExit, heap, path } = s;
  const weights = input.weights;
  const speed = input.speedFactor;
  const fast = fastNodes(g);
  const rand = seededRandom(model.seed);
  const spread = model.noiseSigma * Math.sqrt(3);
  const maxFactor = Math.exp(spread);
  // 256 log-uniform factors: a table lookup instead of Math.exp per relaxed edge.
  const factor = new Float64Array(256);
  for (let i = 0; i < 256; i++) factor[i] = Math.exp(spread * (2 * ((i + 0.5) / 256) - 1));
  // A node whose noisy distance exceeds this has a true time beyond the limit (see the header).
  const noisyLimit = input.limitMs * speed * maxFactor;
  const first = new Int32Array(model.routes + 1);
  const destination = new Int32Array(model.routes);
  const treeOf = new Int32Array(model.routes);
  const out = new RouteBuffer();
  const trees = Math.max(1, Math.min(model.trees, model.routes));
  const reachedExits: number[] = [];
  let route = 0;
  for (let tree = 0; tree < trees; tree++) {
    await checkpointYield(input.signal);
    const salt = (model.seed * 7919 + tree * 104_729) | 0;
    s.reset();
    for (let i = 0; i < input.originNodes.length; i++) {
      const v = input.originNodes[i];
      const d = input.originOffsets[i];
      if (d < noisy[v]) {
        if (noisy[v] === Number.POSITIVE_INFINITY) touched[s.touchedCount++] = v;
        noisy[v] = d;
        trueMs[v] = d / speed;
        parent[v] = -1;
        heap.push(v, d);
      }
    }
    while (heap.length > 0) {
      if (heap.peekKey() > noisyLimit) break;
      const v = heap.pop();
      if (trueMs[v] <= input.limitMs) settled[s.settledCount++] = v;
      const dv = noisy[v];
      const tv = trueMs[v];
      for (let e = g.firstOut[v], end = g.firstOut[v + 1]; e < end; e++) {
        const w = weights[e];
        if (w < 0) continue;
        const u = g.target[e];
        const du = dv + w * factor[hashByte(e, salt)];
        if (du < noisy[u]) {
          if (noisy[u] === Number.POSITIVE_INFINITY) touched[s.touchedCount++] = u;
          noisy[u] = du;
          trueMs[u] = tv + w / speed;
          parent[u] = e;
          heap.push(u, du);
        }
      }
    }
    heap.clear();
    // Destination weights over the settled nodes, and which ring exits this tree reaches.
    let total = 0;
    reachedExits.length = 0;
    for (let i = 0; i < s.settledCount; i++) {
      const v = settled[i];
      const r = trueMs[v] / input.limitMs;
      total += r * r * r * r * (fast[v] ? 4 : 1);
      cumulative[i] = total;
    }
    for (let i = 0; i < input.exits.length; i++) isExit[input.exits[i]] = 1;
    for (let i = 0; i < s.settledCount; i++) if (isExit[settled[i]]) reachedExits.push(settled[i]);
    for (let i = 0; i < input.exits.length; i++) isExit[input.exits[i]] = 0;

    const routesHere = Math.floor(((tree + 1) * model.routes) / trees) - Math.floor((tree * model.routes) / trees);
    for (let k = 0; k < routesHere; k++, route++) {
      let dest = -1;
      if (reachedExits.length > 0 && rand() < model.exitShare) {
        dest = reachedExits[Math.floor(rand() * reachedExits.length)];
      } else if (total > 0) {
        const x = rand() * total;
        let lo = 0;
        let hi = s.settledCount - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid] <= x) lo = mid + 1;
          else hi = mid;
        }
        dest = settled[lo];
      } else if (s.settledCount > 0) {
        dest = settled[0];
      }
      destination[route] = dest;
      treeOf[route] = tree;
      let len = 0;
      for (let v = dest; v >= 0; ) {
        path[len++] = v;
        const e = parent[v];
        if (e < 0) break;
        // Tree edges point forward; walk back through the reverse adjacency's tail of e.
        v = sourceOfEdge(g, e, v);
      }
      for (let i = len - 1; i >= 0; i--) {
        const v = path[i];
        if (trueMs[v] >= input.startMs) out.push(v, trueMs[v]);
      }
      first[route + 1] = out.length;
    }
  }
  return {
    count: model.routes,
    first,
    node: out.node.subarray(0, out.length),
    time: out.time.subarray(0, out.length),
    destination,
    tree: treeOf,
    trees,
  };
}

/** Tail of edge e, found among the in-edges of its head (degrees are small, no extra array). */
function sourceOfEdge(g: RoadGraph, e: number, head: number): number {
  for (let i = g.firstIn[head], end = g.firstIn[head + 1]; i < end; i++) if (g.inEdge[i] === e) return g.inSource[i];
  throw new Error(`edge ${e} does not end at node ${head}`);
}
