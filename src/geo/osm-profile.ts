/**
 * Which OSM ways a car may use, how fast, and in which direction. Default speeds follow the
 * spirit of OSRM's car profile (free-flow, no traffic); `maxspeed` overrides them when given.
 */

/** Default free-flow speeds by `highway` class, km/h. Classes not listed are not for cars. */
export const DEFAULT_SPEEDS_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 45,
  trunk: 85,
  trunk_link: 40,
  primary: 65,
  primary_link: 30,
  secondary: 55,
  secondary_link: 25,
  tertiary: 40,
  tertiary_link: 20,
  unclassified: 25,
  residential: 25,
  living_street: 10,
  service: 15,
  road: 25,
};

const DENIED = new Set(["no", "private", "agricultural", "forestry", "emergency", "psv", "bus", "delivery_no", "discouraged_no"]);

export interface CarWay {
  speedKmh: number;
  /** 1: only along the node order; -1: only against it; 0: both ways. */
  direction: 1 | -1 | 0;
}

/** null when cars may not use the way. */
export function carWay(tags: Record<string, string>): CarWay | null {
  const highway = tags.highway;
  const base = highway === undefined ? undefined : DEFAULT_SPEEDS_KMH[highway];
  if (base === undefined) return null;
  if (tags.area === "yes") return null;
  if (tags.service === "parking_aisle" || tags.service === "driveway") {
    // Still drivable, just slow: kept so that a unit parked in a yard can leave it.
  }
  // The most specific access tag wins: motorcar > motor_vehicle > vehicle > access.
  const access = tags.motorcar ?? tags.motor_vehicle ?? tags.vehicle ?? tags.access;
  if (access !== undefined && DENIED.has(access)) return null;
  const oneway = tags.oneway;
  if (oneway === "reversible" || oneway === "alternating") return null;
  let direction: 1 | -1 | 0 = 0;
  if (oneway === "yes" || oneway === "true" || oneway === "1") direction = 1;
  else if (oneway === "-1" || oneway === "reverse") direction = -1;
  else if (oneway === "no" || oneway === "false" || oneway === "0") direction = 0;
  else if (tags.junction === "roundabout" || tags.junction === "circular" || highway === "motorway") direction = 1;
  const limit = parseMaxspeed(tags.maxspeed);
  const speedKmh = limit !== null ? Math.min(limit, 130) : base;
  return { speedKmh, direction };
}

/** "50", "50 km/h", "30 mph", "50;30" (first wins); null for "none", "walk", "RU:urban" and the like. */
export function parseMaxspeed(value: string | undefined): number | null {
  if (!value) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?\s*(?:;.*)?$/i.exec(value);
  if (!m) return null;
  const x = Number(m[1]);
  if (!(x > 0)) return null;
  const unit = (m[2] ?? "").toLowerCase();
  if (unit === "mph") return x * 1.609344;
  if (unit === "knots") return x * 1.852;
  return x;
}
