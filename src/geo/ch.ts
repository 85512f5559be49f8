/**
 * Contraction hierarchies (Geisberger et al. 2008). Nodes are contracted from least to most
 * important; contracting v adds a shortcut u→x for every in/out pair whose shortest path runs
 * through v. A query then only climbs: forward up from the source, backward up from the target.
 *
 * The hierarchy is stored as two CSR lists per node, both pointing to HIGHER-ranked nodes:
 * - up[v]: edges v→x (forward searches climb these);
 * - down[v]: edges u→v stored at v (backward searches climb these, against edge direction).
 * middle[i] ≥ 0 is the contracted node a shortcut bypasses; middle[i] < 0 is a base edge,
 * encoded as -1 - edgeId so that path unpacking can recover its geometry.
 */
import type { RoadGraph } from "./graph.ts";
import { IndexedMinHeap } from "./heap.ts";

export interface ContractionHierarchy {
  nodeCount: number;
  rank: Int32Array;
  upFirst: Int32Array;
  upTarget: Int32Array;
  upWeight: Int32Array;
  upMiddle: Int32Array;
  downFirst: Int32Array;
  downTarget: Int32Array;
  downWeight: Int32Array;
  downMiddle: Int32Array;
}

export interface ContractOptions {
  /** Settled-node limit of a witness search while choosing the order (cheap, may overestimate). */
  simulateSettleLimit?: number;
  /** Settled-node limit of a witness search when actually contracting (more means fewer shortcuts). */
  contractSettleLimit?: number;
  /**
   * Recompute every neighbour's priority after a contraction (exact but slow at the top of the
   * hierarchy), or only bump it by the cheap terms and let the lazy check at pop time catch up.
   */
  neighbourUpdates?: "simulate" | "cheap";
  onProgress?: (contracted: number, total: number) => void;
}

/** Per-node edge lists that grow inside one pool; a full list moves to the pool's end. */
class DynamicLists {
  start: Int32Array;
  size: Int32Array;
  cap: Int32Array;
  other: Int32Array;
  weight: Int32Array;
  middle: Int32Array;
  used = 0;

  constructor(n: number, degree: Int32Array) {
    this.start = new Int32Array(n);
    this.size = new Int32Array(n);
    this.cap = new Int32Array(n);
    let total = 0;
    for (let v = 0; v < n; v++) {
      this.start[v] = total;
      this.cap[v] = degree[v] + 2;
      total += degree[v] + 2;
    }
    this.used = total;
    const poolSize = Math.ceil(total * 1.6) + 16;
    this.other = new Int32Array(poolSize);
    this.weight = new Int32Array(poolSize);
    this.middle = new Int32Array(poolSize);
  }

  find(v: number, other: number): number {
    for (let i = this.start[v], end = i + this.size[v]; i < end; i++) if (this.other[i] === other) return i;
    return -1;
  }

  add(v: number, other: number, weight: number, middle: number): void {
    if (this.size[v] === this.cap[v]) this.grow(v);
    const i = this.start[v] + this.size[v]++;
    this.other[i] = other;
    this.weight[i] = weight;
    this.middle[i] = middle;
  }

  /** Inserts v→other or lowers an existing entry's weight; returns false if nothing changed. */
  addOrImprove(v: number, other: number, weight: number, middle: number): boolean {
    const i = this.find(v, other);
    if (i < 0) {
      this.add(v, other, weight, middle);
      return true;
    }
    if (weight < this.weight[i]) {
      this.weight[i] = weight;
      this.middle[i] = middle;
      return true;
    }
    return false;
  }

  remove(v: number, other: number): void {
    const i = this.find(v, other);
    if (i < 0) return;
    const last = this.start[v] + --this.size[v];
    this.other[i] = this.other[last];
    this.weight[i] = this.weight[last];
    this.middle[i] = this.middle[last];
  }

  private grow(v: number): void {
    const newCap = this.cap[v] * 2;
    if (this.used + newCap > this.other.length) {
      const len = Math.ceil((this.used + newCap) * 1.5);
      this.other = resize(this.other, len);
      this.weight = resize(this.weight, len);
      this.middle = resize(this.middle, len);
    }
    const from = this.start[v];
    const to = this.used;
    this.other.copyWithin(to, from, from + this.size[v]);
    this.weight.copyWithin(to, from, from + this.size[v]);
    this.middle.copyWithin(to, from, from + this.size[v]);
    this.start[v] = to;
    this.cap[v] = newCap;
    this.used += newCap;
  }
}

function resize(a: Int32Array, len: number): Int32Array {
  const b = new Int32Array(len);
  b.set(a);
  return b;
}

/** Growable column of int32, for collecting the finished hierarchy edges. */
class IntColumn {
  data: Int32Array = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) this.data = resize(this.data, this.data.length * 2);
    this.data[this.length++] = x;
  }
}

/** The graph as growable out- and in-lists; parallel edges collapse to the fastest one. */
function initialLists(g: RoadGraph): { out: DynamicLists; inn: DynamicLists } {
  const n = g.nodeCount;
  const outDeg = new Int32Array(n);
  const inDeg = new Int32Array(n);
  for (let v = 0; v < n; v++) outDeg[v] = g.firstOut[v + 1] - g.firstOut[v];
  for (let v = 0; v < n; v++) inDeg[v] = g.firstIn[v + 1] - g.firstIn[v];
  const out = new DynamicLists(n, outDeg);
  const inn = new DynamicLists(n, inDeg);
  for (let u = 0; u < n; u++) {
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      const v = g.target[e];
      // The slower of two parallel edges can never be on a shortest path.
      const i = out.find(u, v);
      if (i < 0) {
        out.add(u, v, g.weight[e], -1 - e);
        inn.add(v, u, g.weight[e], -1 - e);
      } else if (g.weight[e] < out.weight[i]) {
        out.weight[i] = g.weight[e];
        out.middle[i] = -1 - e;
        const j = inn.find(v, u);
        inn.weight[j] = g.weight[e];
        inn.middle[j] = -1 - e;
      }
    }
  }

  return { out, inn };
}

/** The finished hierarchy edges of one direction, as they are collected. */
class HierarchyEdges {
  owner = new IntColumn();
  target = new IntColumn();
  weight = new IntColumn();
  middle = new IntColumn();
  push(owner: number, target: number, weight: number, middle: number): void {
    this.owner.push(owner);
    this.target.push(target);
    this.weight.push(weight);
    this.middle.push(middle);
  }
}

export function contract(g: RoadGraph, options: ContractOptions = {}): ContractionHierarchy {
  const n = g.nodeCount;
  const simulateLimit = options.simulateSettleLimit ?? 60;
  const contractLimit = options.contractSettleLimit ?? 400;
  const simulateNeighbours = (options.neighbourUpdates ?? "cheap") === "simulate";
  const { out, inn } = initialLists(g);

  const contracted = new Uint8Array(n);
  const deleted = new Int32Array(n);
  const depth = new Int32Array(n);
  const rank = new Int32Array(n);

  // Witness search state, reused by every search.
  const wDist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const wTouched = new Int32Array(n);
  let wTouchedCount = 0;
  const wHeap = new IndexedMinHeap(n);

  // Out-neighbours of the node being contracted carry the current stamp: the witness search
  // can stop once all of them are settled.
  const targetStamp = new Int32Array(n).fill(-1);
  let stamp = 0;

  /** Bounded Dijkstra from u in the remaining graph, not passing through `skip`. */
  const witnessSearch = (u: number, skip: number, maxWeight: number, settleLimit: number, targets: number): void => {
    for (let i = 0; i < wTouchedCount; i++) wDist[wTouched[i]] = Number.POSITIVE_INFINITY;
    wTouchedCount = 0;
    wDist[u] = 0;
    wTouched[wTouchedCount++] = u;
    wHeap.push(u, 0);
    let settled = 0;
    let remaining = targets;
    const { start, size, other, weight } = out;
    while (wHeap.length > 0) {
      if (wHeap.peekKey() > maxWeight || settled >= settleLimit) break;
      const x = wHeap.pop();
      settled++;
      if (targetStamp[x] === stamp && --remaining <= 0) break;
      const dx = wDist[x];
      for (let i = start[x], end = i + size[x]; i < end; i++) {
        const y = other[i];
        if (y === skip || contracted[y]) continue;
        const dy = dx + weight[i];
        if (dy < wDist[y]) {
          if (wDist[y] === Number.POSITIVE_INFINITY) wTouched[wTouchedCount++] = y;
          wDist[y] = dy;
          wHeap.push(y, dy);
        }
      }
    }
    wHeap.clear();
  };

  /** Shortcuts that contracting v would need; adds them when `apply` is set. */
  const contractNode = (v: number, apply: boolean): number => {
    const settleLimit = apply ? contractLimit : simulateLimit;
    let shortcuts = 0;
    let maxOut = 0;
    const outStart = out.start[v];
    const outEnd = outStart + out.size[v];
    stamp++;
    for (let j = outStart; j < outEnd; j++) {
      if (out.weight[j] > maxOut) maxOut = out.weight[j];
      targetStamp[out.other[j]] = stamp;
    }
    const inStart = inn.start[v];
    const inCount = inn.size[v];
    for (let k = 0; k < inCount; k++) {
      const i = inStart + k;
      const u = inn.other[i];
      const wu = inn.weight[i];
      // u itself may be an out-neighbour (two-way road) and is settled first: count it as a target.
      witnessSearch(u, v, wu + maxOut, settleLimit, out.size[v]);
      // Lists may move while shortcuts are added, so re-read the pool on every step.
      const oStart = out.start[v];
      const oCount = out.size[v];
      for (let jj = 0; jj < oCount; jj++) {
        const j = oStart + jj;
        const x = out.other[j];
        if (x === u) continue;
        const via = wu + out.weight[j];
        if (wDist[x] <= via) continue;
        shortcuts++;
        if (apply && out.addOrImprove(u, x, via, v)) inn.addOrImprove(x, u, via, v);
      }
    }
    return shortcuts;
  };

  const priority = (v: number): number => {
    const added = contractNode(v, false);
    const removed = inn.size[v] + out.size[v];
    return 2 * (added - removed) + deleted[v] + depth[v];
  };

  const order = new IndexedMinHeap(n);
  for (let v = 0; v < n; v++) order.push(v, priority(v));

  const upEdges = new HierarchyEdges();
  const downEdges = new HierarchyEdges();

  let next = 0;
  while (order.length > 0) {
    const v = order.pop();
    // Lazy update: the stored priority may be stale; re-queue v if it is no longer the minimum.
    if (order.length > 0) {
      const p = priority(v);
      if (p > order.peekKey()) {
        order.push(v, p);
        continue;
      }
    }
    contractNode(v, true);
    contracted[v] = 1;
    rank[v] = next++;
    for (let i = out.start[v], end = i + out.size[v]; i < end; i++) {
      const x = out.other[i];
      upEdges.push(v, x, out.weight[i], out.middle[i]);
      inn.remove(x, v);
    }
    for (let i = inn.start[v], end = i + inn.size[v]; i < end; i++) {
      const u = inn.other[i];
      downEdges.push(v, u, inn.weight[i], inn.middle[i]);
      out.remove(u, v);
    }
    // Neighbours lose an edge and may gain shortcuts: their priorities change.
    for (let i = out.start[v], end = i + out.size[v]; i < end; i++) touchNeighbour(out.other[i], v);
    for (let i = inn.start[v], end = i + inn.size[v]; i < end; i++) touchNeighbour(inn.other[i], v);
    if (options.onProgress && (next & 0x3fff) === 0) options.onProgress(next, n);
  }

  function touchNeighbour(x: number, v: number): void {
    if (contracted[x]) return;
    deleted[x]++;
    const oldDepth = depth[x];
    if (depth[v] + 1 > depth[x]) depth[x] = depth[v] + 1;
    if (simulateNeighbours) order.update(x, priority(x));
    else order.update(x, order.keyOf(x) + 1 + depth[x] - oldDepth);
  }

  const up = toCsr(n, upEdges);
  const down = toCsr(n, downEdges);
  return {
    nodeCount: n,
    rank,
    upFirst: up.first,
    upTarget: up.target,
    upWeight: up.weight,
    upMiddle: up.middle,
    downFirst: down.first,
    downTarget: down.target,
    downWeight: down.weight,
    downMiddle: down.middle,
  };
}

function toCsr(n: number, { owner, target, weight, middle }: HierarchyEdges) {
  const m = owner.length;
  const first = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) first[owner.data[i] + 1]++;
  for (let v = 0; v < n; v++) first[v + 1] += first[v];
  const fill = first.slice(0, n);
  const t = new Int32Array(m);
  const w = new Int32Array(m);
  const mid = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const slot = fill[owner.data[i]]++;
    t[slot] = target.data[i];
    w[slot] = weight.data[i];
    mid[slot] = middle.data[i];
  }
  return { first, target: t, weight: w, middle: mid };
}
