/**
 * A plausible city road network, generated deterministically from a seed: a jittered local grid
 * with missing links and one-way streets, collector and arterial rows/columns, one-way pairs,
 * radial arterials from the centre, and two ring expressways joined to the grid at interchanges.
 * The demo uses it whenever no imported graph is configured; the benchmark scales it to 1M nodes.
 */
import { haversineMeters } from "../platform/geodesy.ts";
import { seededRandom } from "../platform/random.ts";
import { buildGraph, type RoadGraph } from "./graph.ts";

export interface BBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** The demo area: the box of the demo city's real road graph (central Hangzhou, 杭州), so the generated network covers the same ground. */
export const DEMO_BBOX: BBox = { minLat: 30.25, maxLat: 30.36, minLon: 120.03, maxLon: 120.22 };

export interface SyntheticCityOptions {
  bbox: BBox;
  /** Approximate node count before the largest strongly connected component is taken. */
  nodes: number;
  seed?: number;
}

/** Speeds by road class, km/h (also documented in docs/routing.md). */
export const SYNTHETIC_SPEEDS = {
  local: 30,
  collector: 40,
  oneWayPair: 40,
  arterial: 50,
  radial: 60,
  innerRing: 60,
  outerRing: 80,
  ramp: 40,
} as const;

const M_PER_DEG_LAT = 111_320;

/** A square bbox around a centre holding about `nodes` grid nodes at `spacingM` apart. */
export function bboxForNodes(centerLat: number, centerLon: number, nodes: number, spacingM = 110): BBox {
  const side = Math.sqrt(nodes) * spacingM;
  const dLat = side / 2 / M_PER_DEG_LAT;
  const dLon = side / 2 / (M_PER_DEG_LAT * Math.cos((centerLat * Math.PI) / 180));
  return { minLat: centerLat - dLat, maxLat: centerLat + dLat, minLon: centerLon - dLon, maxLon: centerLon + dLon };
}

class Builder {
  lat: number[] = [];
  lon: number[] = [];
  from: number[] = [];
  to: number[] = [];
  weightMs: number[] = [];
  lengthM: number[] = [];

  node(lat: number, lon: number): number {
    this.lat.push(lat);
    this.lon.push(lon);
    return this.lat.length - 1;
  }

  /** A road between a and b; `oneWay` keeps only a→b. */
  road(a: number, b: number, speedKmh: number, oneWay = false): void {
    const meters = haversineMeters({ lat: this.lat[a], lon: this.lon[a] }, { lat: this.lat[b], lon: this.lon[b] });
    const ms = Math.max(1, Math.round((meters / (speedKmh / 3.6)) * 1000));
    this.from.push(a);
    this.to.push(b);
    this.weightMs.push(ms);
    this.lengthM.push(meters);
    if (oneWay) return;
    this.from.push(b);
    this.to.push(a);
    this.weightMs.push(ms);
    this.lengthM.push(meters);
  }
}

export function syntheticCity(options: SyntheticCityOptions): RoadGraph {
  const { bbox } = options;
  const random = seededRandom(options.seed ?? 1);
  const midLat = (bbox.minLat + bbox.maxLat) / 2;
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((midLat * Math.PI) / 180);
  const widthM = (bbox.maxLon - bbox.minLon) * mPerDegLon;
  const heightM = (bbox.maxLat - bbox.minLat) * M_PER_DEG_LAT;
  const gridNodes = Math.max(16, options.nodes * 0.94);
  const spacing = Math.sqrt((widthM * heightM) / gridNodes);
  const cols = Math.max(4, Math.round(widthM / spacing));
  const rows = Math.max(4, Math.round(heightM / spacing));
  const dLat = (bbox.maxLat - bbox.minLat) / (rows - 1);
  const dLon = (bbox.maxLon - bbox.minLon) / (cols - 1);
  const b = new Builder();

  // Local grid, jittered so that streets are not perfectly straight.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const edge = r === 0 || c === 0 || r === rows - 1 || c === cols - 1;
      const j = edge ? 0 : 0.28;
      b.node(bbox.minLat + (r + (random() - 0.5) * j) * dLat, bbox.minLon + (c + (random() - 0.5) * j) * dLon);
    }
  }
  const at = (r: number, c: number) => r * cols + c;
  const lineClass = (i: number): "arterial" | "collector" | "pairA" | "pairB" | "local" => {
    if (i % 12 === 0) return "arterial";
    if (i % 24 === 6) return "pairA";
    if (i % 24 === 7) return "pairB";
    if (i % 4 === 0) return "collector";
    return "local";
  };
  const street = (a: number, z: number, cls: ReturnType<typeof lineClass>) => {
    switch (cls) {
      case "arterial":
        return b.road(a, z, SYNTHETIC_SPEEDS.arterial);
      case "collector":
        return b.road(a, z, SYNTHETIC_SPEEDS.collector);
      case "pairA":
        return b.road(a, z, SYNTHETIC_SPEEDS.oneWayPair, true);
      case "pairB":
        return b.road(z, a, SYNTHETIC_SPEEDS.oneWayPair, true);
      default: {
        const x = random();
        if (x < 0.07) return; // missing link: a block, a canal, a dead end
        if (x < 0.1) return b.road(a, z, SYNTHETIC_SPEEDS.local, true);
        if (x < 0.13) return b.road(z, a, SYNTHETIC_SPEEDS.local, true);
        return b.road(a, z, SYNTHETIC_SPEEDS.local);
      }
    }
  };
  for (let r = 0; r < rows; r++) for (let c = 0; c + 1 < cols; c++) street(at(r, c), at(r, c + 1), lineClass(r));
  for (let c = 0; c < cols; c++) for (let r = 0; r + 1 < rows; r++) street(at(r, c), at(r + 1, c), lineClass(c));

  const nearestGrid = (lat: number, lon: number) => {
    const r = Math.min(rows - 1, Math.max(0, Math.round((lat - bbox.minLat) / dLat)));
    const c = Math.min(cols - 1, Math.max(0, Math.round((lon - bbox.minLon) / dLon)));
    return at(r, c);
  };
  const centerLat = midLat;
  const centerLon = (bbox.minLon + bbox.maxLon) / 2;
  const halfM = Math.min(widthM, heightM) / 2;

  // Radial arterials: straight spokes from the centre, joined to the grid at every node.
  const spokes = 8;
  for (let k = 0; k < spokes; k++) {
    const angle = ((k + 0.3) / spokes) * 2 * Math.PI;
    const step = Math.max(spacing * 2, 250);
    let prev = -1;
    for (let d = step; d < halfM * 0.97; d += step) {
      const lat = centerLat + (Math.sin(angle) * d) / M_PER_DEG_LAT;
      const lon = centerLon + (Math.cos(angle) * d) / mPerDegLon;
      const v = b.node(lat, lon);
      if (prev >= 0) b.road(prev, v, SYNTHETIC_SPEEDS.radial);
      b.road(v, nearestGrid(lat, lon), SYNTHETIC_SPEEDS.ramp);
      prev = v;
    }
  }

  // Ring expressways with interchanges every third ring node.
  const rings: [number, number][] = [
    [0.35, SYNTHETIC_SPEEDS.innerRing],
    [0.7, SYNTHETIC_SPEEDS.outerRing],
  ];
  for (const [fraction, speed] of rings) {
    const radius = halfM * fraction;
    const count = Math.max(12, Math.round((2 * Math.PI * radius) / Math.max(spacing * 3, 400)));
    let firstNode = -1;
    let prev = -1;
    for (let k = 0; k < count; k++) {
      const angle = (k / count) * 2 * Math.PI;
      const lat = centerLat + (Math.sin(angle) * radius) / M_PER_DEG_LAT;
      const lon = centerLon + (Math.cos(angle) * radius) / mPerDegLon;
      const v = b.node(lat, lon);
      if (prev >= 0) b.road(prev, v, speed);
      else firstNode = v;
      if (k % 3 === 0) b.road(v, nearestGrid(lat, lon), SYNTHETIC_SPEEDS.ramp);
      prev = v;
    }
    b.road(prev, firstNode, speed);
  }

  const ids = new Float64Array(b.lat.length);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  return buildGraph({ ids, lat: b.lat, lon: b.lon }, b);
}
