/**
 * The demo city's non-police loop: town areas (strips of each district, as
 * schematic as the rest of the demo city), a dispatcher for every town centre, field staff with
 * skills, a follow-up caller, and an Open311 client key.
 */

import polygonClipping, { type Polygon } from "polygon-clipping";
import type { AppContext } from "../context.ts";
import { type Box, DEMO_PASSWORD, rect } from "../demo/city.ts";
import { largestPiece } from "../demo/geography.ts";
import type { Org, Role } from "../org/model.ts";
import { createUser, listOrgs, setOrgPolygon } from "../org/service.ts";
import type { Skill } from "./model.ts";
import { addApiKey, hashApiKey } from "./open311/service.ts";
import { registerWorker } from "./work-orders/towns.ts";

export const DEMO_OPEN311_KEY = "lantern-demo-open311-key";

/** Splits a box into n cells covering it exactly: rows of ⌈√n⌉ columns, the last row widened. */
export function splitBox(box: Box, n: number): Box[] {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const out: Box[] = [];
  const h = (box.maxLat - box.minLat) / rows;
  for (let r = 0; r < rows; r++) {
    const inRow = r === rows - 1 ? n - cols * (rows - 1) : cols;
    const w = (box.maxLon - box.minLon) / inRow;
    // North to south, west to east; the outer edges reuse the box's own numbers so no sliver is left.
    const maxLat = r === 0 ? box.maxLat : box.maxLat - r * h;
    const minLat = r === rows - 1 ? box.minLat : box.maxLat - (r + 1) * h;
    for (let c = 0; c < inRow; c++) {
      out.push({ minLat, maxLat, minLon: box.minLon + c * w, maxLon: c === inRow - 1 ? box.maxLon : box.minLon + (c + 1) * w });
    }
  }
  return out;
}

function bboxOf(polygons: [number, number][][][]): Box | null {
  let b: Box | null = null;
  for (const p of polygons) {
    for (const [lon, lat] of p[0]) {
      b = b
        ? {
            minLat: Math.min(b.minLat, lat),
            maxLat: Math.max(b.maxLat, lat),
            minLon: Math.min(b.minLon, lon),
            maxLon: Math.max(b.maxLon, lon),
          }
        : { minLat: lat, maxLat: lat, minLon: lon, maxLon: lon };
    }
  }
  return b;
}

export interface GovernanceDemoAccount {
  username: string;
  role: Role;
  orgId: string;
  note: string;
}

/** Field staff of the first two towns of each district (the rest have a dispatcher only, to keep seeding quick). */
const STAFF: { suffix: string; skills: Skill[]; zh: string }[] = [
  { suffix: "cm", skills: ["city_management"], zh: "城管队员" },
  { suffix: "grid", skills: ["grid_worker", "mediator", "community_service"], zh: "网格员" },
];
/** The first town of each district also has a second city-management officer and market supervision. */
const EXTRA_STAFF: { suffix: string; skills: Skill[]; zh: string }[] = [
  { suffix: "cm2", skills: ["city_management"], zh: "城管队员二" },
  { suffix: "market", skills: ["market_supervision"], zh: "市场监管员" },
];

export interface GovernanceDemoOptions {
  /** `staffed`: accounts only for the towns that have field staff (tests: fewer passwords to hash). */
  centres?: "all" | "staffed";
}

export async function seedGovernanceDemo(ctx: AppContext, opts: GovernanceDemoOptions = {}): Promise<GovernanceDemoAccount[]> {
  const already = await ctx.db
    .selectFrom("open311_api_keys")
    .select("key_hash")
    .where("key_hash", "=", hashApiKey(DEMO_OPEN311_KEY))
    .executeTakeFirst();
  if (already) return seed(ctx, true, opts);
  // One transaction: all or nothing.
  const accounts = await ctx.db.transaction().execute((tx) => seed({ ...ctx, db: tx }, false, opts));
  ctx.caches.zoneIndex = null;
  return accounts;
}

async function seed(ctx: AppContext, already: boolean, opts: GovernanceDemoOptions): Promise<GovernanceDemoAccount[]> {
  const system = { orgPath: "/" } as never;
  const orgs = await listOrgs(ctx, system);
  const accounts: GovernanceDemoAccount[] = [];
  const districts = orgs.filter((o) => o.kind === "district");
  const staffed: { town: Org; staff: typeof STAFF }[] = [];
  for (const d of districts) {
    const towns = orgs.filter((o) => o.kind === "town" && o.parentId === d.id).sort((a, b) => String(a.code).localeCompare(String(b.code)));
    const zones = orgs.filter((o) => o.kind === "zone" && o.path.startsWith(d.path) && o.polygon);
    const box = bboxOf(zones.map((z) => z.polygon!));
    if (!box || towns.length === 0) continue;
    // West-to-east strips of the district's box, each cut to the district (its zones together):
    // a strip of the box always meets the district, which spans the box, so every town gets an
    // area, and towns of neighbouring districts never overlap.
    const w = (box.maxLon - box.minLon) / towns.length;
    const cells = towns.map((_, i) => ({
      ...box,
      minLon: box.minLon + i * w,
      maxLon: i === towns.length - 1 ? box.maxLon : box.minLon + (i + 1) * w,
    }));
    const [first, ...rest] = zones.map((z) => z.polygon as Polygon);
    const district = polygonClipping.union(first, ...rest);
    for (const [i, t] of towns.entries()) {
      const area = polygonClipping.intersection(rect(cells[i]) as Polygon, district);
      if (!t.polygon && !already && area.length > 0) await setOrgPolygon(ctx, t.id, largestPiece(area));
      staffed.push({ town: t, staff: i === 0 ? [...STAFF, ...EXTRA_STAFF] : i === 1 ? STAFF : [] });
    }
  }
  // Password hashing dominates seeding, so every account is hashed at once.
  const centres = opts.centres === "staffed" ? staffed.filter((s) => s.staff.length > 0) : staffed;
  for (const list of await Promise.all(centres.map((s) => townStaff(ctx, s.town, s.staff, already)))) accounts.push(...list);
  const hz = orgs.find((o) => o.kind === "city");
  if (!hz) return accounts;
  accounts.push({ username: "followup", role: "followup_caller", orgId: hz.id, note: "follow-up calls, city-wide" });
  accounts.push({
    username: "open311-gateway",
    role: "call_taker",
    orgId: hz.id,
    note: `Open311 client account; api_key ${DEMO_OPEN311_KEY}`,
  });
  if (already) return accounts;
  await createUser(ctx, {
    username: "followup",
    displayName: "回访员 孙丽",
    password: DEMO_PASSWORD,
    role: "followup_caller",
    orgId: hz.id,
  });
  const gateway = await createUser(ctx, {
    username: "open311-gateway",
    displayName: "市民 App 网关 (Open311)",
    password: DEMO_PASSWORD,
    role: "call_taker",
    orgId: hz.id,
  });
  await addApiKey(ctx, { key: DEMO_OPEN311_KEY, clientName: "Lantern demo citizen app", userId: gateway.id });
  return accounts;
}

async function townStaff(ctx: AppContext, t: Org, staff: typeof STAFF, already: boolean): Promise<GovernanceDemoAccount[]> {
  const accounts: GovernanceDemoAccount[] = [
    { username: `town-${t.code}`, role: "town_dispatcher", orgId: t.id, note: `${t.nameZh} governance centre dispatcher` },
  ];
  for (const s of staff) {
    accounts.push({
      username: `worker-${t.code}-${s.suffix}`,
      role: "field_worker",
      orgId: t.id,
      note: `${t.nameZh} ${s.skills.join(", ")}`,
    });
  }
  if (already) return accounts;
  const [, ...workers] = await Promise.all([
    createUser(ctx, {
      username: `town-${t.code}`,
      displayName: `${t.nameZh}指挥中心`,
      password: DEMO_PASSWORD,
      role: "town_dispatcher",
      orgId: t.id,
    }),
    ...staff.map((s) =>
      createUser(ctx, {
        username: `worker-${t.code}-${s.suffix}`,
        displayName: `${t.nameZh}${s.zh}`,
        password: DEMO_PASSWORD,
        role: "field_worker",
        orgId: t.id,
      }),
    ),
  ]);
  for (const [i, s] of staff.entries()) {
    await registerWorker(ctx, { userId: workers[i].id, townId: t.id, skills: s.skills, team: `${t.nameZh}${s.skills[0]}` });
  }
  return accounts;
}
