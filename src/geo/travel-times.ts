/**
 * How long a unit needs to reach a place: the road engine's contract. Dispatch and intercept
 * rank units through this interface only, so the road engine and the straight-line fallback are
 * interchangeable. It lives in geo/ because geo answers it; its users sit above.
 */
import { haversineMeters, type LatLon } from "../platform/geodesy.ts";
import type { StreetLabel } from "./street-names.ts";

export interface TravelEstimate {
  /** Seconds, or null when the target cannot be reached from the unit's position. */
  seconds: number | null;
  /** Metres travelled (road length, or straight-line distance × detour factor). */
  meters: number | null;
  /** Distance from the unit's position to the road it was snapped to, when the method snaps. */
  snapMeters?: number;
}

export interface Route {
  seconds: number;
  meters: number;
  /** [lon, lat] pairs, GeoJSON order, ready for the map. */
  coordinates: [number, number][];
  /** The named streets the route follows, in order; absent when the graph carries no names. */
  streets?: StreetLabel[];
}

export type TravelMethod = "road" | "straight_line";

export interface TravelTimes {
  readonly method: TravelMethod;
  /** Tells the engine where a unit is, so it can keep that unit's search state warm. */
  setOrigin(unitId: string, at: LatLon): void;
  removeOrigin(unitId: string): void;
  /** Travel from each listed unit's last known position to the target. Units never set are absent. */
  estimate(unitIds: readonly string[], target: LatLon): Map<string, TravelEstimate>;
  /** The path to draw for a dispatched unit, or null when there is none. */
  route(from: LatLon, to: LatLon): Route | null;
  /** Distance from a point to the nearest road, when the method knows roads (null otherwise). */
  snapDistance(at: LatLon): number | null;
}

/**
 * The fallback when no road graph is loaded: straight-line distance × a detour factor at an
 * average urban response speed. It is labelled `straight_line` everywhere it is shown, because
 * a river or a ring road can make it badly wrong.
 */
export class StraightLineTravelTimes implements TravelTimes {
  readonly method = "straight_line" as const;
  private readonly origins = new Map<string, LatLon>();

  constructor(
    private readonly speedKmh = 30,
    private readonly detourFactor = 1.35,
  ) {}

  setOrigin(unitId: string, at: LatLon): void {
    this.origins.set(unitId, at);
  }

  removeOrigin(unitId: string): void {
    this.origins.delete(unitId);
  }

  estimate(unitIds: readonly string[], target: LatLon): Map<string, TravelEstimate> {
    const out = new Map<string, TravelEstimate>();
    for (const id of unitIds) {
      const from = this.origins.get(id);
      if (!from) continue;
      const meters = haversineMeters(from, target) * this.detourFactor;
      out.set(id, { seconds: meters / ((this.speedKmh * 1000) / 3600), meters });
    }
    return out;
  }

  route(from: LatLon, to: LatLon): Route | null {
    const meters = haversineMeters(from, to) * this.detourFactor;
    return {
      seconds: meters / ((this.speedKmh * 1000) / 3600),
      meters,
      coordinates: [
        [from.lon, from.lat],
        [to.lon, to.lat],
      ],
    };
  }

  snapDistance(): number | null {
    return null;
  }
}
