/** The simulated drive's model: its spread of trip times, and a unit's place along a trip. */
import { describe, expect, it } from "vitest";
import { StraightLineTravelTimes } from "../geo/travel-times.ts";
import { haversineMeters } from "../platform/geodesy.ts";
import { seededRandom } from "../platform/random.ts";
import { arrivalMs, DRIVE, driveFactor, planTrip, positionOn } from "./simulate-drive.ts";

describe("the simulated drive", () => {
  it("spreads trip times around the route's time: median 1, most within ±25 %, a tail of hold-ups", () => {
    const rand = seededRandom(7);
    const f = Array.from({ length: 20_000 }, () => driveFactor(rand)).sort((a, b) => a - b);
    expect(f[f.length / 2]).toBeGreaterThan(0.97);
    expect(f[f.length / 2]).toBeLessThan(1.04);
    const within = f.filter((x) => x >= 0.75 && x <= 1.25).length / f.length;
    expect(within).toBeGreaterThan(0.8);
    expect(within).toBeLessThan(0.92);
    expect(f.filter((x) => x > 1.4).length / f.length).toBeGreaterThan(DRIVE.delayShare / 2);
  });

  it("moves a unit along the straight-line fallback's two-point route at one speed, arriving at the route's time", () => {
    const travel = new StraightLineTravelTimes();
    const from = { lat: 30.25, lon: 120.15 };
    const to = { lat: 30.27, lon: 120.18 };
    const trip = planTrip(travel, from, to, 1_000, (r) => r.seconds);
    expect(arrivalMs(trip) - 1_000).toBeCloseTo(travel.route(from, to)!.seconds * 1000, 3);
    expect(positionOn(trip, 0)).toEqual(from);
    expect(positionOn(trip, arrivalMs(trip) + 5_000)).toEqual(to);
    const half = positionOn(trip, 1_000 + trip.durationMs / 2);
    const total = haversineMeters(from, to);
    expect(haversineMeters(from, half) / total).toBeCloseTo(0.5, 2);
  });
});
