/**
 * The recommendation a dispatcher can believe, on each storage back end: the nearest street unit
 * goes first (就近先行); a plan line is filled by a substitute when one arrives sooner, and says
 * by how much; alternatives are of any type that can fill the line; every unit is shown against
 * the arrival target; the answer says when no unit can make it, and when sending a unit strips
 * a patrol zone. A small city of its own, with straight-line travel, so every figure is known.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, rect } from "../src/demo/city.ts";
import { seedReference } from "../src/demo/reference.ts";
import { ON_FOOT_MPS } from "../src/dispatch/on-foot.ts";
import { createUnit, warmTravelTimes } from "../src/dispatch/units.ts";
import type { StreetLabel, StreetNames } from "../src/geo/street-names.ts";
import { type Route, StraightLineTravelTimes } from "../src/geo/travel-times.ts";
import { createOrg, createUser } from "../src/org/service.ts";
import type { LatLon } from "../src/platform/geodesy.ts";
import { type Api, backends, type Lantern, startLantern } from "./harness.ts";

const VIA: StreetLabel[] = [
  { zh: "学院路", en: "Xueyuan Rd" },
  { zh: "文三路", en: "Wensan Rd" },
  { zh: "教工路", en: "Jiaogong Rd" },
  { zh: "古翠路", en: "Gucui Rd" },
];
const JUNCTION: StreetLabel = { zh: "湖滨路 × 平海路", en: "Hubin Rd × Pinghai Rd" };

/** Straight-line travel whose routes follow four named streets: a graph with names, in miniature. */
class NamedStraightLine extends StraightLineTravelTimes {
  override route(from: LatLon, to: LatLon): Route | null {
    const r = super.route(from, to);
    return r && { ...r, streets: VIA };
  }
}

const names: StreetNames = {
  attribution: "test names",
  edgeName: () => null,
  junctionName: () => null,
  nameAt: () => JUNCTION,
  routeStreets: () => VIA,
};

/** Seconds by the straight-line engine's defaults: 30 km/h over 1.35 × the distance. */
const SCENE = { lat: 30.25, lon: 120.15 };

async function seedTown(l: Lantern): Promise<void> {
  const ctx = l.ctx;
  await seedReference(ctx);
  await createOrg(ctx, {
    id: "t",
    parentId: null,
    kind: "city",
    nameZh: "测试市局",
    nameEn: "Test City",
    areaType: "urban",
    polygon: rect({ minLat: 30.19, maxLat: 30.31, minLon: 120.13, maxLon: 120.17 }),
  });
  await createOrg(ctx, { id: "d", parentId: "t", kind: "district", nameZh: "测试分局", nameEn: "Test District" });
  await createOrg(ctx, { id: "s1", parentId: "d", kind: "station", nameZh: "凯旋派出所", nameEn: "Kaixuan Station" });
  const zone = (id: string, n: number, areaType: "core" | "urban", minLat: number, maxLat: number) =>
    createOrg(ctx, {
      id,
      parentId: "s1",
      kind: "zone",
      nameZh: `凯旋第${n}防区`,
      nameEn: `Kaixuan zone ${n}`,
      areaType,
      polygon: rect({ minLat, maxLat, minLon: 120.14, maxLon: 120.16 }),
      lat: (minLat + maxLat) / 2,
      lon: 120.15,
    });
  await zone("z1", 1, "core", 30.24, 30.26);
  await zone("z2", 2, "urban", 30.26, 30.3);
  await zone("z3", 3, "core", 30.2, 30.24);
  const units: [string, Parameters<typeof createUnit>[1]["type"], number, number][] = [
    ["f1", "foot_patrol", 30.2512, 120.15], // 130 m north of the scene, zone 1: on foot, still the quickest
    ["p1", "patrol_car", 30.259, 120.15], // 1.0 km north, zone 1
    ["c1", "station_car", 30.2415, 120.1585], // 1.25 km south-east, zone 1
    ["m1", "mobile_squad", 30.275, 120.15], // 2.8 km north, alone in zone 2
    ["p2", "patrol_car", 30.3, 120.165], // 5.7 km, in no zone
    ["sw1", "swat_patrol", 30.22, 120.15], // 3.3 km south, zone 3
    ["ci1", "criminal_investigation", 30.25, 120.135], // 1.4 km west, in no zone
  ];
  for (const [id, type, lat, lon] of units) {
    await createUnit(ctx, { id, callsign: id.toUpperCase(), nameZh: id, nameEn: id, type, stationId: "s1", position: { lat, lon } });
  }
  await warmTravelTimes(ctx);
  await createUser(ctx, { username: "disp", displayName: "调度员", password: DEMO_PASSWORD, role: "dispatcher", orgId: "t" });
  await createUser(ctx, { username: "boss", displayName: "管理员", password: DEMO_PASSWORD, role: "admin", orgId: "t" });
}

describe.each(backends)("a recommendation a dispatcher can believe on %s", (backend) => {
  let l: Lantern;
  let api: Api;
  let admin: Api;

  const incident = async (categoryCode: string, priority: string, at: LatLon) => {
    const r = await api("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode,
      priority,
      location: { ...at, address: "测试路 1 号" },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const recommendation = async (id: string) => {
    const r = await api("GET", `/api/v1/incidents/${id}/recommendation`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const plan = (categoryCode: string, priority: string, requirements: unknown[]) =>
    admin("PUT", "/api/v1/response-plans", { categoryCode, priority, areaType: null, requirements });

  beforeAll(async () => {
    l = await startLantern(backend, { seed: false, travel: new NamedStraightLine() });
    await seedTown(l);
    l.ctx.streets = names;
    api = l.api(await l.login("disp"));
    admin = l.api(await l.login("boss"));
    const burglary = [
      { unitType: "station_car", count: 1, substitutes: ["patrol_car"] },
      { unitType: "swat_patrol", count: 1, substitutes: ["mobile_squad"] },
      { unitType: "criminal_investigation", count: 1 },
    ];
    expect((await plan("alarm.burglary", "in_progress", burglary)).status).toBe(204);
    expect((await plan("alarm.fight", "urgent", [{ unitType: "patrol_car", count: 2, substitutes: ["station_car"] }])).status).toBe(204);
  });
  afterAll(() => l?.close());

  it("sends the nearest street unit first, fills lines from substitutes and shows every unit against the target", async () => {
    const rec = await recommendation(await incident("alarm.burglary", "in_progress", SCENE));
    expect(rec.targetS).toBe(180); // a core zone's 3 minutes
    expect(rec.locationName).toEqual(JUNCTION);
    // The foot patrol, 130 m away (under 2 min on foot), goes first though the plan never asks for one.
    expect(rec.firstResponder).toMatchObject({ onPlanLine: null, candidate: { unitId: "f1", type: "foot_patrol", withinTarget: true } });
    expect(rec.firstResponder.candidate.reason.zh).toContain("就近先行");
    expect(rec.firstResponder.candidate.via).toEqual(VIA.slice(0, 3));
    // Its ETA is its route's length at walking pace, not a car's time.
    const walked = l.ctx.travel.route({ lat: 30.2512, lon: 120.15 }, SCENE)!.meters / ON_FOOT_MPS;
    expect(rec.firstResponder.candidate.etaS).toBeCloseTo(walked, 0);
    const [station, swat, ci] = rec.requirements;
    // The patrol car is 1.0 km off, the station car 1.25 km: the patrol car fills the station-car line.
    const p1 = station.chosen[0];
    expect(p1).toMatchObject({ unitId: "p1", substituteFor: "station_car", targetS: 180, withinTarget: true });
    expect(p1.flags).toContain("substitute");
    const gain = station.alternatives.find((c: { unitId: string }) => c.unitId === "c1").etaS - p1.etaS;
    expect(gain).toBeGreaterThan(30);
    expect(p1.reason.zh).toContain(`以巡逻车替代派出所警车：快 ${Math.round(gain)}秒`);
    expect(p1.reason.en).toContain(`Patrol car in place of station car: ${Math.round(gain)} s sooner`);
    expect(p1.via).toEqual(VIA.slice(0, 3));
    // Alternatives are any type that can fill the line, fastest first, each with its road metres.
    expect(station.alternatives.map((c: { unitId: string; type: string }) => [c.unitId, c.type])).toEqual([
      ["c1", "station_car"],
      ["p2", "patrol_car"],
    ]);
    expect(station.alternatives[1].reason.zh).toContain("可替代派出所警车");
    for (const c of [
      rec.firstResponder.candidate,
      ...rec.requirements.flatMap((r: { chosen: []; alternatives: [] }) => [...r.chosen, ...r.alternatives]),
    ]) {
      expect(c.meters).toBeGreaterThan(0);
      expect(c.withinTarget).toBe(c.etaS <= 180);
    }
    expect(station.alternatives[0].via).toEqual([]);
    // The mobile squad stands in for 巡特警; it is the only unit near zone 2, so its leaving is warned of.
    expect(swat.chosen[0]).toMatchObject({ unitId: "m1", substituteFor: "swat_patrol", withinTarget: false });
    expect(swat.chosen[0].flags).toEqual(["substitute", "over_target", "leaves_zone_uncovered"]);
    expect(swat.chosen[0].coverage).toMatchObject({ zoneId: "z2", targetS: 300, zh: "派出后 凯旋第2防区 将无警力可在 5分 内到达" });
    expect(ci.chosen[0]).toMatchObject({ unitId: "ci1", substituteFor: null, withinTarget: false, coverage: null });
    expect(rec.unitIds).toEqual(["f1", "p1", "m1", "ci1"]);
    const codes = rec.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain("zone_uncovered");
    expect(codes).not.toContain("target_unreachable");
    expect(rec.warnings.find((w: { code: string }) => w.code === "zone_uncovered").zh).toBe(
      "M1：派出后 凯旋第2防区 将无警力可在 5分 内到达",
    );
  });

  it("says when no unit can make the target, with the target, the best ETA and the gap", async () => {
    const rec = await recommendation(await incident("alarm.burglary", "in_progress", { lat: 30.201, lon: 120.15 }));
    const all = [
      rec.firstResponder.candidate,
      ...rec.requirements.flatMap((r: { chosen: []; alternatives: [] }) => [...r.chosen, ...r.alternatives]),
    ];
    const best = Math.min(...all.map((c: { etaS: number }) => c.etaS));
    expect(best).toBeGreaterThan(180);
    expect(all.every((c: { withinTarget: boolean }) => c.withinTarget === false)).toBe(true);
    const w = rec.warnings.find((x: { code: string }) => x.code === "target_unreachable");
    const mmss = (s: number) => `${Math.floor(Math.round(s) / 60)}分${Math.round(s) % 60}秒`;
    expect(w.zh).toBe(`无警力可在目标 3分 内到达：最快 ${mmss(best)}，超出 ${mmss(best - 180)}`);
    expect(w.en).toMatch(/^No unit can arrive within the 3 min target: the fastest takes \d+ min \d+ s, \d+ min \d+ s over$/);
  });

  it("sends the nearest street unit once when a plan line chose it too", async () => {
    const rec = await recommendation(await incident("alarm.fight", "urgent", { lat: 30.2595, lon: 120.1505 }));
    expect(rec.firstResponder).toMatchObject({ onPlanLine: "patrol_car", candidate: { unitId: "p1" } });
    expect(rec.firstResponder.note.zh).toContain("只派一次");
    expect(rec.requirements[0].chosen.map((c: { unitId: string }) => c.unitId)).toEqual(["p1", "c1"]);
    expect(rec.unitIds).toEqual(["p1", "c1"]);
  });

  it("sends no first responder to a routine call", async () => {
    const rec = await recommendation(await incident("alarm.burglary", "routine", SCENE));
    expect(rec.firstResponder).toBeNull();
    expect(rec.targetS).toBe(720);
  });

  it("refuses a substitute of an unknown type or of the line's own type, and stores nothing", async () => {
    const before = (await admin("GET", "/api/v1/response-plans")).body;
    const unknown = await plan("alarm.fight", "urgent", [{ unitType: "patrol_car", count: 1, substitutes: ["hovercraft"] }]);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect(unknown.body.field).toBe("requirements.0.substitutes.0");
    const same = await admin(
      "PUT",
      "/api/v1/response-plans",
      {
        categoryCode: "alarm.fight",
        priority: "urgent",
        areaType: null,
        requirements: [{ unitType: "patrol_car", count: 1, substitutes: ["station_car", "patrol_car"] }],
      },
      { "Accept-Language": "zh-CN" },
    );
    expect(same.status).toBe(400);
    expect(same.body).toMatchObject({ code: "validation", field: "requirements.0.substitutes.1" });
    expect(same.body.titles["zh-CN"]).toContain("替代警种不能与本行警种相同");
    expect(same.body.titles.en).toContain("a line cannot be its own substitute");
    expect((await admin("GET", "/api/v1/response-plans")).body).toEqual(before);
    const fight = before.find((p: { categoryCode: string }) => p.categoryCode === "alarm.fight");
    expect(fight.requirements).toEqual([{ unitType: "patrol_car", count: 2, substitutes: ["station_car"] }]);
  });
});
