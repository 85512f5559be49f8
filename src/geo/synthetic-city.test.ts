import { describe, expect, it } from "vitest";
import { largestComponent } from "./components.ts";
import { edgeSource } from "./graph.ts";
import { DEMO_BBOX, SYNTHETIC_SPEEDS, syntheticCity } from "./synthetic-city.ts";

describe("synthetic city", () => {
  const a = syntheticCity({ bbox: DEMO_BBOX, nodes: 5000, seed: 9 });

  it("is deterministic for a seed and differs between seeds", () => {
    const b = syntheticCity({ bbox: DEMO_BBOX, nodes: 5000, seed: 9 });
    const c = syntheticCity({ bbox: DEMO_BBOX, nodes: 5000, seed: 10 });
    expect([...b.lat]).toEqual([...a.lat]);
    expect([...b.weight]).toEqual([...a.weight]);
    expect([...c.lat]).not.toEqual([...a.lat]);
  });

  it("stays inside the bbox, near the asked size, and mostly strongly connected", () => {
    for (let v = 0; v < a.nodeCount; v++) {
      expect(a.lat[v]).toBeGreaterThanOrEqual(DEMO_BBOX.minLat - 1e-9);
      expect(a.lat[v]).toBeLessThanOrEqual(DEMO_BBOX.maxLat + 1e-9);
      expect(a.lon[v]).toBeGreaterThanOrEqual(DEMO_BBOX.minLon - 1e-9);
      expect(a.lon[v]).toBeLessThanOrEqual(DEMO_BBOX.maxLon + 1e-9);
    }
    expect(a.nodeCount).toBeGreaterThan(4500);
    expect(a.nodeCount).toBeLessThan(5500);
    const { graph } = largestComponent(a);
    expect(graph.nodeCount / a.nodeCount).toBeGreaterThan(0.95);
  });

  it("has one-way streets and every road class speed", () => {
    let oneWay = 0;
    for (let e = 0; e < a.edgeCount; e++) {
      const u = edgeSource(a, e);
      const v = a.target[e];
      let back = false;
      for (let f = a.firstOut[v]; f < a.firstOut[v + 1]; f++) if (a.target[f] === u) back = true;
      if (!back) oneWay++;
    }
    expect(oneWay).toBeGreaterThan(a.edgeCount * 0.03);
    const speeds = new Set<number>();
    for (let e = 0; e < a.edgeCount; e++) speeds.add(Math.round((a.length[e] / (a.weight[e] / 1000)) * 3.6));
    for (const s of new Set(Object.values(SYNTHETIC_SPEEDS))) expect(speeds.has(s)).toBe(true);
  });
});
