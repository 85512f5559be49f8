/**
 * Where the base map writes street names: a few anchor points per named street, each on one of
 * its longer segments and turned along it, so a dispatcher at street zoom reads "文三路" along
 * 文三路 rather than hunting a legend. Anchors of one name keep a spacing apart, so a long road
 * is named every few hundred metres and a short lane once; the console shows those in view.
 */
import type { RoadGraph } from "../geo/graph.ts";
import type { StreetNames } from "../geo/street-names.ts";
import { haversineMeters } from "../platform/geodesy.ts";
import type { StreetLabelsLayer } from "./street-label-schemas.ts";

/** Anchors of one street stand at least this far apart. */
const SPACING_M = 400;
/** Segments shorter than this are too short to carry a label turned along them. */
const MIN_SEGMENT_M = 40;

const r5 = (x: number) => Math.round(x * 1e5) / 1e5;

interface Segment {
  edge: number;
  from: number;
  to: number;
  meters: number;
}

export function streetLabels(g: RoadGraph, names: StreetNames): StreetLabelsLayer {
  const byName = new Map<string, Segment[]>();
  for (let v = 0; v < g.nodeCount; v++) {
    for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) {
      const w = g.target[e];
      // One label per two-way road: the segment from its lower-numbered end.
      if (w < v || g.length[e] < MIN_SEGMENT_M) continue;
      const name = names.edgeName(e);
      if (!name) continue;
      const list = byName.get(name.zh) ?? [];
      list.push({ edge: e, from: v, to: w, meters: g.length[e] });
      byName.set(name.zh, list);
    }
  }
  const labels: StreetLabelsLayer["labels"] = [];
  for (const segments of byName.values()) {
    // Longest first: a label sits best on a long straight piece.
    segments.sort((a, b) => b.meters - a.meters);
    const placed: { lat: number; lon: number }[] = [];
    for (const s of segments) {
      const at = { lat: (g.lat[s.from] + g.lat[s.to]) / 2, lon: (g.lon[s.from] + g.lon[s.to]) / 2 };
      if (placed.some((p) => haversineMeters(p, at) < SPACING_M)) continue;
      placed.push(at);
      const name = names.edgeName(s.edge)!;
      labels.push({ zh: name.zh, en: name.en, lat: r5(at.lat), lon: r5(at.lon), angle: readableAngle(g, s.from, s.to) });
    }
  }
  return { attribution: names.attribution, labels };
}

/**
 * The segment's direction in screen degrees (clockwise from east), folded into −90…90 so no
 * label is ever written upside down. Screen y grows southwards, hence the minus on latitude;
 * longitude is shortened by cos(latitude) as on the map.
 */
function readableAngle(g: RoadGraph, from: number, to: number): number {
  const dx = (g.lon[to] - g.lon[from]) * Math.cos((g.lat[from] * Math.PI) / 180);
  const dy = -(g.lat[to] - g.lat[from]);
  let deg = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (deg > 90) deg -= 180;
  if (deg < -90) deg += 180;
  // `|| 0` folds −0 (an east–west segment drawn westwards) into 0.
  return Math.round(deg) || 0;
}
