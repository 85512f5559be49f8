/**
 * The demo city's shipped data: one street graph file (`hangzhou/roads.lsg`) with the real road
 * graph and street names of central Hangzhou and, in its header, the district polygons, all
 * produced by `lantern demo-city convert` from the seed data, so a clean clone runs the demo
 * without it. Roads © OpenStreetMap contributors (ODbL).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import polygonClipping, { type MultiPolygon } from "polygon-clipping";
import { decodeStreetGraph, type StreetGraph } from "../geo/street-graph-file.ts";
import { largestPiece, type SinglePolygon } from "./geography.ts";
import { type DemoDistrictsFile, parseDistrictsGeoJson } from "./hangzhou-districts.ts";

export const DEMO_STREET_GRAPH = fileURLToPath(new URL("./hangzhou/roads.lsg", import.meta.url));

let districts: DemoDistrictsFile | null = null;

/** Today's three central districts, WGS-84, clipped to the road graph's box. */
export function demoDistricts(): DemoDistrictsFile {
  if (!districts) {
    const shipped = demoStreetGraph().header.districts;
    if (!shipped) throw new Error(`${DEMO_STREET_GRAPH} carries no districts: rebuild it with lantern demo-city convert`);
    districts = parseDistrictsGeoJson(shipped);
  }
  return districts;
}

let streets: StreetGraph | null = null;

/** The street graph itself, for placing the demo's stations, units and door plates on real streets. */
export function demoStreetGraph(): StreetGraph {
  streets ??= decodeStreetGraph(readFileSync(DEMO_STREET_GRAPH), DEMO_STREET_GRAPH);
  return streets;
}

let city: SinglePolygon | null = null;

/** The demo city's ground: the three districts together (as far as the road graph reaches). */
export function demoCityPolygon(): SinglePolygon {
  city ??= largestPiece(polygonClipping.union(...(demoDistricts().districts.map((d) => d.polygon) as [MultiPolygon, ...MultiPolygon[]])));
  return city;
}
