/**
 * `lantern serve --simulate`: a living city for newcomers. Calls arrive every few seconds in the
 * mix a station really gets (simulate-mix.ts: most are invalid or not police business). The
 * call-taker triages and routes each one; police calls are dispatched and units drive to the
 * scene (AVL reports along the way), clear and close; non-urgent non-police requests become work
 * orders that the town centres dispatch and their field staff work to the end; the follow-up
 * caller calls back. Every step goes through the same services as a person's click would, and
 * a step that loses a race with a person (a unit or an order taken by hand) is skipped: the
 * person has that case now.
 *
 * Each call's life is one async function (simulate-calls.ts) that waits between steps through
 * `Sim.wait`; here that is a timer, so many calls live side by side.
 */
import type { AppContext } from "../context.ts";
import { SEED_CATEGORIES } from "../incidents/categories.ts";
import { seededRandom } from "../platform/random.ts";
import { simulateCall } from "./simulate-calls.ts";
import { loadCast, type Sim } from "./simulate-cast.ts";
import { followUpDesk } from "./simulate-followups.ts";
import { BEHAVIOUR, CALL_MIX, type CallMix, planCall } from "./simulate-mix.ts";
import { townOrder } from "./simulate-town.ts";

const STOPPED = new Error("simulator stopped");

export function startSimulator(ctx: AppContext, opts: { everyMs?: number; seed?: number; mix?: CallMix } = {}): () => void {
  const rand = seededRandom(opts.seed ?? Date.now());
  let stopped = false;
  const pending = new Map<NodeJS.Timeout, (err: Error) => void>();
  const wait = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (stopped) return reject(STOPPED);
      const t = setTimeout(() => {
        pending.delete(t);
        resolve();
      }, ms);
      pending.set(t, reject);
    });
  let sim: Promise<Sim | null> | null = null;
  const run = (what: (s: Sim) => Promise<unknown>) => {
    sim ??= loadCast(ctx).then((cast) => cast && { ctx, cast, rand, wait, behaviour: BEHAVIOUR });
    void sim
      .then((s) => (s && !stopped ? what(s) : null))
      .catch((err) => {
        if (!stopped) console.error("simulator: a step failed:", err instanceof Error ? err.message : err);
      });
  };

  const oneCall = () =>
    run((s) =>
      simulateCall(
        s,
        planCall(rand, {
          mix: opts.mix ?? CALL_MIX,
          staffedTowns: s.cast.towns.map((t) => ({ nameZh: t.town.nameZh, box: t.box })),
          categories: SEED_CATEGORIES,
        }),
      ),
    );
  // Calls left for the desk and not answered by a person are made once overdue; a re-opened
  // order goes back to its town centre.
  const desk = () =>
    run(async (s) => {
      const { reopened } = await followUpDesk(s);
      for (const id of reopened) run((s2) => townOrder(s2, id));
    });

  const loop = setInterval(oneCall, opts.everyMs ?? 15_000);
  const deskLoop = setInterval(desk, 60_000);
  oneCall();
  return () => {
    stopped = true;
    clearInterval(loop);
    clearInterval(deskLoop);
    for (const [t, reject] of pending) {
      clearTimeout(t);
      reject(STOPPED);
    }
    pending.clear();
  };
}
