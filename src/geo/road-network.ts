/**
 * A loaded road network: base graph, contraction hierarchy, snapping and run-time changes.
 *
 * Closures and slow-downs only ever make edges slower than the preprocessed metric. A hierarchy
 * answer whose path avoids every changed edge is therefore still exact (its length is unchanged
 * and no other path got shorter). So a change marks the hierarchy edges whose unpacked path
 * crosses a changed edge ("taint": a walk up from the changed edges through the shortcuts that
 * contain them), queries keep using the hierarchy,
 * and only answers whose best path is tainted are recomputed by Dijkstra on the live weights.
 */
import type { LatLon } from "../platform/geodesy.ts";
import type { ContractionHierarchy } from "./ch.ts";
import { HierarchyRouter } from "./ch-query.ts";
import { Dijkstra } from "./dijkstra.ts";
import type { RoadGraph } from "./graph.ts";
import { RoadSnapper, type Snap } from "./snap.ts";

const INF = Number.POSITIVE_INFINITY;

/** Where a trip starts or ends: up to two graph nodes with the time (ms) between them and the point. */
export interface Place {
  snap: Snap;
  nodes: Int32Array;
  offsets: Float64Array;
}

export interface RoadRoute {
  ms: number;
  meters: number;
  coordinates: [number, number][];
  edges: number[];
}

export class RoadNetwork {
  readonly router: HierarchyRouter;
  private snapperInstance: RoadSnapper | null = null;
  private dijkstraInstance: Dijkstra | null = null;
  /** Live weight per changed edge (-1 = closed); empty when the network is as preprocessed. */
  private readonly changes = new Map<number, number>();
  private liveWeight: Int32Array | null = null;
  taintUp: Uint8Array | null = null;
  taintDown: Uint8Array | null = null;
  /** Increments on every change, so holders of cached searches know to refresh them. */
  version = 0;
  private taintIndexCache: { baseFirst: Int32Array; baseList: Int32Array; userFirst: Int32Array; userList: Int32Array } | null = null;
  private taintUpBuffer: Uint8Array | null = null;
  private taintDownBuffer: Uint8Array | null = null;
  /** Hierarchy edges marked by the current changes, so the next change only clears those. */
  private tainted: number[] = [];
  private halves: { upLeft: Int32Array; upRight: Int32Array; downLeft: Int32Array; downRight: Int32Array } | null = null;

  constructor(
    readonly graph: RoadGraph,
    readonly ch: ContractionHierarchy,
  ) {
    this.router = new HierarchyRouter(ch);
  }

  get snapper(): RoadSnapper {
    this.snapperInstance ??= new RoadSnapper(this.graph);
    return this.snapperInstance;
  }

  get dijkstra(): Dijkstra {
    this.dijkstraInstance ??= new Dijkstra(this.graph);
    return this.dijkstraInstance;
  }

  get hasChanges(): boolean {
    return this.changes.size > 0;
  }

  /** Current weight of edge e in ms (-1 when closed). */
  weightOf(e: number): number {
    return this.liveWeight ? this.liveWeight[e] : this.graph.weight[e];
  }

  /** The weights Dijkstra should use right now. */
  get weights(): Int32Array {
    return this.liveWeight ?? this.graph.weight;
  }

  // ---- places ----

  snap(at: LatLon): Snap | null {
    return this.snapper.snap(at.lat, at.lon);
  }

  /** A trip starting at the snapped point: drive on to v, or back to u if the road is two-way. */
  origin(snap: Snap): Place {
    const g = this.graph;
    const nodes: number[] = [];
    const offsets: number[] = [];
    const w = this.weightOf(snap.edge);
    if (w >= 0) {
      nodes.push(g.target[snap.edge]);
      offsets.push(Math.round((1 - snap.fraction) * w));
    }
    if (snap.twin >= 0 && this.weightOf(snap.twin) >= 0) {
      nodes.push(g.target[snap.twin]);
      offsets.push(Math.round(snap.fraction * this.weightOf(snap.twin)));
    }
    return { snap, nodes: Int32Array.from(nodes), offsets: Float64Array.from(offsets) };
  }

  /** A trip ending at the snapped point: arrive at u and drive on, or arrive at v on the twin. */
  destination(snap: Snap): Place {
    const nodes: number[] = [];
    const offsets: number[] = [];
    const w = this.weightOf(snap.edge);
    if (w >= 0) {
      nodes.push(this.snapper.sourceOf(snap.edge));
      offsets.push(Math.round(snap.fraction * w));
    }
    if (snap.twin >= 0 && this.weightOf(snap.twin) >= 0) {
      nodes.push(this.snapper.sourceOf(snap.twin));
      offsets.push(Math.round((1 - snap.fraction) * this.weightOf(snap.twin)));
    }
    return { snap, nodes: Int32Array.from(nodes), offsets: Float64Array.from(offsets) };
  }

  /** Travel along a single road when origin and destination lie on the same one (else Infinity). */
  sameRoadMs(from: Snap, to: Snap): number {
    if (from.edge !== to.edge) return INF;
    let best = INF;
    const w = this.weightOf(from.edge);
    if (to.fraction >= from.fraction && w >= 0) best = Math.round((to.fraction - from.fraction) * w);
    if (from.twin >= 0 && to.fraction <= from.fraction) {
      const tw = this.weightOf(from.twin);
      if (tw >= 0) best = Math.min(best, Math.round((from.fraction - to.fraction) * tw));
    }
    return best;
  }

  // ---- queries ----

  /** Exact fastest route between two places, with geometry, or null when unreachable. */
  route(from: Place, to: Place): RoadRoute | null {
    const direct = this.sameRoadMs(from.snap, to.snap);
    let ms = INF;
    let edges: number[] = [];
    let startNode = -1;
    let endNode = -1;
    if (from.nodes.length > 0 && to.nodes.length > 0) {
      const hit = this.router.query(from.nodes, from.offsets, to.nodes, to.offsets, true);
      if (hit && !hit.tainted) {
        ms = hit.ms;
        edges = hit.edges;
      } else if (hit) {
        const d = this.dijkstra;
        d.run(from.nodes, from.offsets, { weights: this.weights, targets: to.nodes });
        for (let i = 0; i < to.nodes.length; i++) {
          const total = d.dist[to.nodes[i]] + to.offsets[i];
          if (total < ms) {
            ms = total;
            endNode = to.nodes[i];
          }
        }
        edges = [];
        if (ms < INF) for (let v = endNode; d.parentEdge[v] >= 0; v = this.snapper.sourceOf(d.parentEdge[v])) edges.push(d.parentEdge[v]);
        edges.reverse();
      }
    }
    if (direct <= ms) return direct === INF ? null : this.sameRoadRoute(from.snap, to.snap, direct);
    // Which seed the path starts from and which one it ends at decide the partial edges drawn.
    const g = this.graph;
    startNode = edges.length > 0 ? this.snapper.sourceOf(edges[0]) : -1;
    endNode = edges.length > 0 ? g.target[edges[edges.length - 1]] : -1;
    if (edges.length === 0) {
      // Path of zero edges: origin and destination meet at one node.
      for (const a of from.nodes) if (to.nodes.includes(a)) startNode = endNode = a;
    }
    const coords: [number, number][] = [[from.snap.lon, from.snap.lat]];
    let meters = 0;
    const fromForward = startNode === g.target[from.snap.edge];
    meters += this.partial(from.snap, fromForward, true, coords);
    for (const e of edges) {
      for (let k = g.geomFirst[e]; k < g.geomFirst[e + 1]; k++) coords.push([g.geomLon[k], g.geomLat[k]]);
      coords.push([g.lon[g.target[e]], g.lat[g.target[e]]]);
      meters += g.length[e];
    }
    const toForward = endNode === this.snapper.sourceOf(to.snap.edge);
    meters += this.partial(to.snap, toForward, false, coords);
    coords.push([to.snap.lon, to.snap.lat]);
    return { ms, meters, coordinates: coords, edges };
  }

  /**
   * Shape points and length of the part of a snapped edge that is driven: leaving the snapped
   * point (`leaving`) or arriving at it, along the edge (`forward`) or along its twin.
   */
  private partial(snap: Snap, forward: boolean, leaving: boolean, coords: [number, number][]): number {
    const g = this.graph;
    const e = snap.edge;
    const first = g.geomFirst[e];
    const count = g.geomFirst[e + 1] - first;
    const push = (j: number) => coords.push([g.geomLon[first + j], g.geomLat[first + j]]);
    const len = g.length[e];
    if (leaving) {
      if (forward) for (let j = snap.segment; j < count; j++) push(j);
      else for (let j = snap.segment - 1; j >= 0; j--) push(j);
      const node = forward ? g.target[e] : this.snapper.sourceOf(e);
      coords.push([g.lon[node], g.lat[node]]);
      return (forward ? 1 - snap.fraction : snap.fraction) * len;
    }
    if (forward) for (let j = 0; j < snap.segment; j++) push(j);
    else for (let j = count - 1; j >= snap.segment; j--) push(j);
    return (forward ? snap.fraction : 1 - snap.fraction) * len;
  }

  private sameRoadRoute(from: Snap, to: Snap, ms: number): RoadRoute {
    const g = this.graph;
    const first = g.geomFirst[from.edge];
    const coords: [number, number][] = [[from.lon, from.lat]];
    if (to.fraction >= from.fraction)
      for (let j = from.segment; j < to.segment; j++) coords.push([g.geomLon[first + j], g.geomLat[first + j]]);
    else for (let j = from.segment - 1; j >= to.segment; j--) coords.push([g.geomLon[first + j], g.geomLat[first + j]]);
    coords.push([to.lon, to.lat]);
    return { ms, meters: Math.abs(to.fraction - from.fraction) * g.length[from.edge], coordinates: coords, edges: [] };
  }

  /** Nodes reachable from a place within `limitMs`, with their times (one-to-all, live weights). */
  reachable(from: Place, limitMs: number): { nodes: Int32Array; ms: Float64Array } {
    const d = this.dijkstra;
    d.run(from.nodes, from.offsets, { weights: this.weights, limitMs });
    const reached = d.reached();
    const nodes: number[] = [];
    const ms: number[] = [];
    for (let i = 0; i < reached.length; i++) {
      const v = reached[i];
      if (d.dist[v] <= limitMs) {
        nodes.push(v);
        ms.push(d.dist[v]);
      }
    }
    return { nodes: Int32Array.from(nodes), ms: Float64Array.from(ms) };
  }

  // ---- run-time changes ----

  /** Closes edges (both directions are separate edges: pass both to close a two-way road). */
  closeEdges(edges: Iterable<number>): void {
    for (const e of edges) this.setChange(e, -1);
    this.applyChanges();
  }

  /** Slows edges: travel time × factor (factor ≥ 1; a faster-than-free-flow edge is not allowed). */
  slowEdges(edges: Iterable<number>, factor: number): void {
    if (!(factor >= 1) || !Number.isFinite(factor)) throw new Error(`slow-down factor must be a finite number ≥ 1, got ${factor}`);
    for (const e of edges) this.setChange(e, Math.round(this.graph.weight[e] * factor));
    this.applyChanges();
  }

  reopenEdges(edges: Iterable<number>): void {
    for (const e of edges) {
      this.checkEdge(e);
      this.changes.delete(e);
    }
    this.applyChanges();
  }

  clearChanges(): void {
    this.changes.clear();
    this.applyChanges();
  }

  /** Edges with any point within `radiusM` of a position (an event ring, an accident site). */
  edgesNear(at: LatLon, radiusM: number): number[] {
    const g = this.graph;
    const out: number[] = [];
    const cos = Math.cos((at.lat * Math.PI) / 180);
    const dLat = radiusM / 111_320;
    const near = (lat: number, lon: number) => Math.hypot(lat - at.lat, (lon - at.lon) * cos) <= dLat;
    for (let u = 0; u < g.nodeCount; u++) {
      const uNear = near(g.lat[u], g.lon[u]);
      for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
        let hit = uNear || near(g.lat[g.target[e]], g.lon[g.target[e]]);
        for (let k = g.geomFirst[e]; !hit && k < g.geomFirst[e + 1]; k++) hit = near(g.geomLat[k], g.geomLon[k]);
        if (hit) out.push(e);
      }
    }
    return out;
  }

  private checkEdge(e: number): void {
    if (!Number.isInteger(e) || e < 0 || e >= this.graph.edgeCount) throw new Error(`no edge ${e} (graph has ${this.graph.edgeCount})`);
  }

  private setChange(e: number, weight: number): void {
    this.checkEdge(e);
    this.changes.set(e, weight);
  }

  /**
   * Precomputes the shortcut halves that closures need (O(hierarchy edges × degree)), so the
   * first closure after start-up is as fast as the others. Called at load time.
   */
  prepareForChanges(): void {
    this.taintIndex();
  }

  /** Rebuilds live weights (O(edges), a copy) and the hierarchy marks (O(affected shortcuts)); no re-contraction. */
  private applyChanges(): void {
    this.version++;
    if (this.changes.size === 0) {
      this.liveWeight = null;
      this.taintUp = this.taintDown = null;
      this.router.setTaint(null, null);
      return;
    }
    const g = this.graph;
    const live = g.weight.slice();
    const changed = new Uint8Array(g.edgeCount);
    for (const [e, w] of this.changes) {
      live[e] = w;
      changed[e] = 1;
    }
    this.liveWeight = live;
    // Mark the hierarchy edges that contain a changed base edge: start from the changed base
    // edges and walk up through the shortcuts that use them. Only affected shortcuts are touched.
    const x = this.taintIndex();
    const ch = this.ch;
    const upCount = ch.upTarget.length;
    this.taintUpBuffer ??= new Uint8Array(upCount);
    this.taintDownBuffer ??= new Uint8Array(ch.downTarget.length);
    const up = this.taintUpBuffer;
    const down = this.taintDownBuffer;
    for (const id of this.tainted) {
      if (id < upCount) up[id] = 0;
      else down[id - upCount] = 0;
    }
    const marked: number[] = [];
    const mark = (id: number) => {
      if (id < upCount) {
        if (up[id]) return;
        up[id] = 1;
      } else {
        if (down[id - upCount]) return;
        down[id - upCount] = 1;
      }
      marked.push(id);
    };
    for (const e of this.changes.keys()) for (let k = x.baseFirst[e]; k < x.baseFirst[e + 1]; k++) mark(x.baseList[k]);
    for (let k = 0; k < marked.length; k++) {
      const id = marked[k];
      for (let j = x.userFirst[id]; j < x.userFirst[id + 1]; j++) mark(x.userList[j]);
    }
    this.tainted = marked;
    this.taintUp = up;
    this.taintDown = down;
    this.router.setTaint(up, down);
  }

  /**
   * Hierarchy edges are numbered up edges first, then down edges. baseList: the hierarchy edges
   * that are each base edge itself; userList: the shortcuts that have a given edge as a half.
   */
  private taintIndex() {
    if (this.taintIndexCache) return this.taintIndexCache;
    const h = this.shortcutHalves();
    const ch = this.ch;
    const upCount = ch.upTarget.length;
    const total = upCount + ch.downTarget.length;
    const m = this.graph.edgeCount;
    const baseFirst = new Int32Array(m + 1);
    const userFirst = new Int32Array(total + 1);
    const middleOf = (id: number) => (id < upCount ? ch.upMiddle[id] : ch.downMiddle[id - upCount]);
    const halvesOf = (id: number): [number, number] =>
      id < upCount ? [upCount + h.upLeft[id], h.upRight[id]] : [upCount + h.downLeft[id - upCount], h.downRight[id - upCount]];
    for (let id = 0; id < total; id++) {
      const mid = middleOf(id);
      if (mid < 0) baseFirst[-mid]++;
      else {
        const [a, b] = halvesOf(id);
        userFirst[a + 1]++;
        userFirst[b + 1]++;
      }
    }
    for (let e = 0; e < m; e++) baseFirst[e + 1] += baseFirst[e];
    for (let id = 0; id < total; id++) userFirst[id + 1] += userFirst[id];
    const baseList = new Int32Array(baseFirst[m]);
    const userList = new Int32Array(userFirst[total]);
    const baseFill = baseFirst.slice(0, m);
    const userFill = userFirst.slice(0, total);
    for (let id = 0; id < total; id++) {
      const mid = middleOf(id);
      if (mid < 0) baseList[baseFill[-1 - mid]++] = id;
      else {
        const [a, b] = halvesOf(id);
        userList[userFill[a]++] = id;
        userList[userFill[b]++] = id;
      }
    }
    this.taintIndexCache = { baseFirst, baseList, userFirst, userList };
    return this.taintIndexCache;
  }

  /** For every shortcut a→b via m: the index of a→m (in m's down list) and of m→b (in m's up list). */
  private shortcutHalves() {
    if (this.halves) return this.halves;
    const ch = this.ch;
    const n = ch.nodeCount;
    const find = (first: Int32Array, target: Int32Array, m: number, x: number) => {
      for (let i = first[m]; i < first[m + 1]; i++) if (target[i] === x) return i;
      throw new Error(`corrupt hierarchy: no edge between ${m} and ${x}`);
    };
    const upLeft = new Int32Array(ch.upTarget.length).fill(-1);
    const upRight = new Int32Array(ch.upTarget.length).fill(-1);
    const downLeft = new Int32Array(ch.downTarget.length).fill(-1);
    const downRight = new Int32Array(ch.downTarget.length).fill(-1);
    for (let v = 0; v < n; v++) {
      for (let i = ch.upFirst[v]; i < ch.upFirst[v + 1]; i++) {
        const m = ch.upMiddle[i];
        if (m < 0) continue;
        // up edge v→x via m: halves v→m (at m's down list, target v) and m→x (m's up list).
        upLeft[i] = find(ch.downFirst, ch.downTarget, m, v);
        upRight[i] = find(ch.upFirst, ch.upTarget, m, ch.upTarget[i]);
      }
      for (let i = ch.downFirst[v]; i < ch.downFirst[v + 1]; i++) {
        const m = ch.downMiddle[i];
        if (m < 0) continue;
        // down edge u→v stored at v via m: halves u→m (m's down list) and m→v (m's up list).
        downLeft[i] = find(ch.downFirst, ch.downTarget, m, ch.downTarget[i]);
        downRight[i] = find(ch.upFirst, ch.upTarget, m, v);
      }
    }
    this.halves = { upLeft, upRight, downLeft, downRight };
    return this.halves;
  }
}
