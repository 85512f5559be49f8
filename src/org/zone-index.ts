/**
 * Point-in-polygon lookup of patrol zones (防区) and towns (镇街). Polygons are few (hundreds) and
 * change rarely, so they live in memory behind a Flatbush bounding-box index and the database is
 * never asked to do geometry.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import Flatbush from "flatbush";
import type { Org } from "./model.ts";

export class ZoneIndex {
  private readonly index: Flatbush | null;

  constructor(private readonly areas: Org[]) {
    const withPolygons = areas.filter((a) => a.polygon && a.polygon.length > 0);
    this.areas = withPolygons;
    if (withPolygons.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(withPolygons.length);
    for (const a of withPolygons) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const [x, y] of a.polygon![0]) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
      this.index.add(minX, minY, maxX, maxY);
    }
    this.index.finish();
  }

  /** The area containing the point, preferring the smallest (a zone inside a town polygon). */
  find(lat: number, lon: number, kind?: Org["kind"]): Org | null {
    if (!this.index) return null;
    let best: Org | null = null;
    for (const i of this.index.search(lon, lat, lon, lat)) {
      const a = this.areas[i];
      if (kind && a.kind !== kind) continue;
      const hit = booleanPointInPolygon([lon, lat], { type: "Polygon", coordinates: a.polygon! });
      if (hit && (!best || a.path.length > best.path.length)) best = a;
    }
    return best;
  }

  get bounds(): { minLat: number; minLon: number; maxLat: number; maxLon: number } | null {
    if (!this.index) return null;
    return { minLon: this.index.minX, minLat: this.index.minY, maxLon: this.index.maxX, maxLat: this.index.maxY };
  }
}
