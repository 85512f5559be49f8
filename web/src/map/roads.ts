/**
 * The offline base map's roads: a worker loads them once per session and draws each map tile
 * on an OffscreenCanvas; a Leaflet GridLayer shows the finished tiles. Tiles are drawn only where
 * the map looks and are cached by Leaflet, so panning moves finished images, and no road is ever
 * drawn on the main thread (except in browsers whose workers cannot draw, as a fallback).
 */
import Flatbush from "flatbush";
import L from "leaflet";
import { getSession } from "../platform/api.ts";
import { drawRoadTile, type RoadArrays } from "./roadDraw.ts";

export interface RoadSource {
  count: number;
  /** Draws one tile into the canvas; resolves when it is done. */
  draw(canvas: HTMLCanvasElement, x: number, y: number, z: number, ratio: number): Promise<void>;
}

let pending: Promise<RoadSource | null> | null = null;
let pendingToken: string | null = null;
let worker: Worker | null = null;

export function loadRoads(): Promise<RoadSource | null> {
  const token = getSession()?.token ?? "";
  if (pending && pendingToken === token) return pending;
  worker?.terminate();
  worker = null;
  pendingToken = token;
  pending = new Promise((resolve) => {
    let w: Worker;
    try {
      w = new Worker(new URL("./roads.worker.ts", import.meta.url), { type: "module" });
    } catch {
      resolve(null);
      return;
    }
    worker = w;
    const waiting = new Map<number, (bitmap: ImageBitmap | null) => void>();
    let nextId = 1;
    const fail = () => {
      w.terminate();
      if (worker === w) worker = null;
      pending = null;
      for (const done of waiting.values()) done(null);
      resolve(null);
    };
    w.onerror = fail;
    w.onmessage = (e) => {
      const d = e.data;
      if (d.type === "tile") {
        waiting.get(d.id)?.(d.bitmap ?? null);
        waiting.delete(d.id);
      } else if (d.type === "failed") fail();
      else if (d.type === "loaded" && d.offscreen) {
        resolve({
          count: d.count,
          draw: (canvas, x, y, z, ratio) =>
            new Promise((done) => {
              const id = nextId++;
              waiting.set(id, (bitmap) => {
                if (bitmap) {
                  canvas.getContext("2d")?.drawImage(bitmap, 0, 0);
                  bitmap.close();
                }
                done();
              });
              w.postMessage({ type: "tile", id, x, y, z, ratio });
            }),
        });
      } else if (d.type === "loaded") {
        w.terminate();
        const arrays: RoadArrays = { count: d.count, start: d.start, cls: d.cls, xy: d.xy, index: Flatbush.from(d.index) };
        resolve({
          count: d.count,
          draw: async (canvas, x, y, z, ratio) => {
            const ctx = canvas.getContext("2d");
            if (ctx) drawRoadTile(ctx, arrays, x, y, z, ratio);
          },
        });
      }
    };
    w.postMessage({ type: "load", url: new URL("/api/v1/map/roads", location.href).toString(), token });
  });
  return pending;
}

export class RoadTiles extends L.GridLayer {
  constructor(
    private readonly roads: RoadSource,
    options?: L.GridLayerOptions,
  ) {
    // Tiles for the zoom levels a wheel gesture passes through are skipped: only the landing zoom is drawn.
    super({ tileSize: 256, updateWhenIdle: false, updateWhenZooming: false, keepBuffer: 4, ...options });
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const canvas = document.createElement("canvas");
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    canvas.width = 256 * ratio;
    canvas.height = 256 * ratio;
    void this.roads.draw(canvas, coords.x, coords.y, coords.z, ratio).then(() => done(undefined, canvas));
    return canvas;
  }
}
