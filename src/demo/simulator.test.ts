/**
 * The simulated city's calls, run one after another with a fixed seed and no real waiting (time
 * passes on a manual clock, and the governance sweep runs every few simulated seconds as the
 * server's would), then read back through the API: the call mix, the diverted calls worked to
 * the end at staffed towns, the follow-ups, and the 分流治理 figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lantern, ManualClock, startLantern } from "../../test/harness.ts";
import { seedGovernanceDemo } from "../governance/demo.ts";
import { runGovernanceSweep } from "../governance/start.ts";
import { SEED_CATEGORIES } from "../incidents/categories.ts";
import { zoneIndex } from "../org/service.ts";
import { seededRandom } from "../platform/random.ts";
import { type CallOutcome, simulateCall } from "./simulate-calls.ts";
import { loadCast, type Sim } from "./simulate-cast.ts";
import { followUpDesk } from "./simulate-followups.ts";
import { BEHAVIOUR, CALL_MIX, type CallMix, planCall } from "./simulate-mix.ts";
import { townOrder } from "./simulate-town.ts";

const CALLS = 60;
// Three standard deviations of a share over CALLS calls (at most √(0.25/CALLS)): a seeded run that
// drifts further than that is a changed mix, not chance.
const TOLERANCE = 3 * Math.sqrt(0.25 / CALLS);
/** The server's governance sweep interval (CLOCK_SWEEP_S). */
const SWEEP_MS = 5_000;

describe("simulated calls", () => {
  const clock = new ManualClock(Date.parse("2026-11-02T00:00:00.000Z"));
  let l: Lantern;
  let sim: Sim;
  let inCity: (lat: number, lon: number) => boolean;
  const outcomes: CallOutcome[] = [];
  // One session per user, as a person has: signing in for every read would meet the login limit.
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, l.login(user));
    return tokens.get(user)!;
  };
  const get = async (user: string, path: string) => {
    const r = await l.api(await tokenOf(user))("GET", `/api/v1${path}`);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    l = await startLantern("sqlite", { clock });
    await seedGovernanceDemo(l.ctx, { centres: "staffed" });
    const cast = await loadCast(l.ctx);
    sim = {
      ctx: l.ctx,
      cast: cast!,
      rand: seededRandom(20230106),
      behaviour: BEHAVIOUR,
      // In slices of the server's sweep interval, so a timer's warning is seen as the server would see it.
      wait: async (ms) => {
        for (let left = ms; left > 0; left -= SWEEP_MS) {
          clock.advance(Math.min(left, SWEEP_MS) / 1000);
          await runGovernanceSweep(l.ctx);
        }
      },
    };
    const staffedTowns = sim.cast.towns.map((t) => ({ nameZh: t.town.nameZh, box: t.box, polygon: t.town.polygon }));
    const areas = await zoneIndex(l.ctx);
    inCity = (lat, lon) => areas.find(lat, lon, "zone") !== null;
    for (let i = 0; i < CALLS; i++)
      outcomes.push(await simulateCall(sim, planCall(sim.rand, { staffedTowns, categories: SEED_CATEGORIES, inCity })));
    // The calls not made early fall due an hour after the close (an unreached caller, two hours
    // after the last try): the desk makes them, and a re-opened order is worked again.
    for (let pass = 0; pass < 4; pass++) {
      clock.advance(3 * 3600);
      const { reopened } = await followUpDesk(sim, 0);
      for (const id of reopened) await townOrder(sim, id);
    }
  }, 120_000);
  afterAll(async () => {
    await l?.close();
  });

  it("follows every call to its end, with no person taking one over", () => {
    expect(outcomes).toHaveLength(CALLS);
    expect(outcomes).not.toContain("let_go");
    for (const kind of ["invalid", "diverted", "transferred", "police", "fallback"] as const) expect(outcomes).toContain(kind);
  });

  it("receives invalid, non-police and police calls in the configured mix", async () => {
    const incidents: any[] = await get("dispatcher", "/incidents?limit=1000");
    expect(incidents).toHaveLength(CALLS);
    const invalid = incidents.filter((i) => i.flags.valid === false);
    const nonPolice = incidents.filter((i) => i.flags.valid !== false && i.flags.police === false);
    const police = incidents.filter((i) => i.flags.valid !== false && i.flags.police !== false);
    expect(Math.abs(invalid.length / CALLS - CALL_MIX.invalid)).toBeLessThan(TOLERANCE);
    expect(Math.abs(nonPolice.length / CALLS - (CALL_MIX.town + CALL_MIX.fallback + CALL_MIX.hotline))).toBeLessThan(TOLERANCE);
    expect(Math.abs(police.length / CALLS - CALL_MIX.police)).toBeLessThan(TOLERANCE);
    // Invalid calls carry their reason and are closed as invalid calls, never routed.
    for (const i of invalid) {
      expect(["silent", "prank", "misdial", "test"]).toContain(i.flags.invalidReason);
      expect(i).toMatchObject({ status: "closed", disposition: { code: "invalid_call" } });
    }
    expect(incidents.filter((i) => i.disposition?.code === "transferred").every((i) => i.flags.police === false)).toBe(true);
    // Urgent non-police calls stay with the police (联动兜底) and are closed by them.
    const fallback = nonPolice.filter((i) => i.priority !== "routine");
    expect(fallback.length).toBeGreaterThan(0);
    for (const i of fallback) expect(["resolved_on_scene", "advice_given"]).toContain(i.disposition?.code);
  });

  it("works each diverted call to the end at a town centre that has staff", async () => {
    const incidents: any[] = await get("dispatcher", "/incidents?limit=1000");
    const diverted = incidents.filter((i) => i.disposition?.code === "diverted_non_police");
    expect(diverted.length).toBeGreaterThan(10);
    const workers: any[] = await get("dispatcher", "/governance/workers");
    const staffed = new Set(workers.map((w) => w.townId));
    const orders: any[] = await get("dispatcher", "/work-orders?limit=1000");
    expect(orders).toHaveLength(diverted.length);
    for (const inc of diverted) {
      const mine = orders.filter((o) => o.incidentId === inc.id);
      expect(mine).toHaveLength(1);
      expect(["closed", "followed_up"]).toContain(mine[0].status);
      expect(staffed.has(mine[0].townId)).toBe(true);
      // Worked by staff: taken by a registered worker of that town, with the notes a worker writes.
      expect(workers.find((w) => w.userId === mine[0].assigneeId)?.townId).toBe(mine[0].townId);
      expect(mine[0].notes.handled).toBeTruthy();
      expect(mine[0].notes.feedback).toBeTruthy();
      expect(mine[0].notes.photoUrl).toBeNull();
    }
    // Most orders keep inside their timers; a few are late enough for the sweep to warn about.
    const timelines = await Promise.all(orders.map((o) => get("dispatcher", `/work-orders/${o.id}/timeline`)));
    const warned = timelines.filter((events: any[]) => events.some((e) => e.type === "workorder.timer_warning")).length;
    expect(warned).toBeGreaterThan(0);
    expect(warned).toBeLessThan(orders.length / 2);
  });

  it("calls callers back: mostly satisfied, some retried, re-opening or flagging when not", async () => {
    const done: any[] = await get("followup", "/followups?status=done");
    expect(done.length).toBeGreaterThan(15);
    expect(new Set(done.map((f) => f.subjectType))).toEqual(new Set(["incident", "work_order"]));
    const satisfied = done.filter((f) => f.outcome.satisfied === true).length;
    expect(satisfied / done.length).toBeGreaterThan(0.8);
    expect(done.some((f) => f.attempts > 1)).toBe(true);
    // Every call-back is recorded by the follow-up caller, after the case closed.
    expect(done.every((f) => f.outcome.recordedBy && f.outcome.reached === true)).toBe(true);
  });

  it("moves the 分流治理 figures", async () => {
    const k = (await get("dispatcher", "/governance/kpis")).totals;
    expect(k.invalidShare.value).toBeGreaterThan(0);
    expect(k.nonPoliceShare.value).toBeGreaterThan(0);
    expect(k.diversionRate.value).toBeGreaterThan(0.5);
    expect(k.resolutionRate.value).toBeGreaterThan(0.9);
    expect(k.satisfaction.value).toBeGreaterThanOrEqual(0.8);
    expect(k.satisfaction.value).toBeLessThanOrEqual(1);
  });

  // The cases below run after the figures above were read: each adds calls of its own.
  const only = (kind: keyof CallMix): CallMix => ({ invalid: 0, town: 0, fallback: 0, hotline: 0, police: 0, [kind]: 1 });
  const plan = (kind: keyof CallMix) =>
    planCall(sim.rand, {
      mix: only(kind),
      staffedTowns: sim.cast.towns.map((t) => ({ nameZh: t.town.nameZh, box: t.box, polygon: t.town.polygon })),
      categories: SEED_CATEGORIES,
      inCity,
    });

  it("re-opens the order of a dissatisfied caller and flags the police incident of one", async () => {
    const grumpy: Sim = {
      ...sim,
      behaviour: {
        ...BEHAVIOUR,
        lateShare: 0,
        declineShare: 1,
        teamOfferShare: 0,
        earlyFollowUpShare: 1,
        reachedShare: 1,
        satisfiedShare: 0,
      },
    };
    expect(await simulateCall(grumpy, plan("town"))).toBe("diverted");
    const [order] = await get("dispatcher", "/work-orders?limit=1");
    // Worked three times: two call-backs re-opened it; the third is left for the desk.
    expect(order).toMatchObject({ status: "closed", reopenCount: 2 });
    const events: any[] = await get("dispatcher", `/work-orders/${order.id}/timeline`);
    const moves = events.filter((e) => e.type === "workorder.status_changed").map((e) => e.data.to);
    expect(moves.filter((m) => m === "reopened")).toHaveLength(2);
    // Each round the assigned worker declined once and the centre dispatched again.
    expect(moves.filter((m) => m === "accepted")).toHaveLength(3);
    expect(order.declines.count).toBe(3);
    const calls: any[] = (await get("followup", "/followups")).filter((f: any) => f.workOrderId === order.id);
    expect(calls.map((f) => [f.round, f.status, f.outcome.satisfied])).toEqual([
      [0, "done", false],
      [1, "done", false],
      [2, "pending", null],
    ]);

    expect(await simulateCall(grumpy, plan("police"))).toBe("police");
    const [incident] = await get("dispatcher", "/incidents?limit=1");
    const flags: any[] = await get("dispatcher", "/followups/commander-flags");
    expect(flags.map((f) => f.incidentId)).toContain(incident.id);
  });

  it("lets a call go when a person acts first", async () => {
    // A town dispatcher dispatches the order by hand while the simulated centre is still waiting.
    let byHand: { order: any; worker: any } | null = null;
    const person: Sim = {
      ...sim,
      behaviour: { ...BEHAVIOUR, lateShare: 0, declineShare: 0 },
      wait: async (ms) => {
        await sim.wait(ms);
        if (byHand) return;
        const [open] = await get("dispatcher", "/work-orders?open=true&limit=1");
        if (open?.status !== "accepted") return;
        const town = sim.cast.towns.find((t) => t.town.id === open.townId)!;
        const [worker] = await get(`town-${town.town.code}`, `/work-orders/${open.id}/candidates`);
        const r = await l.api(await tokenOf(`town-${town.town.code}`))("POST", `/api/v1/work-orders/${open.id}/dispatch`, {
          assigneeId: worker.userId,
        });
        expect(r.status).toBe(200);
        byHand = { order: open, worker };
      },
    };
    expect(await simulateCall(person, plan("town"))).toBe("let_go");
    expect(byHand).not.toBeNull();
    const order = await get("dispatcher", `/work-orders/${byHand!.order.id}`);
    expect(order).toMatchObject({ status: "dispatched", assigneeId: byHand!.worker.userId });
  });
});
