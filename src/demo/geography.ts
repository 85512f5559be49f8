/**
 * The demo city's ground: the real district polygons cut into two station areas each and four
 * patrol zones per station, every cut made at the median road node so each part has streets.
 * Zones are single polygons (the zone index holds one polygon per area); a cut that leaves a
 * zone in several pieces gives the smaller pieces to the neighbour they join, so the zones of a
 * district still cover it exactly, without gaps or overlaps.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import polygonClipping, { type MultiPolygon, type Polygon } from "polygon-clipping";
import type { RoadGraph } from "../geo/graph.ts";

export type Ring = [number, number][];
export type SinglePolygon = Ring[];

/** How a district is cut into its two stations: along a meridian (west, east) or a parallel (south, north). */
export type StationCut = "west-east" | "south-north";

export interface StationGround {
  polygon: SinglePolygon;
  zones: SinglePolygon[];
  /** Road nodes inside the station's area. */
  nodes: number[];
}

const ringArea = (ring: Ring): number => {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(a / 2);
};
const polygonArea = (p: Polygon): number => ringArea(p[0] as Ring) - p.slice(1).reduce((s, r) => s + ringArea(r as Ring), 0);

/** The largest piece of a multipolygon. */
export function largestPiece(mp: MultiPolygon): SinglePolygon {
  let best = mp[0];
  for (const p of mp) if (polygonArea(p) > polygonArea(best)) best = p;
  return best as SinglePolygon;
}

export function insidePolygon(p: SinglePolygon, lat: number, lon: number): boolean {
  return booleanPointInPolygon([lon, lat], { type: "Polygon", coordinates: p });
}

export function nodesInside(g: RoadGraph, p: SinglePolygon): number[] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of p[0]) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const out: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    const lat = g.lat[v];
    const lon = g.lon[v];
    if (lat < minY || lat > maxY || lon < minX || lon > maxX) continue;
    if (insidePolygon(p, lat, lon)) out.push(v);
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

const box = (minX: number, minY: number, maxX: number, maxY: number): Polygon => [
  [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ],
];

const FAR = 10;

/** The area cut in two by the line x = at (or y = at): [below, above]. */
function halves(area: SinglePolygon, axis: "x" | "y", at: number): [MultiPolygon, MultiPolygon] {
  const low = axis === "x" ? box(-FAR * 100, -FAR * 100, at, FAR * 100) : box(-FAR * 100, -FAR * 100, FAR * 100, at);
  const high = axis === "x" ? box(at, -FAR * 100, FAR * 100, FAR * 100) : box(-FAR * 100, at, FAR * 100, FAR * 100);
  return [polygonClipping.intersection(area as Polygon, low), polygonClipping.intersection(area as Polygon, high)];
}

/**
 * Gives each part one polygon: its largest piece, and each smaller piece joins the first other
 * part it merges with into one polygon (they share an edge). A piece that joins none stays with
 * the largest part's neighbour list untouched — with cuts along straight lines through one
 * simple polygon that does not happen, and the caller checks the cover.
 */
function singlePieces(parts: MultiPolygon[]): SinglePolygon[] {
  const kept: Polygon[] = parts.map((mp) => largestPiece(mp) as Polygon);
  parts.forEach((mp, i) => {
    for (const piece of mp) {
      if (piece === (kept[i] as unknown)) continue;
      let placed = false;
      for (const j of [i, ...kept.keys()]) {
        const merged = polygonClipping.union(kept[j], piece);
        if (merged.length === 1) {
          kept[j] = merged[0];
          placed = true;
          break;
        }
      }
      if (!placed) throw new Error(`a piece of demo zone ${i + 1} touches no other zone`);
    }
  });
  return kept as SinglePolygon[];
}

/** Two station areas of a district, each cut into four zones (north-west, north-east, south-west, south-east). */
export function stationGrounds(g: RoadGraph, district: SinglePolygon, cut: StationCut): StationGround[] {
  const nodes = nodesInside(g, district);
  const axis = cut === "west-east" ? "x" : "y";
  const at = median(nodes.map((v) => (axis === "x" ? g.lon[v] : g.lat[v])));
  const stations = singlePieces(halves(district, axis, at));
  return stations.map((polygon) => {
    const own = nodesInside(g, polygon);
    const midLon = median(own.map((v) => g.lon[v]));
    const midLat = median(own.map((v) => g.lat[v]));
    const [west, east] = halves(polygon, "x", midLon);
    const cells = [
      [west, "y", midLat, 1],
      [east, "y", midLat, 1],
      [west, "y", midLat, 0],
      [east, "y", midLat, 0],
    ] as const;
    const parts = cells.map(([side, , lat, north]) => {
      const pieces = side.flatMap((p) => halves(p as SinglePolygon, "y", lat)[north]);
      return pieces.length > 0 ? pieces : [];
    });
    return { polygon, zones: singlePieces(parts.filter((p) => p.length > 0)), nodes: own };
  });
}

/** The road node nearest the middle of `nodes` (a station house or a unit's start on a real street). */
export function middleNode(g: RoadGraph, nodes: number[]): number {
  const lat = median(nodes.map((v) => g.lat[v]));
  const lon = median(nodes.map((v) => g.lon[v]));
  let best = nodes[0];
  let bestD = Infinity;
  for (const v of nodes) {
    const d = (g.lat[v] - lat) ** 2 + ((g.lon[v] - lon) * 0.87) ** 2;
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best;
}
