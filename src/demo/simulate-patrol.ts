/**
 * Where an idle simulated unit patrols. A patrol car or foot patrol keeps to one patrol zone (防区)
 * of its station — the station's zones are shared out among them in call-sign order — and every
 * other unit (the station car, a district's squads) roams all the zones of its station or
 * district. A patrol leg ends at a random road junction (a node of `ctx.roads`) inside the zone's
 * polygon; without a road graph, at a random point of the polygon. The zones come from the org
 * tree through its service, so they follow whatever shapes the city's zones have.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { AppContext } from "../context.ts";
import type { UnitView } from "../dispatch/units.ts";
import type { RoadGraph } from "../geo/graph.ts";
import type { Actor, Org } from "../org/model.ts";
import { listOrgs } from "../org/service.ts";
import type { LatLon } from "../platform/geodesy.ts";

/** Unit types that keep to a zone of their own. */
const ZONE_BOUND = new Set(["patrol_car", "foot_patrol"]);

interface Area {
  org: Org;
  bbox: [number, number, number, number];
  /** Road junctions inside the polygon (indices into ctx.roads), found on first use. */
  nodes: number[] | null;
}

export interface PatrolAreas {
  /** A place to drive to next on patrol, or null when the unit has no area with a polygon. */
  nextStop(unit: Pick<UnitView, "id">, rand: () => number): LatLon | null;
}

function bboxOf(polygon: [number, number][][]): [number, number, number, number] {
  const ring = polygon[0];
  const lons = ring.map((c) => c[0]);
  const lats = ring.map((c) => c[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

const inside = (a: Area, lon: number, lat: number) =>
  lon >= a.bbox[0] &&
  lon <= a.bbox[2] &&
  lat >= a.bbox[1] &&
  lat <= a.bbox[3] &&
  booleanPointInPolygon([lon, lat], { type: "Polygon", coordinates: a.org.polygon! });

function roadNodesIn(a: Area, roads: RoadGraph): number[] {
  const out: number[] = [];
  for (let v = 0; v < roads.nodeCount; v++) if (inside(a, roads.lon[v], roads.lat[v])) out.push(v);
  return out;
}

function pointIn(a: Area, roads: RoadGraph | null, rand: () => number): LatLon {
  if (roads) {
    a.nodes ??= roadNodesIn(a, roads);
    if (a.nodes.length > 0) {
      const v = a.nodes[Math.floor(rand() * a.nodes.length)];
      return { lat: roads.lat[v], lon: roads.lon[v] };
    }
  }
  const [minLon, minLat, maxLon, maxLat] = a.bbox;
  for (let i = 0; i < 50; i++) {
    const lon = minLon + rand() * (maxLon - minLon);
    const lat = minLat + rand() * (maxLat - minLat);
    if (inside(a, lon, lat)) return { lat, lon };
  }
  return { lat: a.org.lat ?? (minLat + maxLat) / 2, lon: a.org.lon ?? (minLon + maxLon) / 2 };
}

/** Each unit's patrol area, read once from the org tree as the dispatcher sees it. */
export async function patrolAreas(ctx: AppContext, dispatcher: Actor, units: readonly UnitView[]): Promise<PatrolAreas> {
  const orgs = await listOrgs(ctx, dispatcher);
  const areas = new Map<string, Area>();
  for (const o of orgs) if (o.polygon && o.polygon.length > 0) areas.set(o.id, { org: o, bbox: bboxOf(o.polygon), nodes: null });
  const zonesUnder = (path: string) =>
    [...areas.values()]
      .filter((a) => a.org.kind === "zone" && a.org.path.startsWith(path))
      .sort((x, y) => (x.org.path < y.org.path ? -1 : 1));
  const byUnit = new Map<string, Area[]>();
  const dealt = new Map<string, number>();
  for (const u of [...units].sort((x, y) => (x.callsign < y.callsign ? -1 : 1))) {
    const zones = zonesUnder(u.orgPath);
    // With no zone below it, a unit patrols its own org's area when that has a shape.
    const own = areas.get(u.stationId);
    const all = zones.length > 0 ? zones : own ? [own] : [];
    if (ZONE_BOUND.has(u.type) && all.length > 0) {
      const n = dealt.get(u.orgPath) ?? 0;
      dealt.set(u.orgPath, n + 1);
      byUnit.set(u.id, [all[n % all.length]]);
    } else byUnit.set(u.id, all);
  }
  return {
    nextStop(unit, rand) {
      const mine = byUnit.get(unit.id);
      if (!mine || mine.length === 0) return null;
      return pointIn(mine[Math.floor(rand() * mine.length)], ctx.roads, rand);
    },
  };
}
