/**
 * Strongly connected components (iterative Tarjan, typed arrays only). A car graph keeps only
 * its largest component: a node outside it can be entered but not left, or the reverse, and
 * every ETA to or from it would be a trap for dispatch.
 */
import { type RoadGraph, subgraph } from "./graph.ts";

export interface Components {
  count: number;
  /** Component number of every node. */
  component: Int32Array;
  /** Node count of every component. */
  sizes: Int32Array;
  largest: number;
}

export function stronglyConnectedComponents(g: RoadGraph): Components {
  const n = g.nodeCount;
  const { firstOut, target } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const sizes: number[] = [];
  let sp = 0;
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = firstOut[root];
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth];
      const e = callEdge[depth];
      if (e < firstOut[v + 1]) {
        callEdge[depth] = e + 1;
        const w = target[e];
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = firstOut[w];
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      if (low[v] === index[v]) {
        const c = sizes.length;
        let size = 0;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          component[w] = c;
          size++;
        } while (w !== v);
        sizes.push(size);
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  let largest = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c] > sizes[largest]) largest = c;
  return { count: sizes.length, component, sizes: Int32Array.from(sizes), largest };
}

export interface LargestComponent {
  graph: RoadGraph;
  components: number;
  droppedNodes: number;
}

/** The largest strongly connected component, with how much was left out. */
export function largestComponent(g: RoadGraph): LargestComponent {
  if (g.nodeCount === 0) return { graph: g, components: 0, droppedNodes: 0 };
  const scc = stronglyConnectedComponents(g);
  if (scc.count === 1) return { graph: g, components: 1, droppedNodes: 0 };
  const keep = new Uint8Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) keep[v] = scc.component[v] === scc.largest ? 1 : 0;
  const graph = subgraph(g, keep);
  return { graph, components: scc.count, droppedNodes: g.nodeCount - graph.nodeCount };
}
