import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type Lantern, ManualClock, startLantern } from "../../test/harness.ts";
import { eventsFor } from "../platform/events.ts";
import { isNight } from "./model.ts";
import { offlineDevices, onlineRates, sweepOnlineDaily } from "./online.ts";
import { createDevice, createSite, updateDevice } from "./registry.ts";
import { configureSites, SITES_ACTOR, sitesRuntime } from "./runtime.ts";
import { dc09AccountLookup, handleAlarmSignal } from "./signals.ts";
import { sweepSiteTasks } from "./tasks.ts";

// 03:00 in Hangzhou (UTC+8) on 29 Nov 2026: the headline case's hour.
const NIGHT_T = Date.parse("2026-11-28T19:00:00.000Z");

describe("night rule", () => {
  it("uses Hangzhou local time (UTC+8), 22:00–06:00", () => {
    expect(isNight("2026-11-28T19:00:00Z")).toBe(true); // 03:00 local
    expect(isNight("2026-11-28T14:00:00Z")).toBe(true); // 22:00 local
    expect(isNight("2026-11-28T13:59:59Z")).toBe(false); // 21:59 local
    expect(isNight("2026-11-28T22:00:00Z")).toBe(false); // 06:00 local
    expect(isNight("2026-11-29T03:00:00+08:00")).toBe(true);
  });
});

for (const backend of backends) {
  describe(`alarm signals → incidents (${backend})`, () => {
    let l: Lantern;
    let clock: ManualClock;
    const at = () => clock.now().toISOString();
    let n = 0;
    const site = async (extra: Record<string, unknown> = {}) => {
      const id = `site-${++n}`;
      await createSite(l.ctx, SITES_ACTOR, {
        id,
        name: `测试小区${n}`,
        type: "compound",
        location: { lat: 30.25, lon: 120.17, address: `上城区测试路${n}号` },
        contacts: [
          { role: "guard", name: "张保安", phone: "13800005678" },
          { role: "grid_worker", name: "李网格", phone: "13900001234" },
        ],
        ...extra,
      });
      return id;
    };
    const device = (siteId: string, id: string, type: any, extra: Record<string, unknown> = {}) =>
      createDevice(l.ctx, SITES_ACTOR, siteId, { id, type, name: id, location: "3幢东门", heartbeatS: 60, ...extra });

    beforeAll(async () => {
      clock = new ManualClock(NIGHT_T);
      l = await startLantern(backend, { clock });
      configureSites(l.ctx, { correlationWindowS: 300, flapThreshold: 4, flapWindowS: 600, guardAckS: 120, gridWorkerAckS: 300 });
    });
    afterAll(async () => l?.close());

    it("a night intrusion from a DC-09 panel is an in-progress incident with the plan recommended and the site attached", async () => {
      const s = await site();
      await device(s, `${s}-panel`, "alarm_panel", { dc09Account: "1A2B", dc09KeyHex: "00112233445566778899aabbccddeeff" });
      const lookup = await dc09AccountLookup(l.ctx);
      expect(lookup("1a2b")).toMatchObject({ siteId: s, deviceId: `${s}-panel` });
      expect(lookup("1A2B")?.key?.toString("hex")).toBe("00112233445566778899aabbccddeeff");
      expect(lookup("FFFF")).toBeNull();

      const r = await handleAlarmSignal(l.ctx, {
        source: "dc09",
        siteId: s,
        deviceId: `${s}-panel`,
        eventCode: "BA",
        qualifier: "new",
        zone: 3,
        at: at(),
        raw: { frame: '"SIA-DCS"0001L0#1A2B[#1A2B|Nri1/BA3]' },
        idempotencyKey: "dc09:1A2B:0:0001:test",
      });
      expect(r.outcome).toBe("incident");
      expect(r.incident?.category.code).toBe("alarm.intrusion_alarm");
      expect(r.incident?.priority).toBe("in_progress");
      expect(r.incident?.channel).toBe("alarm_device");
      // The demo plan for a night intrusion: station car, SWAT/patrol and criminal investigation at once.
      expect(r.recommendation?.requirements.map((q) => q.unitType).sort()).toEqual([
        "criminal_investigation",
        "station_car",
        "swat_patrol",
      ]);
      expect(r.recommendation!.unitIds.length).toBeGreaterThan(0);

      const events = await eventsFor(l.ctx.db, "incident", r.incident!.id);
      const alarm = events.find((e) => e.type === "incident.site_alarm")!;
      expect(alarm).toBeDefined();
      expect((alarm.data.site as any).id).toBe(s);
      expect((alarm.data.device as any).id).toBe(`${s}-panel`);
      expect((alarm.data.signal as any).raw.frame).toContain("BA3");
      // Contacts travel masked: the last four digits only.
      const json = JSON.stringify(alarm.data.contacts);
      expect(json).not.toContain("13800005678");
      expect(json).toContain("5678");
      expect(events.some((e) => e.type === "incident.plan_recommended")).toBe(true);

      // The same frame retransmitted: no second incident.
      const again = await handleAlarmSignal(l.ctx, {
        source: "dc09",
        siteId: s,
        deviceId: `${s}-panel`,
        eventCode: "BA",
        qualifier: "new",
        zone: 3,
        at: at(),
        raw: {},
        idempotencyKey: "dc09:1A2B:0:0001:test",
      });
      expect(again.replayed).toBe(true);
      expect(again.incident?.id).toBe(r.incident!.id);
      const count = await l.ctx.db
        .selectFrom("incidents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("created_by", "=", "system:sites")
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it("a daytime intrusion is urgent, not in progress", async () => {
      const s = await site();
      await device(s, `${s}-door`, "door_contact");
      const r = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-door`,
        eventCode: "door_contact",
        qualifier: "new",
        at: "2026-11-29T02:00:00Z",
        raw: {},
      });
      expect(r.incident?.category.code).toBe("alarm.intrusion_alarm");
      expect(r.incident?.priority).toBe("urgent");
      expect(r.incident?.channel).toBe("sensor");
      expect(r.recommendation).toBeNull();
    });

    it("a signal stamped days ago by a panel with a wrong clock still opens an incident, received now", async () => {
      const s = await site();
      await device(s, `${s}-door`, "door_contact");
      const r = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-door`,
        eventCode: "door_contact",
        qualifier: "new",
        at: new Date(clock.now().getTime() - 3 * 86400_000).toISOString(),
        raw: {},
      });
      expect(r.outcome).toBe("incident");
      expect(r.incident?.times.receivedAt).toBe(at());
    });

    it("signals from one site within the window join one incident; a restoral clears the device; after the window a new incident opens", async () => {
      const s = await site();
      await device(s, `${s}-smoke1`, "smoke");
      await device(s, `${s}-smoke2`, "smoke");
      const a = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-smoke1`,
        eventCode: "smoke",
        qualifier: "new",
        at: at(),
        raw: { n: 1 },
      });
      clock.advance(30);
      const b = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-smoke2`,
        eventCode: "smoke",
        qualifier: "new",
        at: at(),
        raw: { n: 2 },
      });
      expect(a.outcome).toBe("incident");
      expect(a.incident?.category.code).toBe("alarm.fire");
      expect(b.outcome).toBe("correlated");
      expect(b.incident?.id).toBe(a.incident?.id);
      const dev = await l.ctx.db.selectFrom("site_devices").select("state").where("id", "=", `${s}-smoke1`).executeTakeFirstOrThrow();
      expect(dev.state).toBe("alarm");

      const restore = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-smoke1`,
        eventCode: "smoke",
        qualifier: "restore",
        at: at(),
        raw: {},
      });
      expect(restore.outcome).toBe("restore");
      expect(restore.incident?.id).toBe(a.incident?.id);
      const after = await l.ctx.db.selectFrom("site_devices").select("state").where("id", "=", `${s}-smoke1`).executeTakeFirstOrThrow();
      expect(after.state).toBe("normal");
      const types = (await eventsFor(l.ctx.db, "incident", a.incident!.id)).map((e) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(["incident.created", "incident.site_alarm", "incident.site_signal", "incident.site_restore"]),
      );

      clock.advance(301);
      const c = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-smoke2`,
        eventCode: "smoke",
        qualifier: "new",
        at: at(),
        raw: { n: 3 },
      });
      expect(c.outcome).toBe("incident");
      expect(c.incident?.id).not.toBe(a.incident?.id);
    });

    it("a more serious signal joining an incident raises its priority", async () => {
      const s = await site();
      await device(s, `${s}-door`, "door_contact");
      await device(s, `${s}-smoke`, "smoke");
      const a = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-door`,
        eventCode: "door_contact",
        qualifier: "new",
        at: "2026-11-28T03:00:00Z",
        raw: {},
      });
      expect(a.incident?.priority).toBe("urgent");
      const b = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-smoke`,
        eventCode: "smoke",
        qualifier: "new",
        at: at(),
        raw: {},
      });
      expect(b.outcome).toBe("correlated");
      expect(b.incident?.priority).toBe("in_progress");
    });

    it("test and maintenance modes log the signal and dispatch nothing", async () => {
      const s = await site();
      await device(s, `${s}-pir`, "perimeter_intrusion", { mode: "test" });
      const r = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-pir`,
        eventCode: "perimeter_intrusion",
        qualifier: "new",
        at: at(),
        raw: {},
      });
      expect(r.outcome).toBe("test_mode");
      expect(r.incident).toBeNull();
      const logged = await l.ctx.db.selectFrom("site_signals").selectAll().where("id", "=", r.signalId).executeTakeFirstOrThrow();
      expect(logged.outcome).toBe("test_mode");
      await updateDevice(l.ctx, SITES_ACTOR, s, `${s}-pir`, { mode: "normal" });
      clock.advance(1); // a new signal (the same code at the same instant would be the same signal)
      const live = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-pir`,
        eventCode: "perimeter_intrusion",
        qualifier: "new",
        at: at(),
        raw: { again: true },
      });
      expect(live.outcome).toBe("incident");
    });

    it("a flapping device is logged, not dispatched again", async () => {
      const s = await site();
      await device(s, `${s}-gate`, "perimeter_intrusion");
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        clock.advance(400); // beyond the correlation window each time
        const q = i % 2 === 0 ? "new" : "restore";
        const r = await handleAlarmSignal(l.ctx, {
          source: "mqtt",
          siteId: s,
          deviceId: `${s}-gate`,
          eventCode: "perimeter_intrusion",
          qualifier: q,
          at: at(),
          raw: { i },
        });
        outcomes.push(r.outcome);
      }
      // 400 s apart: the flap window (600 s) holds at most 2 toggles, so nothing is flapping.
      expect(outcomes.filter((o) => o === "flapping")).toHaveLength(0);
      const fast: string[] = [];
      for (let i = 0; i < 8; i++) {
        clock.advance(5);
        const q = i % 2 === 0 ? "new" : "restore";
        fast.push(
          (
            await handleAlarmSignal(l.ctx, {
              source: "mqtt",
              siteId: s,
              deviceId: `${s}-gate`,
              eventCode: "perimeter_intrusion",
              qualifier: q,
              at: at(),
              raw: { f: i },
            })
          ).outcome,
        );
      }
      // Threshold 4 toggles in 600 s: the 5th signal onwards, alarms are flapping.
      expect(fast.slice(4).filter((_, i) => i % 2 === 0)).toEqual(["flapping", "flapping"]);
    });

    it("a blocked fire lane goes to the guard, then the grid worker, then the police; an acknowledged one stops", async () => {
      const s = await site();
      await device(s, `${s}-lane`, "fire_lane_blocked");
      const r = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-lane`,
        eventCode: "fire_lane_blocked",
        qualifier: "new",
        at: at(),
        raw: {},
      });
      expect(r.outcome).toBe("task");
      expect(r.incident).toBeNull();
      expect(r.task?.assignee).toBe("guard");
      clock.advance(60);
      expect(await sweepSiteTasks(l.ctx)).toBe(0);
      clock.advance(61); // 121 s > guardAckS 120
      expect(await sweepSiteTasks(l.ctx)).toBe(1);
      let t = await l.ctx.db.selectFrom("site_tasks").selectAll().where("id", "=", r.task!.id).executeTakeFirstOrThrow();
      expect(t.assignee).toBe("grid_worker");
      expect(t.status).toBe("open");
      clock.advance(301);
      expect(await sweepSiteTasks(l.ctx)).toBe(1);
      t = await l.ctx.db.selectFrom("site_tasks").selectAll().where("id", "=", r.task!.id).executeTakeFirstOrThrow();
      expect(t.status).toBe("escalated");
      const inc = await l.ctx.db.selectFrom("incidents").selectAll().where("id", "=", t.incident_id!).executeTakeFirstOrThrow();
      expect(inc.category_code).toBe("complaint.obstruction");
      expect(inc.police).toBe(1);
      // Sweeping again escalates nothing twice.
      expect(await sweepSiteTasks(l.ctx)).toBe(0);

      // An elderly resident not seen: the grid worker's welfare check; acknowledged in time, no police.
      await device(s, `${s}-elder`, "elderly_not_seen");
      const w = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s,
        deviceId: `${s}-elder`,
        eventCode: "elderly_not_seen",
        qualifier: "new",
        at: at(),
        raw: {},
      });
      // The fire-lane signal that became the police incident is older than the window: a new task.
      expect(w.outcome).toBe("task");
      expect(w.task?.kind).toBe("welfare_check");
      const s2 = await site();
      await device(s2, `${s2}-elder`, "elderly_not_seen");
      const w2 = await handleAlarmSignal(l.ctx, {
        source: "mqtt",
        siteId: s2,
        deviceId: `${s2}-elder`,
        eventCode: "elderly_not_seen",
        qualifier: "new",
        at: at(),
        raw: {},
      });
      expect(w2.outcome).toBe("task");
      expect(w2.task?.kind).toBe("welfare_check");
      expect(w2.task?.assignee).toBe("grid_worker");
      const token = await l.login("admin");
      const ack = await l.api(token)("POST", `/api/v1/site-tasks/${w2.task!.id}/ack`, { note: "visited, fine" });
      expect(ack.status).toBe(200);
      expect(ack.body.status).toBe("acknowledged");
      clock.advance(10_000);
      await sweepSiteTasks(l.ctx);
      const t2 = await l.ctx.db.selectFrom("site_tasks").selectAll().where("id", "=", w2.task!.id).executeTakeFirstOrThrow();
      expect(t2.status).toBe("acknowledged");
      expect(t2.incident_id).toBeNull();
    });

    it("unknown sites and devices are refused with a clear problem", async () => {
      await expect(
        handleAlarmSignal(l.ctx, { source: "mqtt", siteId: "nope", eventCode: "smoke", qualifier: "new", at: at(), raw: {} }),
      ).rejects.toMatchObject({ status: 404 });
      const s = await site();
      await expect(
        handleAlarmSignal(l.ctx, { source: "mqtt", siteId: s, deviceId: "ghost", eventCode: "smoke", qualifier: "new", at: at(), raw: {} }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(
        handleAlarmSignal(l.ctx, { source: "mqtt", siteId: s, eventCode: "smoke", qualifier: "bogus" as never, at: at(), raw: {} }),
      ).rejects.toMatchObject({ status: 422 });
    });

    it("online rate per group: heard within 2× the interval; silent devices are listed offline", async () => {
      const s = await site({ type: "campus" });
      await device(s, `${s}-cam1`, "camera_health", { heartbeatS: 60 });
      await device(s, `${s}-cam2`, "camera_health", { heartbeatS: 60 });
      const { directory } = sitesRuntime(l.ctx);
      directory.heard(directory.slotOf(`${s}-cam1`), clock.now().getTime());
      directory.heard(directory.slotOf(`${s}-cam2`), clock.now().getTime());
      let rates = await onlineRates(l.ctx, SITES_ACTOR);
      expect(rates.bySite.find((r) => r.groupId === s)).toMatchObject({ devices: 2, online: 2, rate: 1 });
      clock.advance(100);
      directory.heard(directory.slotOf(`${s}-cam1`), clock.now().getTime());
      clock.advance(30); // cam2 silent for 130 s > 2 × 60 s
      rates = await onlineRates(l.ctx, SITES_ACTOR);
      expect(rates.bySite.find((r) => r.groupId === s)).toMatchObject({ devices: 2, online: 1, rate: 0.5 });
      const offline = await offlineDevices(l.ctx, SITES_ACTOR);
      expect(offline.map((d) => d.deviceId)).toContain(`${s}-cam2`);
      expect(offline.map((d) => d.deviceId)).not.toContain(`${s}-cam1`);
      expect(offline.find((d) => d.deviceId === `${s}-cam2`)?.silentS).toBe(130);
      expect(await sweepOnlineDaily(l.ctx)).toBeGreaterThan(3);
      const row = await l.ctx.db
        .selectFrom("site_online_daily")
        .selectAll()
        .where("group_kind", "=", "site")
        .where("group_id", "=", s)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ samples: 1, device_sum: 2, online_sum: 1, day: "2026-11-29" });
    });
  });
}
