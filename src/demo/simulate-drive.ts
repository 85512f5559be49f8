/**
 * How a simulated unit drives: along the road route the travel-time engine gives
 * (`ctx.travel.route`), at the speed that route implies, with the spread real drives have.
 *
 * The model (also in docs/simulator.md):
 * - A trip takes the route's free-flow seconds × a factor drawn from a log-normal distribution with
 *   median 1.0 and σ = 0.15 (about 86 % of trips within ±25 % of the route's time, a few faster
 *   than free flow where the crew pushes through with lights and siren), and in 6 % of trips a
 *   further ×1.3–1.8 for a jam, a closed gate or looking for the entrance (the long tail).
 * - Along the way the unit is where it would be after that share of the trip, interpolated along
 *   the route's line by distance, so it moves at one steady speed from start to end.
 * - With the straight-line fallback the route is two points and the straight-line estimate's
 *   seconds; a pair of places with no road between them falls back to the same estimate.
 */
import { type Route, StraightLineTravelTimes, type TravelTimes } from "../geo/travel-times.ts";
import { haversineMeters, type LatLon } from "../platform/geodesy.ts";

export interface DriveModel {
  /** σ of the log-normal factor on the route's seconds (median 1.0). */
  sigma: number;
  /** Share of trips held up for longer (traffic, parking, finding the door). */
  delayShare: number;
  /** The hold-up factor, drawn uniformly between these. */
  delayFactor: [number, number];
  /** Seconds between AVL reports while driving. */
  reportEveryS: [number, number];
}

export const DRIVE: DriveModel = { sigma: 0.15, delayShare: 0.06, delayFactor: [1.3, 1.8], reportEveryS: [10, 15] };

/** A unit's movement from one place to another over a stretch of simulated time. */
export interface Trip {
  from: LatLon;
  to: LatLon;
  /** [lon, lat] pairs. */
  line: [number, number][];
  /** Distance along the line at each of its points, metres. */
  along: number[];
  startMs: number;
  durationMs: number;
  /** What the travel-time engine said the trip takes, before the spread. */
  routeS: number;
}

const fallback = new StraightLineTravelTimes();

/** A standard normal draw (Box–Muller) from the simulator's seeded chance. */
function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** The factor on the route's seconds for one trip. */
export function driveFactor(rand: () => number, model: DriveModel = DRIVE): number {
  const f = Math.exp(model.sigma * normal(rand));
  const [lo, hi] = model.delayFactor;
  return rand() < model.delayShare ? f * (lo + rand() * (hi - lo)) : f;
}

/**
 * A trip from `from` to `to` starting at `startMs`. `pace` turns the route into seconds: by
 * default the route's own seconds × the drive factor; a walker passes its own.
 */
export function planTrip(
  travel: Pick<TravelTimes, "route">,
  from: LatLon,
  to: LatLon,
  startMs: number,
  seconds: (route: { seconds: number; meters: number }) => number,
): Trip {
  // The straight-line estimate always has a route.
  const route: Route = travel.route(from, to) ?? fallback.route(from, to)!;
  // The route runs between the road points nearest the two places: the unit starts where it is and ends at the door.
  const line: [number, number][] = [[from.lon, from.lat], ...route.coordinates, [to.lon, to.lat]];
  const along = [0];
  for (let i = 1; i < line.length; i++) {
    const [lon0, lat0] = line[i - 1];
    const [lon1, lat1] = line[i];
    along.push(along[i - 1] + haversineMeters({ lat: lat0, lon: lon0 }, { lat: lat1, lon: lon1 }));
  }
  return { from, to, line, along, startMs, durationMs: Math.max(1, seconds(route)) * 1000, routeS: route.seconds };
}

export const arrivalMs = (t: Trip): number => t.startMs + t.durationMs;

/** Where the unit is at `ms` on this trip: at the start before it, at the end after it. */
export function positionOn(t: Trip, ms: number): LatLon {
  const share = Math.min(1, Math.max(0, (ms - t.startMs) / t.durationMs));
  const total = t.along[t.along.length - 1];
  if (share >= 1 || total === 0) return share >= 1 ? t.to : t.from;
  const d = share * total;
  let i = 1;
  while (i < t.along.length - 1 && t.along[i] < d) i++;
  const seg = t.along[i] - t.along[i - 1];
  const k = seg > 0 ? (d - t.along[i - 1]) / seg : 1;
  const [lon0, lat0] = t.line[i - 1];
  const [lon1, lat1] = t.line[i];
  return { lat: lat0 + (lat1 - lat0) * k, lon: lon0 + (lon1 - lon0) * k };
}

/** A unit standing still at one place from `startMs` on. */
export const standing = (at: LatLon, startMs: number): Trip => ({
  from: at,
  to: at,
  line: [[at.lon, at.lat]],
  along: [0],
  startMs,
  durationMs: 1,
  routeS: 0,
});

/** Seconds between two draws, for report intervals. */
export const between = (rand: () => number, [lo, hi]: readonly [number, number]): number => lo + rand() * (hi - lo);
