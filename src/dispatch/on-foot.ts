/**
 * Officers on foot. The road engine's times are driving times; a foot patrol covers the same
 * roads at a hurried walk, so its ETA is its route's length at walking pace. Without this a
 * foot patrol 1 km away would "arrive" in 90 s and be sent first ahead of a car that is quicker.
 */
import type { TravelEstimate, TravelTimes } from "../geo/travel-times.ts";
import type { LatLon } from "../platform/geodesy.ts";
import type { UnitType } from "./model.ts";

/** A responding officer on foot, hurrying: about 6 km/h. */
export const ON_FOOT_MPS = 1.6;

export function isOnFoot(type: string): boolean {
  return type === ("foot_patrol" satisfies UnitType);
}

interface Placed {
  id: string;
  type: string;
  position: LatLon | null;
}

/**
 * Each unit's estimate to the target by its own mode: vehicles from the engine's one-to-many
 * search, officers on foot from one route each (its length over walking pace; a handful per
 * call, at a few hundredths of a millisecond each).
 */
export function unitEstimates(travel: TravelTimes, units: readonly Placed[], target: LatLon): Map<string, TravelEstimate> {
  const out = travel.estimate(
    units.filter((u) => !isOnFoot(u.type)).map((u) => u.id),
    target,
  );
  for (const u of units) {
    if (!isOnFoot(u.type) || !u.position) continue;
    const route = travel.route(u.position, target);
    out.set(u.id, route ? { seconds: route.meters / ON_FOOT_MPS, meters: route.meters } : { seconds: null, meters: null });
  }
  return out;
}
