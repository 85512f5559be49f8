/**
 * Snapping a position onto the nearest road segment (not the nearest node): a unit parked in the
 * middle of a long block starts from where it is, and the partial edge counts in its ETA.
 * Segments live in a Flatbush index; both directions of a two-way road share one entry.
 */
import Flatbush from "flatbush";
import { isValidLatLon } from "../platform/geodesy.ts";
import type { RoadGraph } from "./graph.ts";

const M_PER_DEG = 111_320;

export interface Snap {
  /** The indexed edge u→v the point lies on. */
  edge: number;
  /** The edge v→u of the same road when it is two-way, else -1. */
  twin: number;
  /** Position along `edge` by length, 0 at u and 1 at v. */
  fraction: number;
  /** Which segment of the edge's polyline (0 = the one starting at u). */
  segment: number;
  /** Distance from the given point to the road, metres. */
  distanceM: number;
  lat: number;
  lon: number;
}

export class OutOfRangeError extends Error {
  constructor(lat: unknown, lon: unknown) {
    super(`coordinates out of range: lat ${String(lat)}, lon ${String(lon)} (need -90..90 and -180..180)`);
    this.name = "OutOfRangeError";
  }
}

export class RoadSnapper {
  private readonly index: Flatbush | null;
  private readonly segEdge: Int32Array;
  /** Fraction of the edge's length at the start and end of each segment. */
  private readonly segFrom: Float32Array;
  private readonly segTo: Float32Array;
  /** Position of each segment within its edge's polyline. */
  private readonly segK: Int32Array;
  private readonly source: Int32Array;
  private readonly spanDeg: number;

  constructor(private readonly graph: RoadGraph) {
    const g = graph;
    this.source = new Int32Array(g.edgeCount);
    for (let u = 0; u < g.nodeCount; u++) for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) this.source[e] = u;
    let count = 0;
    for (let e = 0; e < g.edgeCount; e++) if (this.indexed(e)) count += g.geomFirst[e + 1] - g.geomFirst[e] + 1;
    this.segEdge = new Int32Array(count);
    this.segFrom = new Float32Array(count);
    this.segTo = new Float32Array(count);
    this.segK = new Int32Array(count);
    this.index = count > 0 ? new Flatbush(count) : null;
    let minLat = Number.POSITIVE_INFINITY;
    let maxLat = Number.NEGATIVE_INFINITY;
    let minLon = Number.POSITIVE_INFINITY;
    let maxLon = Number.NEGATIVE_INFINITY;
    const lats: number[] = [];
    const lons: number[] = [];
    let s = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      if (!this.indexed(e)) continue;
      this.polyline(e, lats, lons);
      const cos = Math.cos((lats[0] * Math.PI) / 180);
      let total = 0;
      const lengths: number[] = [];
      for (let k = 0; k + 1 < lats.length; k++) {
        const len = Math.hypot(lats[k + 1] - lats[k], (lons[k + 1] - lons[k]) * cos);
        lengths.push(len);
        total += len;
      }
      let acc = 0;
      for (let k = 0; k + 1 < lats.length; k++, s++) {
        this.segEdge[s] = e;
        this.segK[s] = k;
        this.segFrom[s] = total > 0 ? acc / total : 0;
        acc += lengths[k];
        this.segTo[s] = total > 0 ? acc / total : 1;
        const a = Math.min(lons[k], lons[k + 1]);
        const b = Math.max(lons[k], lons[k + 1]);
        const c = Math.min(lats[k], lats[k + 1]);
        const d = Math.max(lats[k], lats[k + 1]);
        (this.index as Flatbush).add(a, c, b, d);
        if (a < minLon) minLon = a;
        if (b > maxLon) maxLon = b;
        if (c < minLat) minLat = c;
        if (d > maxLat) maxLat = d;
      }
    }
    this.index?.finish();
    this.spanDeg = Math.max(maxLat - minLat, maxLon - minLon, 0.001);
  }

  /** The edge from v back to u, if the road is two-way. */
  twinOf(e: number): number {
    const g = this.graph;
    const u = this.source[e];
    const v = g.target[e];
    for (let f = g.firstOut[v]; f < g.firstOut[v + 1]; f++) {
      if (g.target[f] === u && Math.abs(g.length[f] - g.length[e]) < 1) return f;
    }
    return -1;
  }

  sourceOf(e: number): number {
    return this.source[e];
  }

  /** Nearest point on any road; throws OutOfRangeError for impossible coordinates. */
  snap(lat: number, lon: number): Snap | null {
    if (!isValidLatLon(lat, lon)) throw new OutOfRangeError(lat, lon);
    if (!this.index) return null;
    const cos = Math.cos((lat * Math.PI) / 180);
    let radius = 0.002;
    for (;;) {
      const rLon = radius / Math.max(cos, 0.01);
      const hits = this.index.search(lon - rLon, lat - radius, lon + rLon, lat + radius);
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      let bestT = 0;
      for (const s of hits) {
        const { d, t } = this.segmentDistance(s, lat, lon, cos);
        if (d < bestD) {
          bestD = d;
          best = s;
          bestT = t;
        }
      }
      // Any segment closer than `radius` intersects the search box, so the best hit is global.
      if (best >= 0 && (bestD <= radius || radius > this.spanDeg + 360)) {
        return this.result(best, bestT, bestD);
      }
      if (radius > this.spanDeg + 360) return null;
      radius *= 4;
    }
  }

  private result(s: number, t: number, dDeg: number): Snap {
    const e = this.segEdge[s];
    const { lat: pLat, lon: pLon } = this.pointOn(s, t);
    const fraction = this.segFrom[s] + (this.segTo[s] - this.segFrom[s]) * t;
    return { edge: e, twin: this.twinOf(e), fraction, segment: this.segK[s], distanceM: dDeg * M_PER_DEG, lat: pLat, lon: pLon };
  }

  private segmentEnds(s: number): [number, number, number, number] {
    const g = this.graph;
    const e = this.segEdge[s];
    const k = this.segK[s];
    const count = g.geomFirst[e + 1] - g.geomFirst[e];
    const at = (i: number, node: Float64Array, geom: Float64Array) =>
      i === 0 ? node[this.source[e]] : i <= count ? geom[g.geomFirst[e] + i - 1] : node[g.target[e]];
    return [at(k, g.lat, g.geomLat), at(k, g.lon, g.geomLon), at(k + 1, g.lat, g.geomLat), at(k + 1, g.lon, g.geomLon)];
  }

  /** Distance in degrees of latitude (lon scaled by cos lat) from the point to segment s. */
  private segmentDistance(s: number, lat: number, lon: number, cos: number): { d: number; t: number } {
    const [aLat, aLon, bLat, bLon] = this.segmentEnds(s);
    const ax = aLon * cos;
    const bx = bLon * cos;
    const px = lon * cos;
    const dx = bx - ax;
    const dy = bLat - aLat;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((px - ax) * dx + (lat - aLat) * dy) / len2 : 0;
    t = t < 0 ? 0 : Math.min(t, 1);
    return { d: Math.hypot(ax + t * dx - px, aLat + t * dy - lat), t };
  }

  private pointOn(s: number, t: number): { lat: number; lon: number } {
    const [aLat, aLon, bLat, bLon] = this.segmentEnds(s);
    return { lat: aLat + (bLat - aLat) * t, lon: aLon + (bLon - aLon) * t };
  }

  /** One index entry per road: a two-way road's reverse edge is skipped. */
  private indexed(e: number): boolean {
    const u = this.source[e];
    const v = this.graph.target[e];
    return u < v || this.twinOf(e) < 0;
  }

  private polyline(e: number, lats: number[], lons: number[]): void {
    const g = this.graph;
    lats.length = 0;
    lons.length = 0;
    lats.push(g.lat[this.source[e]]);
    lons.push(g.lon[this.source[e]]);
    for (let k = g.geomFirst[e]; k < g.geomFirst[e + 1]; k++) {
      lats.push(g.geomLat[k]);
      lons.push(g.geomLon[k]);
    }
    lats.push(g.lat[g.target[e]]);
    lons.push(g.lon[g.target[e]]);
  }
}
