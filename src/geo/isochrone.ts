/**
 * Isochrones: everything reachable from a point within t minutes, as a node set and as a
 * polygon for the map. The outline is a grid: every cell of about `cellMeters` containing a
 * reached node or a reached road point is filled, and runs of filled cells in a row are merged
 * into rectangles. It follows the road network's real shape (rivers and unreachable blocks stay
 * empty), which a convex hull would not, and needs no geometry library.
 */
import type { LatLon } from "../platform/geodesy.ts";
import type { RoadNetwork } from "./road-network.ts";

export interface Isochrone {
  minutes: number;
  /** Graph nodes reached in time. */
  nodes: Int32Array;
  /** Seconds to each of those nodes. */
  seconds: Float64Array;
  /** GeoJSON MultiPolygon geometry ([lon, lat] rings). */
  polygon: { type: "MultiPolygon"; coordinates: [number, number][][][] };
  /** Distance from the start point to the road it was snapped to. */
  snapMeters: number;
}

export function isochrone(network: RoadNetwork, at: LatLon, minutes: number, cellMeters = 150): Isochrone | null {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new Error(`minutes must be a finite number ≥ 0, got ${minutes}`);
  const snap = network.snap(at);
  if (!snap) return null;
  const limitMs = minutes * 60_000;
  const { nodes, ms } = network.reachable(network.origin(snap), limitMs);
  const g = network.graph;
  const cellLat = cellMeters / 111_320;
  const cellLon = cellLat / Math.max(0.01, Math.cos((snap.lat * Math.PI) / 180));
  const rows = new Map<number, Set<number>>();
  const mark = (lat: number, lon: number) => {
    const r = Math.floor(lat / cellLat);
    let row = rows.get(r);
    if (!row) {
      row = new Set();
      rows.set(r, row);
    }
    row.add(Math.floor(lon / cellLon));
  };
  mark(snap.lat, snap.lon);
  const inSet = new Map<number, number>();
  for (let i = 0; i < nodes.length; i++) inSet.set(nodes[i], ms[i]);
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i];
    mark(g.lat[v], g.lon[v]);
    // Roads between two reached nodes are reached too; fill their shape points.
    for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) {
      if (!inSet.has(g.target[e])) continue;
      for (let k = g.geomFirst[e]; k < g.geomFirst[e + 1]; k++) mark(g.geomLat[k], g.geomLon[k]);
    }
  }
  const coordinates: [number, number][][][] = [];
  for (const [r, cols] of [...rows].sort((a, b) => a[0] - b[0])) {
    const sorted = [...cols].sort((a, b) => a - b);
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
      const west = sorted[i] * cellLon;
      const east = (sorted[j] + 1) * cellLon;
      const south = r * cellLat;
      const north = (r + 1) * cellLat;
      coordinates.push([
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ]);
      i = j + 1;
    }
  }
  const seconds = new Float64Array(ms.length);
  for (let i = 0; i < ms.length; i++) seconds[i] = ms[i] / 1000;
  return { minutes, nodes, seconds, polygon: { type: "MultiPolygon", coordinates }, snapMeters: snap.distanceM };
}
