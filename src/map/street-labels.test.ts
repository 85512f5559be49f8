import { describe, expect, it } from "vitest";
import { buildGraph } from "../geo/graph.ts";
import type { StreetLabel, StreetNames } from "../geo/street-names.ts";
import { streetLabels } from "./street-labels.ts";

/**
 * A straight east–west street of five 300 m segments (two-way), a short north–south lane of
 * one 30 m segment, and one unnamed 500 m road. Names are looked up by edge through the graph's
 * own CSR ids, as the real names file does.
 */
function fixture() {
  const lat = [30, 30, 30, 30, 30, 30, 30.00027, 29.995];
  const lon = [120, 120.0031, 120.0062, 120.0093, 120.0124, 120.0155, 120, 120];
  const from: number[] = [];
  const to: number[] = [];
  const lengthM: number[] = [];
  const two = (u: number, v: number, m: number) => {
    from.push(u, v);
    to.push(v, u);
    lengthM.push(m, m);
  };
  for (let i = 0; i < 5; i++) two(i, i + 1, 300);
  two(0, 6, 30);
  two(0, 7, 500);
  const g = buildGraph({ ids: lat.map((_, i) => i), lat, lon }, { from, to, weightMs: lengthM.map((m) => m * 100), lengthM });
  const nameOf = (e: number): StreetLabel | null => {
    const u = g.nodeIds[edgeTail(g, e)];
    const v = g.nodeIds[g.target[e]];
    if (u <= 5 && v <= 5) return { zh: "文三路", en: "Wensan Road" };
    if (u === 6 || v === 6) return { zh: "学院路", en: "Xueyuan Road" };
    return null;
  };
  const names: StreetNames = {
    attribution: "© OpenStreetMap contributors (ODbL)",
    edgeName: nameOf,
    junctionName: () => null,
    nameAt: () => null,
    routeStreets: () => [],
  };
  return { g, names };
}

function edgeTail(g: ReturnType<typeof buildGraph>, e: number): number {
  let v = 0;
  while (g.firstOut[v + 1] <= e) v++;
  return v;
}

describe("street labels", () => {
  it("names a long street every few hundred metres, upright along it, and skips unnamed and too-short roads", () => {
    const { g, names } = fixture();
    const layer = streetLabels(g, names);
    expect(layer.attribution).toBe("© OpenStreetMap contributors (ODbL)");
    const wensan = layer.labels.filter((l) => l.zh === "文三路");
    // 1.5 km at a 400 m spacing between 300 m segments' midpoints: every second segment.
    expect(wensan.length).toBe(3);
    for (const l of wensan) {
      expect(l.en).toBe("Wensan Road");
      expect(l.angle).toBe(0);
      expect(l.lat).toBeCloseTo(30, 5);
    }
    // The 30 m lane is too short to carry a label; the unnamed road has none.
    expect(layer.labels.some((l) => l.zh === "学院路")).toBe(false);
    expect(layer.labels).toHaveLength(3);
  });

  it("turns a north–south street's label to read upright", () => {
    const lat = [30, 30.01];
    const lon = [120, 120];
    const g = buildGraph({ ids: [1, 2], lat, lon }, { from: [1, 0], to: [0, 1], weightMs: [1e5, 1e5], lengthM: [1100, 1100] });
    const names: StreetNames = {
      attribution: "x",
      edgeName: () => ({ zh: "中河路", en: "Zhonghe Road" }),
      junctionName: () => null,
      nameAt: () => null,
      routeStreets: () => [],
    };
    const [label] = streetLabels(g, names).labels;
    expect(Math.abs(label.angle)).toBe(90);
  });
});
