/**
 * The timeline tells the whole story in both languages: a dispatcher's step on a unit's behalf,
 * the response target missed and by how much, the disposition with its closing note as its own
 * line, the cancel reason; and no refusal of a state change prints a status code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENT_STATUSES, SEED_UNIT_STATUSES } from "../src/dispatch/model.ts";
import { INCIDENT_STATUSES } from "../src/incidents/model.ts";
import { type Lantern, ManualClock, startLantern } from "./harness.ts";

type Entry = { type: string; text: { "zh-CN": string; en: string } | null; derived: boolean; data: Record<string, unknown> };

describe("timeline lines", () => {
  const t0 = Date.parse("2026-11-01T03:00:00.000Z");
  const clock = new ManualClock(t0);
  let l: Lantern;
  let dispatcher: string;

  beforeAll(async () => {
    l = await startLantern("sqlite", { clock });
    dispatcher = await l.login("dispatcher");
  });
  afterAll(() => l?.close());

  async function newIncident(): Promise<{ id: string; areaType: string }> {
    const r = await l.api(dispatcher)("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.burglary",
      priority: "in_progress",
      location: { lat: 30.255, lon: 120.17 },
      receivedAt: new Date(clock.now().getTime()).toISOString(),
    });
    expect(r.status).toBe(201);
    return { id: r.body.id, areaType: r.body.location.areaType };
  }

  it("names the dispatcher acting for the unit, the target missed, the disposition and its note", async () => {
    const api = l.api(dispatcher);
    const inc = await newIncident();
    expect(inc.areaType).toBe("core"); // arrival target 3 min for in_progress
    const units = await api("GET", "/api/v1/units");
    const unit = (units.body as { id: string; callsign: string; status: { code: string } }[]).find((u) => u.status.code === "available")!;
    clock.advance(30);
    expect((await api("POST", `/api/v1/incidents/${inc.id}/dispatch`, { unitIds: [unit.id] })).status).toBe(200);
    expect((await api("POST", `/api/v1/incidents/${inc.id}/units/${unit.id}/status`, { status: "en_route" })).status).toBe(200);
    clock.advance(7 * 60 + 12 - 30);
    const step = await api("POST", `/api/v1/incidents/${inc.id}/units/${unit.id}/status`, { status: "on_scene" });
    expect(step.status).toBe(200);
    clock.advance(60);
    expect((await api("POST", `/api/v1/incidents/${inc.id}/units/${unit.id}/status`, { status: "cleared" })).status).toBe(200);
    const closed = await api("POST", `/api/v1/incidents/${inc.id}/close`, { disposition: "case_filed", note: "嫌疑人已抓获" });
    expect(closed.status).toBe(200);

    for (const [lang, key] of [
      ["zh-CN", "zh-CN"],
      ["en", "en"],
    ] as const) {
      const tl = await api("GET", `/api/v1/incidents/${inc.id}/timeline`, undefined, { "Accept-Language": lang });
      expect(tl.status).toBe(200);
      const lines = (tl.body as Entry[]).filter((e) => e.text).map((e) => e.text![key]);
      if (key === "zh-CN") {
        expect(lines).toContain(`调度员 ${await dispatcherName()} 代 ${unit.callsign} 报告到场`);
        expect(lines).toContain("未在目标 3分 内到场：用时 7分12秒");
        expect(lines).toContain("结案：受案/立案；结案说明：嫌疑人已抓获");
      } else {
        expect(lines).toContain(`Dispatcher ${await dispatcherName()} reported on scene for ${unit.callsign}`);
        expect(lines).toContain("Arrival target of 3 min missed: took 7 min 12 s");
        expect(lines).toContain("Closed: Case filed; closing note: 嫌疑人已抓获");
      }
      const missed = (tl.body as Entry[]).find((e) => e.type === "incident.target_missed")!;
      expect(missed).toMatchObject({ derived: true, data: { stage: "arrival", minutes: 3, tookS: 432 } });
    }
  });

  async function dispatcherName(): Promise<string> {
    const me = await l.api(dispatcher)("GET", "/api/v1/me");
    return me.body.displayName ?? me.body.user?.displayName;
  }

  it("words the target the sweep noted, and the cancel reason", async () => {
    const api = l.api(dispatcher);
    const inc = await newIncident();
    clock.advance(5 * 60);
    const { sweepOverdue } = await import("../src/dispatch/clocks.ts");
    expect(await sweepOverdue(l.ctx)).toBeGreaterThan(0);
    expect((await api("POST", `/api/v1/incidents/${inc.id}/cancel`, { reason: "报警人称误拨" })).status).toBe(200);
    const tl = (await api("GET", `/api/v1/incidents/${inc.id}/timeline`)).body as Entry[];
    const text = tl.filter((e) => e.text).map((e) => e.text!);
    expect(text).toContainEqual({ "zh-CN": "撤销警情，原因：报警人称误拨", en: "Cancelled, reason: 报警人称误拨" });
    expect(text).toContainEqual({ "zh-CN": "未在目标 1分 内派警：尚未完成", en: "Dispatch target of 1 min missed: not yet done" });
    expect(tl.some((e) => e.derived)).toBe(false);
  });

  it("never prints a status code when it refuses a state change", async () => {
    const api = l.api(dispatcher);
    const inc = await newIncident();
    const codes = [...new Set<string>([...INCIDENT_STATUSES, ...ASSIGNMENT_STATUSES, ...SEED_UNIT_STATUSES.map((s) => s.code)])];
    const units = (await api("GET", "/api/v1/units")).body as { id: string; status: { code: string } }[];
    const unit = units.find((u) => u.status.code === "available")!;
    const refusals = [
      // An incident closed twice; a step the assignment's state refuses; a unit set to a committed status.
      await api("POST", `/api/v1/incidents/${inc.id}/units/${unit.id}/status`, { status: "cleared" }),
      await api("POST", `/api/v1/units/${unit.id}/status`, { status: "dispatched" }),
    ];
    expect((await api("POST", `/api/v1/incidents/${inc.id}/dispatch`, { unitIds: [unit.id] })).status).toBe(200);
    refusals.push(await api("POST", `/api/v1/incidents/${inc.id}/units/${unit.id}/status`, { status: "cleared" }));
    refusals.push(await api("POST", `/api/v1/units/${unit.id}/status`, { status: "meal_break" }));
    expect((await api("POST", `/api/v1/incidents/${inc.id}/cancel`, { reason: "测试" })).status).toBe(200);
    refusals.push(await api("POST", `/api/v1/incidents/${inc.id}/close`, { disposition: "case_filed" }));
    refusals.push(await api("PATCH", `/api/v1/incidents/${inc.id}`, { narrative: "x" }));
    const transitions = refusals.filter((r) => r.body.code === "illegal_transition");
    expect(transitions.length).toBeGreaterThanOrEqual(4);
    for (const r of transitions) {
      for (const text of [r.body.titles["zh-CN"], r.body.titles.en]) {
        for (const code of codes) expect(text, text).not.toMatch(new RegExp(`(^|[^A-Za-z_])${code}([^A-Za-z_]|$)`));
      }
      expect(r.body.titles["zh-CN"]).toMatch(/^不能从"[\u4e00-\u9fff]+"变更为"[\u4e00-\u9fff]+"/);
    }
  });
});
