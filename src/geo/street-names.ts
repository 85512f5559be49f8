/**
 * Street names on the road graph: what a dispatcher reads instead of node numbers. A junction
 * is named by the streets that meet there ("文三路 × 学院路"), a route by the streets it follows.
 * This is the contract; the demo city's names file provides the implementation, and with a
 * graph that carries no names (the generated city, an unnamed import) `ctx.streets` is null and
 * callers fall back to what they showed before.
 */
import KDBush from "kdbush";
import { haversineMeters, type LatLon } from "../platform/geodesy.ts";
import type { RoadGraph } from "./graph.ts";

/** A name in both of the console's languages. */
export interface StreetLabel {
  zh: string;
  en: string;
}

export interface StreetNames {
  /** The credit the names' source requires wherever they are shown, e.g. "© OpenStreetMap contributors (ODbL)". */
  readonly attribution: string;
  /** The name of road edge `edge` (a CSR edge id of `ctx.roads`), or null where the way has none. */
  edgeName(edge: number): StreetLabel | null;
  /**
   * The name of graph node `node`: "A × B" where two or more names meet, the one street's name
   * where only one does, else the nearest named junction within a short walk, else null.
   */
  junctionName(node: number): StreetLabel | null;
  /** The same for a point: the junction name of the nearest graph node. */
  nameAt(at: LatLon): StreetLabel | null;
  /** The named streets a path of graph nodes follows, in order, repeats merged. */
  routeStreets(nodes: readonly number[]): StreetLabel[];
}

/** How far "near …" reaches: a short walk, about a block. */
export const NEAR_JUNCTION_M = 150;
const M_PER_DEG = 111_320;

/**
 * StreetNames over a road graph whose edges carry a name index (0 none, k ≥ 1 `labels[k − 1]`),
 * as the street graph file stores them. Where several names meet, the two longest streets (by
 * their length in the graph) name the junction, so 文三路 × 学院路 rather than a lane's name.
 */
export class GraphStreetNames implements StreetNames {
  private readonly weight: Float64Array;
  private readonly named: KDBush;
  private readonly namedNodes: Int32Array;
  private readonly all: KDBush;
  private readonly cosLat: number;

  constructor(
    private readonly g: RoadGraph,
    private readonly edgeNames: ArrayLike<number>,
    private readonly labels: readonly StreetLabel[],
    readonly attribution: string,
  ) {
    if (edgeNames.length !== g.edgeCount) throw new RangeError(`${edgeNames.length} edge names for ${g.edgeCount} edges`);
    this.weight = new Float64Array(labels.length + 1);
    for (let e = 0; e < g.edgeCount; e++) this.weight[edgeNames[e]] += g.length[e];
    let midLat = 0;
    for (let v = 0; v < g.nodeCount; v++) midLat += g.lat[v] / Math.max(1, g.nodeCount);
    this.cosLat = Math.cos((midLat * Math.PI) / 180);
    const withName: number[] = [];
    for (let v = 0; v < g.nodeCount; v++) if (this.namesAt(v).length > 0) withName.push(v);
    this.namedNodes = Int32Array.from(withName);
    this.named = new KDBush(Math.max(1, withName.length));
    for (const v of withName) this.named.add(g.lon[v] * this.cosLat, g.lat[v]);
    if (withName.length === 0) this.named.add(0, 0);
    this.named.finish();
    this.all = new KDBush(Math.max(1, g.nodeCount));
    for (let v = 0; v < g.nodeCount; v++) this.all.add(g.lon[v] * this.cosLat, g.lat[v]);
    if (g.nodeCount === 0) this.all.add(0, 0);
    this.all.finish();
  }

  edgeName(edge: number): StreetLabel | null {
    const k = this.edgeNames[edge];
    return k > 0 ? this.labels[k - 1] : null;
  }

  /** The name indexes of the edges into and out of v, longest street first. */
  private namesAt(v: number): number[] {
    const g = this.g;
    const seen = new Set<number>();
    for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) if (this.edgeNames[e] > 0) seen.add(this.edgeNames[e]);
    for (let i = g.firstIn[v]; i < g.firstIn[v + 1]; i++) if (this.edgeNames[g.inEdge[i]] > 0) seen.add(this.edgeNames[g.inEdge[i]]);
    return [...seen].sort((a, b) => this.weight[b] - this.weight[a] || a - b);
  }

  private ownName(v: number): StreetLabel | null {
    const names = this.namesAt(v).map((k) => this.labels[k - 1]);
    if (names.length === 0) return null;
    if (names.length === 1) return names[0];
    return { zh: `${names[0].zh} × ${names[1].zh}`, en: `${names[0].en} × ${names[1].en}` };
  }

  junctionName(node: number): StreetLabel | null {
    if (node < 0 || node >= this.g.nodeCount) return null;
    const own = this.ownName(node);
    if (own) return own;
    const near = this.nearest(this.named, { lat: this.g.lat[node], lon: this.g.lon[node] }, NEAR_JUNCTION_M, (i) => this.namedNodes[i]);
    if (near === null) return null;
    const name = this.ownName(near)!;
    return { zh: `${name.zh} 附近`, en: `near ${name.en}` };
  }

  nameAt(at: LatLon): StreetLabel | null {
    for (const radius of [100, 400, 1600, 6400]) {
      const v = this.nearest(this.all, at, radius, (i) => i);
      if (v !== null) return this.junctionName(v);
    }
    return null;
  }

  /** The node of `index` nearest to `at` within `radiusM`, or null. */
  private nearest(index: KDBush, at: LatLon, radiusM: number, node: (i: number) => number): number | null {
    if (this.g.nodeCount === 0) return null;
    let best: number | null = null;
    let bestM = radiusM;
    for (const i of index.within(at.lon * this.cosLat, at.lat, radiusM / M_PER_DEG)) {
      const v = node(i);
      if (v === undefined || v >= this.g.nodeCount) continue;
      const d = haversineMeters(at, { lat: this.g.lat[v], lon: this.g.lon[v] });
      if (d <= bestM) {
        best = v;
        bestM = d;
      }
    }
    return best;
  }

  routeStreets(nodes: readonly number[]): StreetLabel[] {
    const edges: number[] = [];
    const g = this.g;
    for (let i = 0; i + 1 < nodes.length; i++) {
      let best = -1;
      for (let e = g.firstOut[nodes[i]]; e < g.firstOut[nodes[i] + 1]; e++)
        if (g.target[e] === nodes[i + 1] && (best < 0 || g.weight[e] < g.weight[best])) best = e;
      if (best >= 0) edges.push(best);
    }
    return this.edgeStreets(edges);
  }

  /** The same for a path given as CSR edge ids (what the router returns). */
  edgeStreets(edges: readonly number[]): StreetLabel[] {
    const out: StreetLabel[] = [];
    for (const e of edges) {
      const name = this.edgeName(e);
      if (name && out[out.length - 1]?.zh !== name.zh) out.push(name);
    }
    return out;
  }
}
