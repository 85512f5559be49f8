/**
 * The road layer's worker. It fetches the roads once, turns them into flat typed arrays with a
 * flatbush index, and then draws map tiles on OffscreenCanvas on request: the demo city's roads
 * are ~54k segments, and neither parsing nor drawing them should ever take a frame from the
 * dispatcher's map. Where a worker cannot draw, it hands the arrays to the page instead.
 */
import Flatbush from "flatbush";
import type { RoadsLayer } from "../../../src/map/schemas.ts";
import { drawRoadTile, type RoadArrays } from "./roadDraw.ts";
import { CLASS_INDEX, projectX, projectY } from "./roadProjection.ts";

type Message = { type: "load"; url: string; token: string } | { type: "tile"; id: number; x: number; y: number; z: number; ratio: number };

let roads: RoadArrays | null = null;
const post = (msg: unknown, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

self.onmessage = async (e: MessageEvent<Message>) => {
  const m = e.data;
  if (m.type === "tile") {
    if (!roads) return post({ type: "tile", id: m.id, error: "not loaded" });
    const canvas = new OffscreenCanvas(256 * m.ratio, 256 * m.ratio);
    const ctx = canvas.getContext("2d");
    if (ctx) drawRoadTile(ctx, roads, m.x, m.y, m.z, m.ratio);
    const bitmap = canvas.transferToImageBitmap();
    return post({ type: "tile", id: m.id, bitmap }, [bitmap]);
  }
  try {
    roads = await load(m.url, m.token);
    const offscreen = typeof OffscreenCanvas !== "undefined" && !!new OffscreenCanvas(1, 1).getContext("2d");
    if (offscreen) return post({ type: "loaded", count: roads.count, offscreen: true });
    const { count, start, cls, xy, index } = roads;
    const data = index.data as ArrayBuffer;
    post({ type: "loaded", count, offscreen: false, start, cls, xy, index: data }, [start.buffer, cls.buffer, xy.buffer, data]);
  } catch (err) {
    post({ type: "failed", error: String(err) });
  }
};

async function load(url: string, token: string): Promise<RoadArrays> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const fc = JSON.parse(await res.text()) as RoadsLayer | null;
  // Anything else (an older server answering with its web page) means no roads.
  if (!Array.isArray(fc?.features)) throw new Error("not a FeatureCollection");
  const lines = fc.features.filter((f) => f.geometry.coordinates.length >= 2);
  let points = 0;
  for (const f of lines) points += f.geometry.coordinates.length;
  const count = lines.length;
  // Feature i's points are xy[2*start[i] .. 2*start[i+1]), in Web Mercator pixels at zoom 0.
  const start = new Uint32Array(count + 1);
  const cls = new Uint8Array(count);
  const xy = new Float64Array(points * 2);
  const index = new Flatbush(Math.max(1, count));
  let p = 0;
  for (let i = 0; i < count; i++) {
    const f = lines[i];
    start[i] = p;
    cls[i] = CLASS_INDEX[f.properties.cls] ?? CLASS_INDEX.residential;
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const [lon, lat] of f.geometry.coordinates) {
      const x = projectX(lon);
      const y = projectY(lat);
      xy[2 * p] = x;
      xy[2 * p + 1] = y;
      p++;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    index.add(minX, minY, maxX, maxY);
  }
  start[count] = p;
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { count, start, cls, xy, index };
}
