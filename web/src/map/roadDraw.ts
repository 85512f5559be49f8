/**
 * Draws one 256-px map tile of roads from the flat arrays. Shared by the worker (OffscreenCanvas,
 * the normal path) and the main thread (the fallback where workers cannot draw).
 */
import type Flatbush from "flatbush";
import { CLASSES, ROAD_STYLES } from "./roadProjection.ts";

export interface RoadArrays {
  count: number;
  start: Uint32Array;
  cls: Uint8Array;
  xy: Float64Array;
  index: Flatbush;
}

type Ctx2D = Pick<
  CanvasRenderingContext2D,
  "beginPath" | "moveTo" | "lineTo" | "stroke" | "scale" | "strokeStyle" | "lineWidth" | "lineCap" | "lineJoin"
>;

const found: number[] = [];

export function drawRoadTile(ctx: Ctx2D, roads: RoadArrays, x: number, y: number, z: number, ratio: number): void {
  ctx.scale(ratio, ratio);
  const scale = 2 ** z;
  const ox = x * 256;
  const oy = y * 256;
  const widthScale = Math.max(0.6, Math.min(2.2, (z - 10) / 3));
  const margin = 8 / scale;
  const hits = roads.index.search(ox / scale - margin, oy / scale - margin, (ox + 256) / scale + margin, (oy + 256) / scale + margin);
  const { start, cls, xy } = roads;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (let c = 0; c < CLASSES.length; c++) {
    const style = ROAD_STYLES[CLASSES[c]];
    if (z < style.minZoom) continue;
    found.length = 0;
    for (const i of hits) if (cls[i] === c) found.push(i);
    if (!found.length) continue;
    ctx.beginPath();
    for (const i of found) {
      const a = start[i];
      const b = start[i + 1];
      ctx.moveTo(xy[2 * a] * scale - ox, xy[2 * a + 1] * scale - oy);
      for (let k = a + 1; k < b; k++) ctx.lineTo(xy[2 * k] * scale - ox, xy[2 * k + 1] * scale - oy);
    }
    if (style.casing) {
      ctx.strokeStyle = style.casing;
      ctx.lineWidth = style.width * widthScale + 1.5;
      ctx.stroke();
    }
    ctx.strokeStyle = style.colour;
    ctx.lineWidth = style.width * widthScale;
    ctx.stroke();
  }
}
