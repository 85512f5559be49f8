/**
 * Coverage kept (守住防区): before a unit is sent, does its leaving strip a patrol zone (防区) of
 * every other unit able to reach it in time? The zone a unit is in is the zone its position
 * falls in (units belong to stations, not zones). "In time" is the zone's arrival target for an
 * in-progress call, from the zone's centre. The units that remain are the available positioned
 * ones minus everything the recommendation would send, so a plan that empties a zone with two of
 * its units is caught too. Cheap by design: one travel estimate per zone that holds a shown
 * candidate, and none for a zone the incident itself is in (a unit going there stays in it).
 */

import type { AppContext } from "../context.ts";
import type { Org } from "../org/model.ts";
import { zoneIndex } from "../org/service.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { addFlag, type Candidate, formatDuration } from "./candidates.ts";
import { unitEstimates } from "./on-foot.ts";
import { type TargetTier, targetMinutes } from "./response-targets.ts";
import type { UnitView } from "./units.ts";

/** The area type a zone without one is held to: the middle tier. */
const ZONE_AREA_FALLBACK = "urban";

function centreOf(zone: Org): LatLon | null {
  if (zone.lat !== null && zone.lon !== null) return { lat: zone.lat, lon: zone.lon };
  const ring = zone.polygon?.[0];
  if (!ring?.length) return null;
  const lons = ring.map(([x]) => x);
  const lats = ring.map(([, y]) => y);
  return { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lon: (Math.min(...lons) + Math.max(...lons)) / 2 };
}

/**
 * Marks each of `shown` whose dispatch would leave its zone uncovered (its `coverage` and the
 * `leaves_zone_uncovered` flag); `available` is every available positioned unit in scope and
 * `sending` the units the recommendation would send.
 */
export async function weighCoverage(
  ctx: AppContext,
  shown: readonly Candidate[],
  available: readonly UnitView[],
  sending: ReadonlySet<string>,
  incidentAt: LatLon,
  tiers: readonly TargetTier[],
): Promise<void> {
  if (shown.length === 0) return;
  const zones = await zoneIndex(ctx);
  const incidentZone = zones.find(incidentAt.lat, incidentAt.lon, "zone")?.id ?? null;
  const at = new Map(available.map((u) => [u.id, u.position]));
  const byZone = new Map<string, { zone: Org; candidates: Candidate[] }>();
  for (const c of shown) {
    const pos = at.get(c.unitId);
    const zone = pos ? zones.find(pos.lat, pos.lon, "zone") : null;
    if (!zone || zone.id === incidentZone) continue;
    const entry = byZone.get(zone.id) ?? { zone, candidates: [] };
    entry.candidates.push(c);
    byZone.set(zone.id, entry);
  }
  const remaining = available.filter((u) => !sending.has(u.id));
  for (const { zone, candidates } of byZone.values()) {
    const centre = centreOf(zone);
    const minutes = targetMinutes(tiers, "arrival", "in_progress", zone.areaType ?? ZONE_AREA_FALLBACK);
    if (!centre || minutes === null) continue;
    const targetS = minutes * 60;
    const estimates = unitEstimates(ctx.travel, remaining, centre);
    for (const c of candidates) {
      const covered = [...estimates].some(([id, e]) => id !== c.unitId && e.seconds !== null && e.seconds <= targetS);
      if (covered) continue;
      const t = formatDuration(targetS);
      c.coverage = {
        zoneId: zone.id,
        zoneName: { zh: zone.nameZh, en: zone.nameEn },
        targetS,
        zh: `派出后 ${zone.nameZh} 将无警力可在 ${t.zh} 内到达`,
        en: `Once it leaves, no unit can reach ${zone.nameEn} within ${t.en}`,
      };
      addFlag(c, "leaves_zone_uncovered");
    }
  }
}
