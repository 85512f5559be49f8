/** Which demo town contains a point, worked out here from its polygon, not by the server's index. */
import { expect } from "vitest";

export interface TownArea {
  polygon: [number, number][][] | null;
}

/** The one town whose (rectangular demo) area contains the point; the test fails unless exactly one does. */
export function townAt<T extends TownArea>(towns: T[], p: { lat: number; lon: number }): T {
  const inside = towns.filter((t) => {
    const ring = t.polygon?.[0] ?? [];
    const lons = ring.map((c) => c[0]);
    const lats = ring.map((c) => c[1]);
    return (
      ring.length > 0 &&
      p.lon >= Math.min(...lons) &&
      p.lon <= Math.max(...lons) &&
      p.lat >= Math.min(...lats) &&
      p.lat <= Math.max(...lats)
    );
  });
  expect(inside).toHaveLength(1);
  return inside[0];
}
