/**
 * Plain Dijkstra on the base graph: the reference every faster query is checked against, the
 * benchmark baseline, and the exact fallback while closures are active.
 */
import type { RoadGraph } from "./graph.ts";
import { IndexedMinHeap } from "./heap.ts";

export interface SearchOptions {
  /** Search against edge direction (from a target back to its sources). */
  backward?: boolean;
  /** Edge weights to use instead of the free-flow ones; a negative weight means closed. */
  weights?: Int32Array;
  /** Stop once every listed node is settled. */
  targets?: ArrayLike<number>;
  /** Stop once the next node is further than this many milliseconds. */
  limitMs?: number;
}

export class Dijkstra {
  /** Milliseconds from the seeds; Infinity where not reached. Valid until the next run. */
  readonly dist: Float64Array;
  /** The forward edge through which each node was reached (-1 for seeds). */
  readonly parentEdge: Int32Array;
  settledCount = 0;
  private readonly heap: IndexedMinHeap;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly isTarget: Uint8Array;

  constructor(private readonly graph: RoadGraph) {
    const n = graph.nodeCount;
    this.dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.parentEdge = new Int32Array(n).fill(-1);
    this.heap = new IndexedMinHeap(n);
    this.touched = new Int32Array(n);
    this.isTarget = new Uint8Array(n);
  }

  /** Runs from one or more seeds, each with a starting offset in milliseconds. */
  run(seeds: ArrayLike<number>, offsets: ArrayLike<number> | null, options: SearchOptions = {}): void {
    this.reset();
    const g = this.graph;
    const { dist, parentEdge, heap, touched, isTarget } = this;
    const weights = options.weights ?? g.weight;
    const backward = options.backward === true;
    const limit = options.limitMs ?? Number.POSITIVE_INFINITY;
    const first = backward ? g.firstIn : g.firstOut;
    let remaining = -1;
    if (options.targets) {
      remaining = 0;
      for (let i = 0; i < options.targets.length; i++) {
        const t = options.targets[i];
        if (!isTarget[t]) {
          isTarget[t] = 1;
          remaining++;
        }
      }
    }
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i];
      const d = offsets ? offsets[i] : 0;
      if (d < dist[s]) {
        if (dist[s] === Number.POSITIVE_INFINITY) touched[this.touchedCount++] = s;
        dist[s] = d;
        parentEdge[s] = -1;
        heap.push(s, d);
      }
    }
    let settled = 0;
    while (heap.length > 0) {
      if (heap.peekKey() > limit) break;
      const v = heap.pop();
      settled++;
      if (remaining > 0 && isTarget[v] && --remaining === 0) break;
      const dv = dist[v];
      for (let i = first[v], end = first[v + 1]; i < end; i++) {
        const e = backward ? g.inEdge[i] : i;
        const w = weights[e];
        if (w < 0) continue;
        const u = backward ? g.inSource[i] : g.target[e];
        const du = dv + w;
        if (du < dist[u]) {
          if (dist[u] === Number.POSITIVE_INFINITY) touched[this.touchedCount++] = u;
          dist[u] = du;
          parentEdge[u] = e;
          heap.push(u, du);
        }
      }
    }
    this.settledCount = settled;
    heap.clear();
    if (options.targets) for (let i = 0; i < options.targets.length; i++) isTarget[options.targets[i]] = 0;
  }

  /** Nodes reached by the last run (in no particular order). */
  reached(): Int32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  private reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touched[i];
      this.dist[v] = Number.POSITIVE_INFINITY;
      this.parentEdge[v] = -1;
    }
    this.touchedCount = 0;
  }
}
