/**
 * Standard addresses for the demo city: door plates every ~120 m along real streets of the demo
 * road graph, each at a junction of an edge that carries the street's name (a plate on 文三路 is
 * on 文三路), numbered along the street with odd and even numbers alternating as the two sides
 * do, plus a few landmarks. Real streets and positions on them; the numbers are ours.
 */

import { addAddresses } from "../addresses/service.ts";
import type { AppContext } from "../context.ts";
import type { RoadGraph } from "../geo/graph.ts";
import { haversineMeters } from "../platform/geodesy.ts";
import { insidePolygon } from "./geography.ts";
import { demoCityPolygon, demoStreetGraph } from "./hangzhou.ts";

export const DEMO_ADDRESS_STREETS = [
  "文一路",
  "文二路",
  "文三路",
  "天目山路",
  "体育场路",
  "凤起路",
  "庆春路",
  "环城北路",
  "艮山西路",
  "德胜路",
  "古墩路",
  "紫金港路",
  "学院路",
  "教工路",
  "莫干山路",
  "湖墅南路",
  "中河北路",
  "延安路",
  "建国北路",
  "秋涛路",
  "新塘路",
];
const LANDMARKS: [string, number, number][] = [
  ["武林广场", 30.2745, 120.1655],
  ["西湖文化广场", 30.2822, 120.1648],
  ["杭州东站", 30.2905, 120.2126],
  ["浙江大学玉泉校区", 30.2663, 120.1225],
  ["西溪湿地", 30.2698, 120.0737],
];
const SPACING_M = 120;

/** The junctions along street `zh`, in order along its longer axis. */
export function streetNodes(g: RoadGraph, edgeNames: ArrayLike<number>, labelIndex: number): number[] {
  const nodes = new Set<number>();
  for (let v = 0; v < g.nodeCount; v++) {
    for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) {
      if (edgeNames[e] !== labelIndex) continue;
      nodes.add(v);
      nodes.add(g.target[e]);
    }
  }
  const list = [...nodes];
  if (list.length === 0) return list;
  const span = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const eastWest = span(list.map((v) => g.lon[v])) * 0.87 >= span(list.map((v) => g.lat[v]));
  return list.sort((a, b) => (eastWest ? g.lon[a] - g.lon[b] : g.lat[b] - g.lat[a]) || a - b);
}

export async function seedDemoAddresses(ctx: AppContext): Promise<number> {
  const rows: { text: string; street: string | null; houseNumber: string | null; lat: number; lon: number }[] = [];
  const { graph: g, edgeNames, labels } = demoStreetGraph();
  const city = demoCityPolygon();
  for (const street of DEMO_ADDRESS_STREETS) {
    const index = labels.findIndex((l) => l.zh === street) + 1;
    if (index === 0) continue;
    let last: { lat: number; lon: number } | null = null;
    let k = 0;
    for (const v of streetNodes(g, edgeNames, index)) {
      const at = { lat: g.lat[v], lon: g.lon[v] };
      // A street may run on beyond the three districts; plates stay in the city's ground.
      if (!insidePolygon(city, at.lat, at.lon)) continue;
      if (last && haversineMeters(last, at) < SPACING_M) continue;
      last = at;
      const n = k * 2 + (k % 2 === 0 ? 1 : 2);
      rows.push({ text: `${street}${n}号`, street, houseNumber: String(n), ...at });
      k++;
    }
  }
  for (const [text, lat, lon] of LANDMARKS) {
    if (insidePolygon(city, lat, lon)) rows.push({ text, street: null, houseNumber: null, lat, lon });
  }
  return addAddresses(ctx, rows);
}
