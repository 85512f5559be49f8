/**
 * Who acts in the simulated city, and how a simulated step behaves. Every step is one of the
 * demo accounts doing what a person at that desk would click: the 110 call-taker, the city
 * dispatcher, each staffed town centre's dispatcher and its field staff, and the follow-up caller.
 */
import type { AppContext } from "../context.ts";
import { listTowns, listWorkers } from "../governance/work-orders/towns.ts";
import type { Actor, Org } from "../org/model.ts";
import { actorFor, userIdByName } from "../org/service.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { Problem } from "../platform/problem.ts";
import type { Box } from "./city.ts";
import type { Behaviour } from "./simulate-mix.ts";

export interface StaffedTown {
  town: Org;
  /** The town's area (the demo's towns are rectangles). */
  box: Box;
  dispatcher: Actor;
}

export interface Cast {
  callTaker: Actor;
  dispatcher: Actor;
  /** Absent when the governance demo is not seeded: then nobody calls back. */
  followUp: Actor | null;
  /** Towns with a centre dispatcher and field staff: the only places a town call is placed. */
  towns: StaffedTown[];
  /** Field staff by user id, so the simulator can act as whoever an order is assigned to. */
  workers: Map<string, Actor>;
}

/** The crews' terminals, as a simulated call drives them (simulate-fleet.ts). */
export interface Fleet {
  /** Starts the drive to `to` now (a no-op when already heading there); returns the planned arrival, epoch ms. */
  headTo(unitId: string, to: LatLon): number;
  /** When the unit's current drive ends, or null when it is not driving to a destination. */
  arrivalOf(unitId: string): number | null;
  /** Where the unit is now, or null when its signal is lost (its terminal sends nothing). */
  fixOf(unitId: string): LatLon | null;
}

/** Everything a simulated call needs: the city, its people, chance, and the passing of time. */
export interface Sim {
  ctx: AppContext;
  cast: Cast;
  rand: () => number;
  behaviour: Behaviour;
  /** Lets simulated time pass: a timer in the live simulator; a test moves a manual clock instead. */
  wait: (ms: number) => Promise<void>;
  /**
   * Runs steps side by side (simulate-time.ts: on virtual time, forks must be counted); plain
   * `Promise.all` when absent.
   */
  parallel?: <T>(steps: readonly (() => Promise<T>)[]) => Promise<T[]>;
  /** The crews' terminals (simulate-fleet.ts); absent, each call drives its own units. */
  fleet?: Fleet;
}

export const pickOne = <T>(sim: Sim, xs: readonly T[]): T => xs[Math.floor(sim.rand() * xs.length)];

/** Waits between lo and hi milliseconds. */
export const waitBetween = (sim: Sim, loMs: number, hiMs: number): Promise<void> => sim.wait(loMs + sim.rand() * (hiMs - loMs));

/** What a step returns when a person got there first. */
export const LOST = Symbol("lost race");

/**
 * Runs one step. A step refused because a person acted first — dispatched, took or closed by
 * hand (409), reassigned the order (not_assignee), or removed what the step acts on (404) — is
 * skipped, and the caller lets the case go: the person has it now. Anything else is a fault.
 */
export async function attempt<T>(step: () => Promise<T>): Promise<T | typeof LOST> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof Problem && (err.status === 409 || err.status === 404 || err.code === "not_assignee")) return LOST;
    throw err;
  }
}

function boxOf(polygon: [number, number][][]): Box {
  const ring = polygon[0];
  const lats = ring.map((c) => c[1]);
  const lons = ring.map((c) => c[0]);
  return { minLat: Math.min(...lats), maxLat: Math.max(...lats), minLon: Math.min(...lons), maxLon: Math.max(...lons) };
}

/** The demo's people, or null when the demo city is not seeded (no dispatcher). */
export async function loadCast(ctx: AppContext): Promise<Cast | null> {
  const byName = async (username: string): Promise<Actor | null> => {
    const id = await userIdByName(ctx, username);
    return id ? actorFor(ctx, id) : null;
  };
  const dispatcher = await byName("dispatcher");
  if (!dispatcher) return null;
  const towns: StaffedTown[] = [];
  const workers = new Map<string, Actor>();
  for (const town of await listTowns(ctx)) {
    if (!town.polygon || !town.code) continue;
    const staff = (await listWorkers(ctx, town.path)).filter((w) => w.townId === town.id);
    const centre = staff.length > 0 ? await byName(`town-${town.code}`) : null;
    if (!centre) continue;
    towns.push({ town, box: boxOf(town.polygon), dispatcher: centre });
    for (const w of staff) workers.set(w.userId, await actorFor(ctx, w.userId));
  }
  return { callTaker: (await byName("calltaker")) ?? dispatcher, dispatcher, followUp: await byName("followup"), towns, workers };
}
