/**
 * The simulated fleet: every unit's crew terminal, reporting AVL the way a real one does. Each
 * unit is one activity that looks at its own unit as the dispatcher sees it (status,
 * destination) and moves accordingly:
 * - available: patrols its zone (simulate-patrol.ts) at road speed, now and then stopping for a
 *   few minutes, reporting every 15–30 s;
 * - dispatched, acknowledged or en route: drives the road route to its destination
 *   (simulate-drive.ts), reporting every 10–15 s; a changed destination (an intercept point) is
 *   driven to from where the unit is when the crew sees the change;
 * - on scene: stays at the scene, reporting every 60–120 s;
 * - unavailable (meal break, out of service): stands where it is, reporting every 30–60 s.
 * A small share of units loses its signal for a few minutes now and then (a garage, a tunnel, a
 * flat battery), so the console's stale flag has something real to show.
 *
 * The simulated call (simulate-calls.ts) steps the unit's statuses; when it reports en route it
 * asks the fleet to start the drive (`headTo`) and waits for the arrival the fleet planned.
 */
import { isOnFoot, ON_FOOT_MPS } from "../dispatch/on-foot.ts";
import type { UnitView } from "../dispatch/units.ts";
import { getUnit, listUnits, reportPosition } from "../dispatch/units.ts";
import type { Actor } from "../org/model.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { attempt, type Fleet, LOST, type Sim } from "./simulate-cast.ts";
import { arrivalMs, between, DRIVE, driveFactor, planTrip, positionOn, standing, type Trip } from "./simulate-drive.ts";
import { type PatrolAreas, patrolAreas } from "./simulate-patrol.ts";

export interface FleetBehaviour {
  patrolReportS: [number, number];
  sceneReportS: [number, number];
  standingReportS: [number, number];
  /** Share of patrol legs after which the unit stops for a while, and for how long. */
  pauseShare: number;
  pauseS: [number, number];
  /** A foot patrol walks its patrol legs at this speed (m/s); a response follows the road ETA like every unit's. */
  walkMps: number;
  /** Expected signal losses per unit per hour (0.05: about one unit in twenty loses it in an hour), and how long one lasts. */
  signalLossPerUnitHour: number;
  signalLossS: [number, number];
}

export const FLEET: FleetBehaviour = {
  patrolReportS: [15, 30],
  sceneReportS: [60, 120],
  standingReportS: [30, 60],
  pauseShare: 0.3,
  pauseS: [60, 240],
  walkMps: 1.4,
  signalLossPerUnitHour: 0.05,
  signalLossS: [180, 480],
};

type Doing = "patrol" | "response" | "standing";

interface Crew {
  unitId: string;
  type: string;
  trip: Trip;
  doing: Doing;
  /** The destination being driven to, as "lat,lon", while responding. */
  heading: string | null;
  /** No reports until this time (a lost signal). */
  silentUntilMs: number;
}

const keyOf = (p: LatLon) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;

class SimulatedFleet implements Fleet {
  readonly crews = new Map<string, Crew>();

  constructor(
    private readonly sim: Sim,
    private readonly areas: PatrolAreas,
    private readonly behaviour: FleetBehaviour,
  ) {}

  now = () => this.sim.ctx.clock.now().getTime();

  add(u: UnitView): Crew {
    const at = u.position ?? this.areas.nextStop(u, this.sim.rand);
    const crew: Crew = {
      unitId: u.id,
      type: u.type,
      trip: standing(at ?? { lat: 0, lon: 0 }, this.now()),
      doing: "standing",
      heading: null,
      silentUntilMs: 0,
    };
    this.crews.set(u.id, crew);
    return crew;
  }

  headTo(unitId: string, to: LatLon): number {
    const crew = this.crews.get(unitId);
    if (!crew) return this.now();
    if (crew.doing === "response" && crew.heading === keyOf(to)) return arrivalMs(crew.trip);
    const now = this.now();
    const rand = this.sim.rand;
    // Sent to a call, officers on foot hurry along the roads at the pace their ETA assumed.
    const onFoot = isOnFoot(crew.type);
    crew.trip = planTrip(
      this.sim.ctx.travel,
      positionOn(crew.trip, now),
      to,
      now,
      (r) => (onFoot ? r.meters / ON_FOOT_MPS : r.seconds) * driveFactor(rand),
    );
    crew.doing = "response";
    crew.heading = keyOf(to);
    return arrivalMs(crew.trip);
  }

  arrivalOf(unitId: string): number | null {
    const crew = this.crews.get(unitId);
    return crew?.doing === "response" ? arrivalMs(crew.trip) : null;
  }

  fixOf(unitId: string): LatLon | null {
    const crew = this.crews.get(unitId);
    if (!crew || crew.silentUntilMs > this.now()) return null;
    return positionOn(crew.trip, this.now());
  }

  /** The next patrol leg (or a stop) from where the unit is. */
  private patrol(crew: Crew, now: number): void {
    const here = positionOn(crew.trip, now);
    const { behaviour: b, sim } = this;
    if (crew.doing === "patrol" && sim.rand() < b.pauseShare) {
      crew.trip = { ...standing(here, now), durationMs: between(sim.rand, b.pauseS) * 1000 };
      crew.doing = "standing";
      return;
    }
    const stop = this.areas.nextStop({ id: crew.unitId }, sim.rand);
    if (!stop) {
      crew.trip = standing(here, now);
      crew.doing = "standing";
      return;
    }
    const walk = crew.type === "foot_patrol";
    crew.trip = planTrip(sim.ctx.travel, here, stop, now, (r) => (walk ? r.meters / b.walkMps : r.seconds * driveFactor(sim.rand)));
    crew.doing = "patrol";
  }

  /** Moves the crew as its unit's view says; returns the seconds until it next reports. */
  follow(crew: Crew, view: UnitView): number {
    const now = this.now();
    const { behaviour: b, sim } = this;
    const stand = (everyS: [number, number]) => {
      if (crew.doing !== "standing") crew.trip = standing(positionOn(crew.trip, now), now);
      crew.doing = "standing";
      return between(sim.rand, everyS);
    };
    if (view.status.baseType === "committed") {
      const dest = view.destination;
      // Sent on from the scene (an intercept point): the crew drives again.
      const redirected = dest !== null && crew.heading !== null && keyOf(dest) !== crew.heading;
      if (view.status.code === "on_scene" && !redirected) return stand(b.sceneReportS);
      if (!dest) return stand(b.standingReportS);
      const arrives = this.headTo(crew.unitId, dest);
      // Wake at the arrival itself, so the last report on the way is at the destination.
      return arrives > now ? Math.min(between(sim.rand, DRIVE.reportEveryS), (arrives - now) / 1000) : between(sim.rand, b.sceneReportS);
    }
    crew.heading = null;
    if (view.status.baseType !== "available") return stand(b.standingReportS);
    // A unit back from a job, or at the end of its leg or its stop, sets off on the next leg.
    if (crew.doing === "response" || now >= arrivalMs(crew.trip)) this.patrol(crew, now);
    const nextS = between(sim.rand, b.patrolReportS);
    if (crew.silentUntilMs <= now && sim.rand() < (b.signalLossPerUnitHour * nextS) / 3600) {
      crew.silentUntilMs = now + between(sim.rand, b.signalLossS) * 1000;
    }
    return nextS;
  }

  /** One crew's terminal, for as long as its unit exists. */
  async run(crew: Crew, dispatcher: Actor): Promise<void> {
    const { sim } = this;
    // Terminals do not all report in the same second.
    await sim.wait(sim.rand() * this.behaviour.patrolReportS[0] * 1000);
    for (;;) {
      const view = await attempt(() => getUnit(sim.ctx, dispatcher, crew.unitId));
      if (view === LOST) return;
      const nextS = this.follow(crew, view);
      const fix = this.fixOf(crew.unitId);
      if (fix && (await attempt(() => reportPosition(sim.ctx, dispatcher, crew.unitId, fix))) === LOST) return;
      await sim.wait(nextS * 1000);
    }
  }
}

/**
 * Starts a crew for every unit the dispatcher can see, each as an activity of its own
 * (`spawn`), and returns the fleet for the simulated calls to drive through.
 */
export async function startFleet(
  sim: Sim,
  spawn: (activity: () => Promise<unknown>) => void,
  behaviour: FleetBehaviour = FLEET,
): Promise<Fleet> {
  const dispatcher = sim.cast.dispatcher;
  const units = await listUnits(sim.ctx, dispatcher);
  const fleet = new SimulatedFleet(sim, await patrolAreas(sim.ctx, dispatcher, units), behaviour);
  for (const u of units) {
    const crew = fleet.add(u);
    spawn(() => fleet.run(crew, dispatcher));
  }
  return fleet;
}
