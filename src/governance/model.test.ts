import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitBox } from "./demo.ts";
import { DEFAULT_RULES, pickRule, type RoutingRule, WORK_ORDER_STATUSES, WORK_ORDER_TRANSITIONS } from "./model.ts";
import type { WorkOrdersTable } from "./tables.ts";
import { timerViews } from "./work-orders/timers.ts";

describe("work-order life cycle", () => {
  it("names every state, and only the follow-up and escalation end it", () => {
    for (const s of WORK_ORDER_STATUSES) {
      for (const to of WORK_ORDER_TRANSITIONS[s]) {
        expect(WORK_ORDER_STATUSES).toContain(to);
        expect(to).not.toBe(s);
      }
    }
    const terminal = WORK_ORDER_STATUSES.filter((s) => WORK_ORDER_TRANSITIONS[s].length === 0);
    expect(terminal).toEqual(["followed_up", "escalated"]);
    // The main line, as published: accepted → dispatched → taken → on scene → handled → feedback → closed → followed up.
    const line = ["accepted", "dispatched", "taken", "on_scene", "handled", "feedback", "closed", "followed_up"] as const;
    for (let i = 0; i + 1 < line.length; i++) expect(WORK_ORDER_TRANSITIONS[line[i]]).toContain(line[i + 1]);
  });
});

describe("routing rules", () => {
  const rule = (categoryCode: string, areaPath: string, skill: RoutingRule["skill"]): RoutingRule => ({
    categoryCode,
    areaPath,
    target: "town",
    skill,
    note: null,
  });

  it("prefers the exact category, then kind.*, then *, and within one the most specific area", () => {
    const rules = [
      ...DEFAULT_RULES,
      rule("complaint.*", "", "mediator"),
      rule("complaint.noise", "/hz/gongshu/", "grid_worker"),
      rule("*", "/hz/xihu/", "sanitation"),
    ];
    expect(pickRule(rules, "complaint.noise", "/hz/shangcheng/kaixuan/kaixuan-z1/")?.skill).toBe("city_management");
    expect(pickRule(rules, "complaint.noise", "/hz/gongshu/mishixiang/m-z1/")?.skill).toBe("grid_worker");
    expect(pickRule(rules, "complaint.police_conduct", "/hz/shangcheng/")?.skill).toBe("mediator");
    expect(pickRule(rules, "help.drunk_person", "/hz/xihu/beishan/")?.skill).toBe("sanitation");
    expect(pickRule(rules, "help.drunk_person", "/hz/shangcheng/")?.skill).toBe("grid_worker");
    // A district's catch-all never overrides the city's rule for government enquiries.
    expect(pickRule(rules, "complaint.government", "/hz/xihu/beishan/")?.target).toBe("hotline_12345");
  });

  it("lets a configured rule override the built-in one for the same category and area", () => {
    // Listed as effectiveRules lists them: built-in first, configured after.
    const rules = [...DEFAULT_RULES, { ...rule("complaint.noise", "", null), target: "hotline_12345" as const }];
    expect(pickRule(rules, "complaint.noise", "/hz/gongshu/hushu/hushu-z1/")?.target).toBe("hotline_12345");
    expect(pickRule([...DEFAULT_RULES, rule("*", "", "sanitation")], "help.drunk_person", "/hz/xihu/")?.skill).toBe("sanitation");
  });
});

describe("demo town areas", () => {
  it("split a district's box into cells that cover it without gaps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, u, v) => {
          const box = { minLat: 30.2, maxLat: 30.27, minLon: 120.16, maxLon: 120.26 };
          const cells = splitBox(box, n);
          expect(cells).toHaveLength(n);
          const p = { lat: box.minLat + u * (box.maxLat - box.minLat), lon: box.minLon + v * (box.maxLon - box.minLon) };
          const hits = cells.filter((c) => p.lat >= c.minLat && p.lat <= c.maxLat && p.lon >= c.minLon && p.lon <= c.maxLon);
          expect(hits.length).toBeGreaterThanOrEqual(1);
          const area = cells.reduce((a, c) => a + (c.maxLat - c.minLat) * (c.maxLon - c.minLon), 0);
          expect(area).toBeCloseTo((box.maxLat - box.minLat) * (box.maxLon - box.minLon), 10);
        },
      ),
    );
  });
});

describe("timers", () => {
  const settings = {
    dispatch: { stage: "dispatch", seconds: 60, warnSeconds: 45 },
    on_scene: { stage: "on_scene", seconds: 480, warnSeconds: 360 },
    first_feedback: { stage: "first_feedback", seconds: 3600, warnSeconds: 2700 },
    close: { stage: "close", seconds: 86400, warnSeconds: 72000 },
  } as const;
  const t0 = Date.parse("2026-11-01T00:00:00Z");
  const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
  const row = (p: Partial<WorkOrdersTable>) =>
    ({
      status: "accepted",
      clock_start_at: iso(0),
      dispatched_at: null,
      on_scene_at: null,
      feedback_at: null,
      closed_at: null,
      ...p,
    }) as WorkOrdersTable;

  it("is pending, then warning, then overdue; met or missed once done", () => {
    const state = (r: WorkOrdersTable, s: number) => timerViews(r, settings, t0 + s * 1000)[0];
    expect(state(row({}), 30)).toMatchObject({ state: "pending", remainingS: 30 });
    expect(state(row({}), 50)).toMatchObject({ state: "warning", remainingS: 10 });
    expect(state(row({}), 61)).toMatchObject({ state: "overdue", remainingS: -1 });
    expect(state(row({ dispatched_at: iso(60) }), 500)).toMatchObject({ state: "met", remainingS: null });
    expect(state(row({ dispatched_at: iso(61) }), 500)).toMatchObject({ state: "missed" });
  });
});
