/**
 * Demo rings for the demo city: a city core ring (环城核心圈) and an outer ring (环城管控圈) with
 * checkpoints where the generated arterial roads cross them. Permanent posts (公安检查站) sit on
 * roads of 60 km/h and more; the rest are ad-hoc posts (临时卡点). Idempotent.
 */
import type { AppContext } from "../context.ts";
import type { RoadGraph } from "../geo/graph.ts";
import { RoadTravelTimes } from "../geo/road-travel-times.ts";
import { DEMO_BBOX, syntheticCity } from "../geo/synthetic-city.ts";
import { findOrg } from "../org/service.ts";
import { isoNow } from "../platform/clock.ts";
import { haversineMeters } from "../platform/geodesy.ts";
import { crossings, type Position } from "./polygon.ts";
import type { InterceptCheckpointsTable, InterceptRingsTable } from "./tables.ts";

const centre = { lat: (DEMO_BBOX.minLat + DEMO_BBOX.maxLat) / 2, lon: (DEMO_BBOX.minLon + DEMO_BBOX.maxLon) / 2 };

/** An octagon around a centre with half-widths dLat × dLon (closed, counter-clockwise). */
export function octagon(dLat: number, dLon: number, at: { lat: number; lon: number } = centre): Position[] {
  const pts: Position[] = [];
  for (let i = 0; i < 8; i++) {
    const a = (Math.PI / 4) * i + Math.PI / 8;
    pts.push([+(at.lon + dLon * Math.cos(a)).toFixed(5), +(at.lat + dLat * Math.sin(a)).toFixed(5)]);
  }
  pts.push(pts[0]);
  return pts;
}

/**
 * Where roads of `minKmh` (default 50 km/h) and more cross a ring, at least `spacingM` apart,
 * fastest roads first (that is where permanent posts stand). Each two-way road counts once; the
 * crossing is found on the road's own polyline, so the point lies on the road.
 */
export function ringCrossings(
  g: RoadGraph,
  ring: Position[],
  spacingM: number,
  minKmh = 49,
): { lat: number; lon: number; speed: number }[] {
  const found: { lat: number; lon: number; speed: number }[] = [];
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      const v = g.target[e];
      if (v < u || g.weight[e] <= 0) continue;
      const kmh = (g.length[e] / (g.weight[e] / 1000)) * 3.6;
      if (kmh < minKmh) continue;
      let p: Position = [g.lon[u], g.lat[u]];
      for (let k = g.geomFirst[e]; k <= g.geomFirst[e + 1]; k++) {
        const q: Position = k < g.geomFirst[e + 1] ? [g.geomLon[k], g.geomLat[k]] : [g.lon[v], g.lat[v]];
        for (const t of crossings(ring, p, q)) found.push({ lat: p[1] + t * (q[1] - p[1]), lon: p[0] + t * (q[0] - p[0]), speed: kmh });
        p = q;
      }
    }
  }
  found.sort((a, b) => b.speed - a.speed);
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => haversineMeters(k, f) < spacingM)) kept.push(f);
  return kept;
}

export const DEMO_RINGS = [
  { id: "core-ring", nameZh: "环城核心圈", nameEn: "City core ring", polygon: octagon(0.035, 0.045), maxPosts: 16 },
  { id: "outer-ring", nameZh: "环城管控圈", nameEn: "City outer ring", polygon: octagon(0.068, 0.098), maxPosts: 24 },
];

function demoGraph(ctx: AppContext): RoadGraph {
  if (ctx.roads) return ctx.roads;
  if (ctx.travel instanceof RoadTravelTimes) return ctx.travel.network.graph;
  // The same generator and seed the server uses for the demo city (without contraction).
  return syntheticCity({ bbox: DEMO_BBOX, nodes: 30_000, seed: 1 });
}

export async function seedInterceptDemo(ctx: AppContext): Promise<{ rings: number; checkpoints: number }> {
  const seeded = await ctx.db.selectFrom("intercept_rings").select("id").where("id", "=", DEMO_RINGS[0].id).executeTakeFirst();
  if (seeded) return { rings: 0, checkpoints: 0 };
  const g = demoGraph(ctx);
  const city = await findOrg(ctx, "hz");
  const orgPath = city?.path ?? "/";
  const now = isoNow(ctx.clock);
  const rings: InterceptRingsTable[] = [];
  const posts: InterceptCheckpointsTable[] = [];
  for (const spec of DEMO_RINGS) {
    rings.push({
      id: spec.id,
      name_zh: spec.nameZh,
      name_en: spec.nameEn,
      level: "standby",
      polygon: JSON.stringify([spec.polygon]),
      org_path: orgPath,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    const found = ringCrossings(g, spec.polygon, 600);
    for (const [i, f] of found.slice(0, spec.maxPosts).entries()) {
      const permanent = f.speed >= 59;
      const bearing = Math.round((Math.atan2(f.lat - centre.lat, f.lon - centre.lon) * 180) / Math.PI);
      posts.push({
        id: `${spec.id}-cp${i + 1}`,
        ring_id: spec.id,
        name_zh: `${spec.nameZh}${permanent ? "检查站" : "卡点"} ${i + 1}`,
        name_en: `${spec.nameEn} ${permanent ? "checkpoint" : "ad-hoc post"} ${i + 1} (${bearing}°)`,
        kind: permanent ? "permanent" : "adhoc",
        lat: f.lat,
        lon: f.lon,
        snap_m: 0,
        staffing: permanent ? 6 : 3,
        activation_minutes: permanent ? 3 : 15,
        active: 0,
        activated_at: null,
        org_path: orgPath,
        created_at: now,
        version: 1,
      });
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto("intercept_rings").values(rings).execute();
    if (posts.length) await tx.insertInto("intercept_checkpoints").values(posts).execute();
  });
  return { rings: rings.length, checkpoints: posts.length };
}
