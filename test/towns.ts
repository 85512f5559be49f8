/** Which demo town contains a point, worked out here from its polygon, not by the server's index. */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { expect } from "vitest";

export interface TownArea {
  polygon: [number, number][][] | null;
}

/** The one town whose demo area contains the point; the test fails unless exactly one does. */
export function townAt<T extends TownArea>(towns: T[], p: { lat: number; lon: number }): T {
  const inside = towns.filter((t) => t.polygon && booleanPointInPolygon([p.lon, p.lat], { type: "Polygon", coordinates: t.polygon }));
  expect(inside).toHaveLength(1);
  return inside[0];
}
