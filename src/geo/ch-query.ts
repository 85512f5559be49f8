/**
 * Queries on a contraction hierarchy: upward searches, exact point-to-point with path unpacking,
 * and the bucket-based one-to-many used to rank units (Knopp et al. 2007): each unit's forward
 * upward search is kept in per-node buckets, so an incident costs one backward upward search
 * plus a scan of the buckets it meets.
 */
import type { ContractionHierarchy } from "./ch.ts";
import { IndexedMinHeap } from "./heap.ts";

const INF = Number.POSITIVE_INFINITY;

/**
 * A full upward Dijkstra with stall-on-demand: a node that can be reached more cheaply from a
 * higher node (through an edge pointing down to it) is not expanded, since no shortest up-down
 * path passes through it with this distance.
 */
export class UpwardSearch {
  readonly dist: Float64Array;
  /** Index (into up or down arrays) of the hierarchy edge that reached each node; -1 at seeds. */
  readonly parentEdge: Int32Array;
  readonly parentNode: Int32Array;
  /** Settled, unstalled nodes of the last run, in settling order. */
  readonly settled: Int32Array;
  settledCount = 0;
  /**
   * While closures are active: taint[i] = 1 for hierarchy edges (of this search's direction)
   * whose unpacked path contains a changed base edge; pathTainted[v] tells whether the tree
   * path to v uses one. null while the road network is as preprocessed.
   */
  taint: Uint8Array | null = null;
  readonly pathTainted: Uint8Array;
  private readonly heap: IndexedMinHeap;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(
    private readonly ch: ContractionHierarchy,
    readonly backward: boolean,
  ) {
    this.pathTainted = new Uint8Array(ch.nodeCount);
    const n = ch.nodeCount;
    this.dist = new Float64Array(n).fill(INF);
    this.parentEdge = new Int32Array(n).fill(-1);
    this.parentNode = new Int32Array(n).fill(-1);
    this.settled = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.heap = new IndexedMinHeap(n);
  }

  run(seeds: ArrayLike<number>, offsets: ArrayLike<number> | null): void {
    const { dist, parentEdge, parentNode, heap, touched, settled, pathTainted } = this;
    const taint = this.taint;
    for (let i = 0; i < this.touchedCount; i++) dist[touched[i]] = INF;
    this.touchedCount = 0;
    this.settledCount = 0;
    const ch = this.ch;
    const first = this.backward ? ch.downFirst : ch.upFirst;
    const target = this.backward ? ch.downTarget : ch.upTarget;
    const weight = this.backward ? ch.downWeight : ch.upWeight;
    const stallFirst = this.backward ? ch.upFirst : ch.downFirst;
    const stallTarget = this.backward ? ch.upTarget : ch.downTarget;
    const stallWeight = this.backward ? ch.upWeight : ch.downWeight;
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i];
      const d = offsets ? offsets[i] : 0;
      if (d < dist[s]) {
        if (dist[s] === INF) touched[this.touchedCount++] = s;
        dist[s] = d;
        parentEdge[s] = -1;
        parentNode[s] = -1;
        pathTainted[s] = 0;
        heap.push(s, d);
      }
    }
    while (heap.length > 0) {
      const v = heap.pop();
      const dv = dist[v];
      let stalled = false;
      for (let i = stallFirst[v], end = stallFirst[v + 1]; i < end; i++) {
        if (dist[stallTarget[i]] + stallWeight[i] < dv) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      settled[this.settledCount++] = v;
      for (let i = first[v], end = first[v + 1]; i < end; i++) {
        const u = target[i];
        const du = dv + weight[i];
        if (du < dist[u]) {
          if (dist[u] === INF) touched[this.touchedCount++] = u;
          dist[u] = du;
          parentEdge[u] = i;
          parentNode[u] = v;
          if (taint) pathTainted[u] = pathTainted[v] | taint[i];
          heap.push(u, du);
        }
      }
    }
  }
}

export interface PointToPoint {
  ms: number;
  /** The path found crosses a changed (closed or slowed) edge, so `ms` may be too low. */
  tainted: boolean;
  /** Base-graph edge ids from source to target, in order. */
  edges: number[];
}

/** Exact point-to-point queries with path unpacking. */
export class HierarchyRouter {
  private readonly forward: UpwardSearch;
  private readonly backward: UpwardSearch;

  constructor(private readonly ch: ContractionHierarchy) {
    this.forward = new UpwardSearch(ch, false);
    this.backward = new UpwardSearch(ch, true);
  }

  setTaint(up: Uint8Array | null, down: Uint8Array | null): void {
    this.forward.taint = up;
    this.backward.taint = down;
  }

  /** Milliseconds from the source seeds to the target seeds, or null when unreachable. */
  query(
    sources: ArrayLike<number>,
    sourceOffsets: ArrayLike<number> | null,
    targets: ArrayLike<number>,
    targetOffsets: ArrayLike<number> | null,
    withPath = false,
  ): PointToPoint | null {
    const f = this.forward;
    const b = this.backward;
    f.run(sources, sourceOffsets);
    b.run(targets, targetOffsets);
    let best = INF;
    let meet = -1;
    let tainted = 1;
    const tracking = f.taint !== null;
    for (let i = 0; i < f.settledCount; i++) {
      const v = f.settled[i];
      const d = f.dist[v] + b.dist[v];
      if (d > best || d === INF) continue;
      // On a tie, prefer a path that avoids changed edges: it is then provably still shortest.
      const t = tracking ? f.pathTainted[v] | b.pathTainted[v] : 0;
      if (d < best || t < tainted) {
        best = d;
        meet = v;
        tainted = t;
      }
    }
    if (meet < 0) return null;
    const edges: number[] = [];
    if (withPath) {
      // The forward tree is walked from the meeting node back to the source, so collect the
      // reached nodes first and unpack their parent edges source-first.
      const upNodes: number[] = [];
      for (let v = meet; f.parentEdge[v] >= 0; v = f.parentNode[v]) upNodes.push(v);
      for (let k = upNodes.length - 1; k >= 0; k--) {
        const v = upNodes[k];
        this.unpack(f.parentNode[v], v, this.ch.upMiddle[f.parentEdge[v]], edges);
      }
      for (let v = meet; b.parentEdge[v] >= 0; v = b.parentNode[v]) {
        const i = b.parentEdge[v];
        this.unpack(v, b.parentNode[v], this.ch.downMiddle[i], edges);
      }
    }
    return { ms: best, tainted: tainted === 1, edges };
  }

  /** Expands the hierarchy edge from→to (bypassing `middle`) into base edges, appended in order. */
  unpack(from: number, to: number, middle: number, out: number[]): void {
    const ch = this.ch;
    // Explicit stack of (from, to, middle) triples, processed left to right.
    const stack: number[] = [from, to, middle];
    while (stack.length > 0) {
      const mid = stack.pop() as number;
      const b = stack.pop() as number;
      const a = stack.pop() as number;
      if (mid < 0) {
        out.push(-1 - mid);
        continue;
      }
      // a→mid is stored at mid's down list, mid→b at mid's up list (mid ranks below both).
      let left = -1;
      for (let i = ch.downFirst[mid]; i < ch.downFirst[mid + 1]; i++) if (ch.downTarget[i] === a) left = i;
      let right = -1;
      for (let i = ch.upFirst[mid]; i < ch.upFirst[mid + 1]; i++) if (ch.upTarget[i] === b) right = i;
      if (left < 0 || right < 0) throw new Error(`corrupt hierarchy: shortcut ${a}→${b} via ${mid} has no halves`);
      stack.push(mid, b, ch.upMiddle[right]);
      stack.push(a, mid, ch.downMiddle[left]);
    }
  }
}

/**
 * Buckets of forward search results for a set of sources (units). Each source occupies a slot;
 * moving a source removes its old entries and inserts the new ones.
 */
export class SourceBuckets {
  private readonly forward: UpwardSearch;
  private readonly backward: UpwardSearch;
  // Per-node bucket lists inside one pool of (slot, ms) pairs.
  private readonly start: Int32Array;
  private readonly size: Int32Array;
  private readonly cap: Int32Array;
  private slotPool: Int32Array;
  private msPool: Int32Array;
  /** Position of each entry's node in its slot's node list (to read the slot's taint marks). */
  private indexPool: Int32Array;
  private used = 0;
  private live = 0;
  /** Nodes each slot has entries at (first slotLength[slot]), so moving it only touches its own buckets. */
  private readonly slotNodes: Int32Array[] = [];
  private readonly slotLength: number[] = [];
  /**
   * The slot's search tree, in settling order: the list position of each node's parent (-1 at a
   * seed) and the up-edge that reached it. With these, new closure marks are applied to a slot's
   * kept search in one pass, without searching again.
   */
  private readonly slotParent: Int32Array[] = [];
  private readonly slotEdge: Int32Array[] = [];
  private readonly slotTaint: Uint8Array[] = [];
  /** Scratch: list position of each node in the slot being set. */
  private readonly position: Int32Array;
  /** Nodes that own a region of the pool, so compaction is O(live entries), not O(nodes). */
  private owned = new Int32Array(1024);
  private ownedCount = 0;

  /** `initialPool` entries are preallocated; it grows (and compacts) as needed. */
  constructor(ch: ContractionHierarchy, initialPool = 1 << 16) {
    const n = ch.nodeCount;
    this.slotPool = new Int32Array(initialPool);
    this.msPool = new Int32Array(initialPool);
    this.indexPool = new Int32Array(initialPool);
    this.position = new Int32Array(n);
    this.forward = new UpwardSearch(ch, false);
    this.backward = new UpwardSearch(ch, true);
    this.start = new Int32Array(n);
    this.size = new Int32Array(n);
    this.cap = new Int32Array(n);
  }

  get slotCount(): number {
    return this.slotNodes.length;
  }

  /** Sets the changed-edge marks; kept searches must then be refreshed with retaint() (or set again). */
  setTaint(up: Uint8Array | null, down: Uint8Array | null): void {
    this.forward.taint = up;
    this.backward.taint = down;
  }

  /** Slots currently placed. */
  activeSlots(): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < this.slotLength.length; slot++) if (this.slotLength[slot] > 0) out.push(slot);
    return out;
  }

  /** Places source `slot` at the seeds (node ids with offsets in ms), replacing its previous place. */
  set(slot: number, seeds: ArrayLike<number>, offsets: ArrayLike<number> | null): void {
    this.remove(slot);
    const f = this.forward;
    f.run(seeds, offsets);
    while (this.slotNodes.length <= slot) {
      this.slotNodes.push(new Int32Array(0));
      this.slotParent.push(new Int32Array(0));
      this.slotEdge.push(new Int32Array(0));
      this.slotTaint.push(new Uint8Array(0));
      this.slotLength.push(0);
    }
    // Reuse the slot's arrays: moving units must not churn the garbage collector.
    const count = f.settledCount;
    if (this.slotNodes[slot].length < count) {
      const cap = Math.max(count, 16) * 2;
      this.slotNodes[slot] = new Int32Array(cap);
      this.slotParent[slot] = new Int32Array(cap);
      this.slotEdge[slot] = new Int32Array(cap);
      this.slotTaint[slot] = new Uint8Array(cap);
    }
    const nodes = this.slotNodes[slot];
    const parent = this.slotParent[slot];
    const edge = this.slotEdge[slot];
    const taint = this.slotTaint[slot];
    const position = this.position;
    for (let i = 0; i < count; i++) {
      const v = f.settled[i];
      nodes[i] = v;
      position[v] = i;
      // A parent is always settled and unstalled (a stalled node relaxes nothing), so it is listed earlier.
      parent[i] = f.parentEdge[v] < 0 ? -1 : position[f.parentNode[v]];
      edge[i] = f.parentEdge[v];
      taint[i] = f.taint ? f.pathTainted[v] : 0;
      this.append(v, slot, f.dist[v], i);
    }
    this.slotLength[slot] = count;
  }

  /** Re-applies the current closure marks to a slot's kept search (same place, same offsets). */
  retaint(slot: number): void {
    const count = slot < this.slotLength.length ? this.slotLength[slot] : 0;
    const marks = this.forward.taint;
    const parent = this.slotParent[slot];
    const edge = this.slotEdge[slot];
    const taint = this.slotTaint[slot];
    for (let i = 0; i < count; i++) {
      taint[i] = marks === null || parent[i] < 0 ? 0 : taint[parent[i]] | marks[edge[i]];
    }
  }

  remove(slot: number): void {
    if (slot >= this.slotLength.length || this.slotLength[slot] === 0) return;
    const nodes = this.slotNodes[slot];
    const count = this.slotLength[slot];
    for (let i = 0; i < count; i++) {
      const v = nodes[i];
      const s = this.start[v];
      const end = s + this.size[v];
      for (let j = s; j < end; j++) {
        if (this.slotPool[j] !== slot) continue;
        const last = end - 1;
        this.slotPool[j] = this.slotPool[last];
        this.msPool[j] = this.msPool[last];
        this.indexPool[j] = this.indexPool[last];
        this.size[v]--;
        break;
      }
    }
    this.live -= count;
    this.slotLength[slot] = 0;
  }

  /**
   * Fills out[slot] with the milliseconds from every placed source to the target seeds
   * (Infinity when unreachable or the slot is empty). Returns the number of bucket entries scanned.
   * With closures active, tainted[slot] = 1 marks answers whose path crosses a changed edge.
   */
  query(targets: ArrayLike<number>, offsets: ArrayLike<number> | null, out: Float64Array, tainted?: Uint8Array): number {
    out.fill(INF);
    const b = this.backward;
    b.run(targets, offsets);
    const { start, size, slotPool, msPool } = this;
    let scanned = 0;
    if (b.taint && tainted) {
      tainted.fill(1);
      const { indexPool, slotTaint } = this;
      for (let k = 0; k < b.settledCount; k++) {
        const v = b.settled[k];
        const dv = b.dist[v];
        const tv = b.pathTainted[v];
        for (let j = start[v], end = j + size[v]; j < end; j++) {
          const d = msPool[j] + dv;
          const slot = slotPool[j];
          const t = tv | slotTaint[slot][indexPool[j]];
          if (d < out[slot] || (d === out[slot] && t < tainted[slot])) {
            out[slot] = d;
            tainted[slot] = t;
          }
        }
        scanned += size[v];
      }
      return scanned;
    }
    for (let k = 0; k < b.settledCount; k++) {
      const v = b.settled[k];
      const dv = b.dist[v];
      for (let j = start[v], end = j + size[v]; j < end; j++) {
        const d = msPool[j] + dv;
        const slot = slotPool[j];
        if (d < out[slot]) out[slot] = d;
      }
      scanned += size[v];
    }
    if (tainted) tainted.fill(0);
    return scanned;
  }

  private append(v: number, slot: number, ms: number, index: number): void {
    if (this.size[v] === this.cap[v]) this.grow(v);
    const i = this.start[v] + this.size[v]++;
    this.slotPool[i] = slot;
    this.msPool[i] = ms;
    this.indexPool[i] = index;
    this.live++;
  }

  private grow(v: number): void {
    const newCap = Math.max(4, this.cap[v] * 2);
    const isNew = this.cap[v] === 0;
    if (this.used + newCap > this.slotPool.length) {
      // Moved lists leave holes; compact when they outweigh the live entries, else enlarge.
      if (this.used > 2 * this.live + 64) this.compact();
      if (this.used + newCap > this.slotPool.length) {
        const len = Math.ceil((this.used + newCap) * 1.5);
        const sp = new Int32Array(len);
        sp.set(this.slotPool.subarray(0, this.used));
        const mp = new Int32Array(len);
        mp.set(this.msPool.subarray(0, this.used));
        const tp = new Int32Array(len);
        tp.set(this.indexPool.subarray(0, this.used));
        this.slotPool = sp;
        this.msPool = mp;
        this.indexPool = tp;
      }
    }
    const from = this.start[v];
    this.slotPool.copyWithin(this.used, from, from + this.size[v]);
    this.msPool.copyWithin(this.used, from, from + this.size[v]);
    this.indexPool.copyWithin(this.used, from, from + this.size[v]);
    this.start[v] = this.used;
    this.cap[v] = newCap;
    this.used += newCap;
    if (isNew) {
      if (this.ownedCount === this.owned.length) {
        const o = new Int32Array(this.owned.length * 2);
        o.set(this.owned);
        this.owned = o;
      }
      this.owned[this.ownedCount++] = v;
    }
  }

  private compact(): void {
    const len = Math.max(this.slotPool.length, Math.ceil(this.live * 2.5) + 64);
    const sp = new Int32Array(len);
    const mp = new Int32Array(len);
    const tp = new Int32Array(len);
    let pos = 0;
    let kept = 0;
    for (let k = 0; k < this.ownedCount; k++) {
      const v = this.owned[k];
      const size = this.size[v];
      if (size === 0) {
        this.cap[v] = 0;
        continue;
      }
      const from = this.start[v];
      for (let j = 0; j < size; j++) {
        sp[pos + j] = this.slotPool[from + j];
        mp[pos + j] = this.msPool[from + j];
        tp[pos + j] = this.indexPool[from + j];
      }
      this.start[v] = pos;
      this.cap[v] = size + (size >> 1) + 1;
      pos += this.cap[v];
      this.owned[kept++] = v;
    }
    this.ownedCount = kept;
    this.slotPool = sp;
    this.msPool = mp;
    this.indexPool = tp;
    this.used = pos;
  }
}
