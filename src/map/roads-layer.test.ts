import { describe, expect, it } from "vitest";
import { buildGraph } from "../geo/graph.ts";
import { classBySpeed, roadsLayer } from "./roads-layer.ts";

describe("roads layer", () => {
  // 0 ⇄ 1 two-way (one line), 1 → 2 one-way (one line), 2 → 0 one-way (one line), with a shape point.
  const g = buildGraph(
    { ids: [10, 11, 12], lat: [30.0, 30.0, 30.01], lon: [120.0, 120.01, 120.01] },
    {
      from: [0, 1, 1, 2],
      to: [1, 0, 2, 0],
      weightMs: [60_000, 60_000, 36_000, 1_000_000],
      lengthM: [1000, 1000, 1000, 1500],
      geomFirst: [0, 0, 0, 0, 1],
      geomLat: [30.012],
      geomLon: [120.004],
    },
  );

  it("draws each road once, with its shape, classed by speed", () => {
    const layer = roadsLayer(g);
    expect(layer.features).toHaveLength(3);
    const byEnds = new Map(layer.features.map((f) => [JSON.stringify([f.geometry.coordinates[0], f.geometry.coordinates.at(-1)]), f]));
    // 1000 m in 60 s = 60 km/h; 1000 m in 36 s = 100 km/h; 1500 m in 1000 s = 5.4 km/h.
    expect(
      byEnds.get(
        JSON.stringify([
          [120, 30],
          [120.01, 30],
        ]),
      )?.properties.cls,
    ).toBe("primary");
    expect(
      byEnds.get(
        JSON.stringify([
          [120.01, 30],
          [120.01, 30.01],
        ]),
      )?.properties.cls,
    ).toBe("motorway");
    const shaped = byEnds.get(
      JSON.stringify([
        [120.01, 30.01],
        [120, 30],
      ]),
    );
    expect(shaped?.properties.cls).toBe("residential");
    expect(shaped?.geometry.coordinates).toEqual([
      [120.01, 30.01],
      [120.004, 30.012],
      [120, 30],
    ]);
  });

  it("classes by the thresholds", () => {
    expect([75, 55, 45, 35, 20].map(classBySpeed)).toEqual(["motorway", "primary", "secondary", "tertiary", "residential"]);
  });
});
