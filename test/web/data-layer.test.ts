/**
 * The web app's data layer without a browser: which cached reads a live event makes stale, and
 * that the request pool never runs more reads at once than it allows. (The browser suites cover
 * the same paths end to end; these pin the rules themselves.)
 */
import { describe, expect, it } from "vitest";
import { staleBy } from "../../web/src/data/bridge.ts";
import { keys } from "../../web/src/data/keys.ts";
import { pool } from "../../web/src/data/pool.ts";
import type { StreamEvent } from "../../web/src/platform/types.ts";

const event = (e: Partial<StreamEvent>): StreamEvent => ({
  seq: 1,
  type: "incident.updated",
  stream: "incident",
  streamId: "i1",
  at: "2026-12-03T00:00:00Z",
  data: {},
  ...e,
});
const staleKeys = (e: StreamEvent) => staleBy(e).map(([key]) => JSON.stringify(key));

describe("the stream bridge", () => {
  it("refreshes an incident's assignments and timeline but never its recommendation", () => {
    const stale = staleKeys(event({ type: "incident.status_changed" }));
    expect(stale).toContain(JSON.stringify(keys.assignments("i1")));
    expect(stale).toContain(JSON.stringify(keys.timeline("i1")));
    expect(stale.some((k) => k.includes("recommendation"))).toBe(false);
  });

  it("follows an assignment event to the incident it names", () => {
    const stale = staleKeys(event({ stream: "unit", streamId: "u1", type: "assignment.created", data: { incidentId: "i9" } }));
    expect(stale).toEqual([JSON.stringify(keys.assignments("i9")), JSON.stringify(keys.timeline("i9"))]);
  });

  it("sends a work-order event to the lists and to that order (its timeline sits under it)", () => {
    const stale = staleKeys(event({ stream: "workorder", streamId: "w1", type: "workorder.accepted" }));
    expect(stale).toContain(JSON.stringify(keys.workOrders()));
    expect(stale).toContain(JSON.stringify(keys.workOrder("w1")));
    // Prefixes: the order's key starts its timeline's key, the lists' key starts each list's.
    expect(keys.workOrderTimeline("w1").slice(0, 2)).toEqual(keys.workOrder("w1"));
    expect(keys.workOrders("open=true").slice(0, 1)).toEqual(keys.workOrders());
  });

  it("refreshes watch orders on a sighting, and the plan only on a plan event", () => {
    expect(staleKeys(event({ type: "intercept.sighting" }))).toContain(JSON.stringify(keys.watchOrders()));
    expect(staleKeys(event({ type: "intercept.sighting" }))).not.toContain(JSON.stringify(keys.interceptPlan("i1")));
    expect(staleKeys(event({ type: "intercept.plan_computed" }))).toContain(JSON.stringify(keys.interceptPlan("i1")));
  });

  it("says nothing is stale for an event no read depends on", () => {
    expect(staleBy(event({ stream: "user", streamId: "x", type: "user.signed_in" }))).toEqual([]);
  });
});

describe("the request pool", () => {
  it("runs at most its size at once and finishes every read", async () => {
    const inTurn = pool(2);
    let running = 0;
    let most = 0;
    // Each read stays under way across a few turns of the event loop's microtasks.
    const reads = Array.from({ length: 5 }, (_, i) =>
      inTurn(async () => {
        running++;
        most = Math.max(most, running);
        for (let turn = 0; turn < 3; turn++) await Promise.resolve();
        running--;
        return i;
      })(),
    );
    // The first two started at once; the rest wait their turn.
    expect(running).toBe(2);
    expect(await Promise.all(reads)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
