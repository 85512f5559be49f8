/**
 * The road graph in compressed sparse row form. Travel times are integer milliseconds, so sums
 * are exact and a contraction-hierarchy answer can be compared with Dijkstra by `===`.
 * Nodes are junctions; the shape points between two junctions live in the edge geometry.
 */
export interface RoadGraph {
  nodeCount: number;
  edgeCount: number;
  /** Original ids (OSM node ids or CSV ids); float64 holds every OSM id exactly. */
  nodeIds: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  /** Out-edges of node v are firstOut[v] .. firstOut[v+1]-1. */
  firstOut: Int32Array;
  target: Int32Array;
  /** Free-flow travel time in milliseconds. */
  weight: Int32Array;
  /** Road length in metres. */
  length: Float32Array;
  /** Shape points strictly between the two end nodes of edge e: geomFirst[e] .. geomFirst[e+1]-1. */
  geomFirst: Uint32Array;
  geomLat: Float64Array;
  geomLon: Float64Array;
  /** Original ids of the shape points (OSM node ids), or empty when the source has none. */
  geomIds: Float64Array;
  /** Reverse adjacency: in-edges of v are firstIn[v] .. firstIn[v+1]-1, each naming the forward edge id. */
  firstIn: Int32Array;
  inEdge: Int32Array;
  /** Source node of each in-edge slot (inSource[i] is the tail of inEdge[i]). */
  inSource: Int32Array;
}

export interface EdgeList {
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  weightMs: ArrayLike<number>;
  lengthM: ArrayLike<number>;
  /** Optional shape points per edge, as offsets into lat/lon arrays (length = edges + 1). */
  geomFirst?: ArrayLike<number>;
  geomLat?: ArrayLike<number>;
  geomLon?: ArrayLike<number>;
  geomIds?: ArrayLike<number>;
}

export interface NodeList {
  ids: ArrayLike<number>;
  lat: ArrayLike<number>;
  lon: ArrayLike<number>;
}

/** Builds the CSR arrays; self-loops are dropped because no shortest path uses them. */
export function buildGraph(nodes: NodeList, edges: EdgeList): RoadGraph {
  const n = nodes.ids.length;
  const raw = edges.from.length;
  const outCount = new Int32Array(n + 1);
  let m = 0;
  for (let e = 0; e < raw; e++) {
    const u = edges.from[e];
    const v = edges.to[e];
    if (u === v) continue;
    outCount[u + 1]++;
    m++;
  }
  const firstOut = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) firstOut[v + 1] = firstOut[v] + outCount[v + 1];
  const fill = firstOut.slice(0, n);
  const target = new Int32Array(m);
  const weight = new Int32Array(m);
  const length = new Float32Array(m);
  const order = new Int32Array(m);
  for (let e = 0; e < raw; e++) {
    const u = edges.from[e];
    const v = edges.to[e];
    if (u === v) continue;
    const slot = fill[u]++;
    target[slot] = v;
    weight[slot] = edges.weightMs[e];
    length[slot] = edges.lengthM[e];
    order[slot] = e;
  }
  const geomFirst = new Uint32Array(m + 1);
  let geomLat = new Float64Array(0);
  let geomLon = new Float64Array(0);
  let geomIds = new Float64Array(0);
  if (edges.geomFirst && edges.geomLat && edges.geomLon) {
    const gf = edges.geomFirst;
    for (let e = 0; e < m; e++) geomFirst[e + 1] = geomFirst[e] + (gf[order[e] + 1] - gf[order[e]]);
    geomLat = new Float64Array(geomFirst[m]);
    geomLon = new Float64Array(geomFirst[m]);
    const ids = edges.geomIds && edges.geomIds.length > 0 ? edges.geomIds : null;
    if (ids) geomIds = new Float64Array(geomFirst[m]);
    for (let e = 0; e < m; e++) {
      let k = geomFirst[e];
      for (let j = gf[order[e]]; j < gf[order[e] + 1]; j++, k++) {
        geomLat[k] = edges.geomLat[j];
        geomLon[k] = edges.geomLon[j];
        if (ids) geomIds[k] = ids[j];
      }
    }
  }
  const graph: RoadGraph = {
    nodeCount: n,
    edgeCount: m,
    nodeIds: Float64Array.from(nodes.ids),
    lat: Float64Array.from(nodes.lat),
    lon: Float64Array.from(nodes.lon),
    firstOut,
    target,
    weight,
    length,
    geomFirst,
    geomLat,
    geomLon,
    geomIds,
    firstIn: new Int32Array(n + 1),
    inEdge: new Int32Array(m),
    inSource: new Int32Array(m),
  };
  buildReverse(graph);
  return graph;
}

/** Fills firstIn/inEdge from the forward arrays (also used after loading a file). */
export function buildReverse(g: RoadGraph): void {
  const { nodeCount: n, edgeCount: m, firstOut, target } = g;
  const firstIn = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) firstIn[target[e] + 1]++;
  for (let v = 0; v < n; v++) firstIn[v + 1] += firstIn[v];
  const fill = firstIn.slice(0, n);
  const inEdge = new Int32Array(m);
  const inSource = new Int32Array(m);
  for (let u = 0; u < n; u++) {
    for (let e = firstOut[u]; e < firstOut[u + 1]; e++) {
      const slot = fill[target[e]]++;
      inEdge[slot] = e;
      inSource[slot] = u;
    }
  }
  g.firstIn = firstIn;
  g.inEdge = inEdge;
  g.inSource = inSource;
}

/** Source node of forward edge e (binary search over firstOut; used off the hot path). */
export function edgeSource(g: RoadGraph, e: number): number {
  let lo = 0;
  let hi = g.nodeCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.firstOut[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Keeps only the nodes with keep[v] = 1, renumbering them in order. */
export function subgraph(g: RoadGraph, keep: Uint8Array): RoadGraph {
  const newId = new Int32Array(g.nodeCount).fill(-1);
  let n = 0;
  for (let v = 0; v < g.nodeCount; v++) if (keep[v]) newId[v] = n++;
  const ids = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let v = 0; v < g.nodeCount; v++) {
    const w = newId[v];
    if (w < 0) continue;
    ids[w] = g.nodeIds[v];
    lat[w] = g.lat[v];
    lon[w] = g.lon[v];
  }
  const from: number[] = [];
  const to: number[] = [];
  const weightMs: number[] = [];
  const lengthM: number[] = [];
  const geomFirst: number[] = [0];
  const geomLat: number[] = [];
  const geomLon: number[] = [];
  const geomIds: number[] = [];
  const hasIds = g.geomIds.length > 0;
  for (let u = 0; u < g.nodeCount; u++) {
    if (newId[u] < 0) continue;
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      const v = g.target[e];
      if (newId[v] < 0) continue;
      from.push(newId[u]);
      to.push(newId[v]);
      weightMs.push(g.weight[e]);
      lengthM.push(g.length[e]);
      for (let k = g.geomFirst[e]; k < g.geomFirst[e + 1]; k++) {
        geomLat.push(g.geomLat[k]);
        geomLon.push(g.geomLon[k]);
        if (hasIds) geomIds.push(g.geomIds[k]);
      }
      geomFirst.push(geomLat.length);
    }
  }
  return buildGraph({ ids, lat, lon }, { from, to, weightMs, lengthM, geomFirst, geomLat, geomLon, geomIds });
}
