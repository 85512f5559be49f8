/**
 * `lantern serve --simulate`: a living city for newcomers. Calls arrive every few seconds in the
 * mix a station really gets (simulate-mix.ts: most are invalid or not police business). The
 * call-taker triages and routes each one; police calls are dispatched and units drive to the
 * scene along the road route at road speed (AVL reports along the way), clear and close; non-urgent non-police requests become work
 * orders that the town centres dispatch and their field staff work to the end; the follow-up
 * caller calls back. Every step goes through the same services as a person's click would, and
 * a step that loses a race with a person (a unit or an order taken by hand) is skipped: the
 * person has that case now.
 *
 * Each call's life is one async function (simulate-calls.ts) that waits between steps through
 * `Sim.wait`, and so is each unit's crew terminal (simulate-fleet.ts): idle units patrol their
 * zones and every unit reports AVL as a real terminal does. Time is a timer here, so many calls
 * and crews live side by side; a test runs the same simulator on virtual time (simulate-time.ts).
 */
import type { AppContext } from "../context.ts";
import { SEED_CATEGORIES } from "../incidents/categories.ts";
import { zoneIndex } from "../org/service.ts";
import { seededRandom } from "../platform/random.ts";
import { simulateCall } from "./simulate-calls.ts";
import { loadCast, type Sim } from "./simulate-cast.ts";
import { FLEET, type FleetBehaviour, startFleet } from "./simulate-fleet.ts";
import { followUpDesk } from "./simulate-followups.ts";
import { BEHAVIOUR, CALL_MIX, type CallMix, planCall } from "./simulate-mix.ts";
import { realTime, type SimTime } from "./simulate-time.ts";
import { townOrder } from "./simulate-town.ts";

export interface SimulatorOptions {
  /** Milliseconds between calls (default 15 s). */
  everyMs?: number;
  seed?: number;
  mix?: CallMix;
  /** How the crews' terminals behave (patrol, report rates, signal losses); FLEET by default. */
  fleet?: FleetBehaviour;
  /** How time passes: wall-clock timers by default; a test passes virtual time (simulate-time.ts). */
  time?: SimTime;
}

/**
 * Starts the simulated city: the fleet's terminals, a call every `everyMs`, and the follow-up
 * desk every minute. Returns a function that stops it.
 */
export function startSimulator(ctx: AppContext, opts: SimulatorOptions = {}): () => void {
  const rand = seededRandom(opts.seed ?? Date.now());
  const real = opts.time ? null : realTime((err) => console.error("simulator: a step failed:", err instanceof Error ? err.message : err));
  const time: SimTime = opts.time ?? real!;
  let stopped = false;
  const every = async (ms: number, step: (s: Sim) => Promise<unknown>, s: Sim) => {
    while (!stopped) {
      time.spawn(() => step(s));
      await time.wait(ms);
    }
  };
  time.spawn(async () => {
    const cast = await loadCast(ctx);
    if (!cast || stopped) return;
    const sim: Sim = { ctx, cast, rand, wait: (ms) => time.wait(ms), parallel: (steps) => time.parallel(steps), behaviour: BEHAVIOUR };
    sim.fleet = await startFleet(sim, (a) => time.spawn(a), opts.fleet ?? FLEET);
    const areas = await zoneIndex(ctx);
    const inCity = (lat: number, lon: number) => areas.find(lat, lon, "zone") !== null;
    const oneCall = (s: Sim) =>
      simulateCall(
        s,
        planCall(rand, {
          mix: opts.mix ?? CALL_MIX,
          staffedTowns: s.cast.towns.map((t) => ({ nameZh: t.town.nameZh, box: t.box, polygon: t.town.polygon })),
          categories: SEED_CATEGORIES,
          inCity,
        }),
      );
    // Calls left for the desk and not answered by a person are made once overdue; a re-opened
    // order goes back to its town centre.
    const desk = async (s: Sim) => {
      const { reopened } = await followUpDesk(s);
      for (const id of reopened) time.spawn(() => townOrder(s, id));
    };
    time.spawn(() => every(opts.everyMs ?? 15_000, oneCall, sim));
    await time.wait(60_000);
    await every(60_000, desk, sim);
  });
  return () => {
    stopped = true;
    real?.stop();
  };
}
