/**
 * The offline base map's road layer, drawn from Lantern's own road graph: police networks are
 * closed, so the console must not need a tile server. Each undirected road segment becomes one
 * GeoJSON LineString with a class derived from its free-flow speed (the graph keeps speeds, not
 * OSM tags). Coordinates are rounded to 1e-5° (about 1 m): the map needs no more, and it halves
 * the payload.
 */
import type { RoadGraph } from "../geo/graph.ts";
import type { ROAD_CLASSES, RoadsLayer } from "./schemas.ts";

export type RoadClass = (typeof ROAD_CLASSES)[number];
export type { RoadsLayer };

export function classBySpeed(kmh: number): RoadClass {
  if (kmh >= 70) return "motorway";
  if (kmh >= 50) return "primary";
  if (kmh >= 40) return "secondary";
  if (kmh >= 30) return "tertiary";
  return "residential";
}

const r5 = (x: number) => Math.round(x * 1e5) / 1e5;

export function roadsLayer(g: RoadGraph): RoadsLayer {
  const features: RoadsLayer["features"] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) {
      const w = g.target[e];
      // A two-way road is two directed edges; draw it once, from its lower-numbered end. A
      // one-way edge whose reverse does not exist is drawn from whichever end it starts at.
      if (w < v && hasEdge(g, w, v)) continue;
      const coordinates: [number, number][] = [[r5(g.lon[v]), r5(g.lat[v])]];
      for (let i = g.geomFirst[e]; i < g.geomFirst[e + 1]; i++) coordinates.push([r5(g.geomLon[i]), r5(g.geomLat[i])]);
      coordinates.push([r5(g.lon[w]), r5(g.lat[w])]);
      const kmh = g.weight[e] > 0 ? g.length[e] / 1000 / (g.weight[e] / 3_600_000) : 0;
      features.push({ type: "Feature", geometry: { type: "LineString", coordinates }, properties: { cls: classBySpeed(kmh) } });
    }
  }
  return { type: "FeatureCollection", features };
}

function hasEdge(g: RoadGraph, from: number, to: number): boolean {
  for (let e = g.firstOut[from]; e < g.firstOut[from + 1]; e++) if (g.target[e] === to) return true;
  return false;
}
