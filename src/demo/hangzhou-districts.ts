/**
 * Converts the seed data's Hangzhou district boundaries (DataV.GeoAtlas, the layout before the
 * 2021 reform, in GCJ-02 as Chinese web maps use) into the demo's districts: WGS-84 like the
 * road graph, merged into today's layout and clipped to the box the road graph covers.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import polygonClipping, { type MultiPolygon } from "polygon-clipping";
import { ImportError } from "../geo/csv-import.ts";
import type { BBox } from "../geo/synthetic-city.ts";

// gcoord is CommonJS whose types describe an ES default export; require gives the object they describe.
const gcoord = createRequire(import.meta.url)("gcoord") as typeof import("gcoord").default;

/** Today's districts and the pre-2021 districts each is made of. */
export const DISTRICT_MERGES: { code: string; name: string; from: string[] }[] = [
  { code: "330102", name: "上城区", from: ["330102", "330104"] },
  { code: "330105", name: "拱墅区", from: ["330105", "330103"] },
  { code: "330106", name: "西湖区", from: ["330106"] },
];

export const DISTRICTS_SOURCE =
  "Hangzhou district boundaries, DataV.GeoAtlas (pre-2021 layout), converted from GCJ-02 to WGS-84 and merged to the 2021 layout";

export interface DemoDistrictsFile {
  source: string;
  /** The box the districts are clipped to: the road graph's. */
  bbox: BBox;
  districts: { code: string; name: string; polygon: MultiPolygon }[];
}

const round = (mp: MultiPolygon): MultiPolygon =>
  mp.map((poly) => poly.map((ring) => ring.map(([x, y]) => [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5] as [number, number])));

export function convertDistricts(path: string, bbox: BBox): DemoDistrictsFile {
  let fc: { features?: { properties?: { adcode?: number | string }; geometry?: { type: string; coordinates: unknown } }[] };
  try {
    fc = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ImportError(path, null, `is not readable GeoJSON (${(err as Error).message})`);
  }
  if (!Array.isArray(fc.features)) throw new ImportError(path, null, "has no features (not a GeoJSON FeatureCollection)");
  const byCode = new Map<string, MultiPolygon>();
  fc.features.forEach((f, i) => {
    const code = String(f.properties?.adcode ?? "");
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon"))
      throw new ImportError(path, null, `feature ${i + 1} (${code}) is not a polygon`);
    const wgs = gcoord.transform(g as never, gcoord.GCJ02, gcoord.WGS84) as unknown as { type: string; coordinates: unknown };
    byCode.set(code, (wgs.type === "Polygon" ? [wgs.coordinates] : wgs.coordinates) as MultiPolygon);
  });
  const box: MultiPolygon = [
    [
      [
        [bbox.minLon, bbox.minLat],
        [bbox.maxLon, bbox.minLat],
        [bbox.maxLon, bbox.maxLat],
        [bbox.minLon, bbox.maxLat],
        [bbox.minLon, bbox.minLat],
      ],
    ],
  ];
  const districts = DISTRICT_MERGES.map((d) => {
    const parts = d.from.map((code) => {
      const mp = byCode.get(code);
      if (!mp) throw new ImportError(path, null, `has no district ${code}`);
      return mp;
    });
    const merged = polygonClipping.union(parts[0], ...parts.slice(1));
    return { code: d.code, name: d.name, polygon: round(polygonClipping.intersection(merged, box)) };
  });
  return { source: DISTRICTS_SOURCE, bbox, districts };
}

/** The districts as a GeoJSON FeatureCollection, the form the demo ships (in `hangzhou/roads.lsg`'s header). */
export function districtsGeoJson(file: DemoDistrictsFile): unknown {
  return {
    type: "FeatureCollection",
    source: file.source,
    bbox: [file.bbox.minLon, file.bbox.minLat, file.bbox.maxLon, file.bbox.maxLat],
    features: file.districts.map((d) => ({
      type: "Feature",
      properties: { code: d.code, name: d.name },
      geometry: { type: "MultiPolygon", coordinates: d.polygon },
    })),
  };
}

/** Reads back what `districtsGeoJson` wrote (the `districts` field of the demo's street graph header). */
export function parseDistrictsGeoJson(value: unknown): DemoDistrictsFile {
  const fc = value as {
    source: string;
    bbox: [number, number, number, number];
    features: { properties: { code: string; name: string }; geometry: { coordinates: MultiPolygon } }[];
  };
  const [minLon, minLat, maxLon, maxLat] = fc.bbox;
  return {
    source: fc.source,
    bbox: { minLat, maxLat, minLon, maxLon },
    districts: fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name, polygon: f.geometry.coordinates })),
  };
}
