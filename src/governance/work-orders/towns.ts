/**
 * Town governance centres (镇街综合治理指挥中心) and their field staff. A town org is the centre;
 * its area is the town polygon, or, where no polygon is drawn yet, the town code named in the
 * address.
 */
import type { AppContext } from "../../context.ts";
import type { Actor, Org } from "../../org/model.ts";
import { actorFor, getOrg, listOrgs, zoneIndex } from "../../org/service.ts";
import { problems } from "../../platform/problem.ts";
import { underOrg } from "../../platform/scope.ts";
import { SKILL_CODES, type Skill } from "../model.ts";
import { govProblems } from "../problems.ts";
import type { TownView, WorkerBody, WorkerView } from "./schemas.ts";

/** Reads the org tree on the module's own behalf (routing must see every town, whoever asks). */
const SYSTEM_READER: Actor = {
  userId: "system",
  username: "system",
  displayName: "system",
  role: "admin",
  orgId: "",
  orgPath: "/",
  unitId: null,
};

export async function listTowns(ctx: AppContext): Promise<Org[]> {
  return (await listOrgs(ctx, SYSTEM_READER)).filter((o) => o.kind === "town");
}

/**
 * The town containing a point: by polygon first; else by a town code (explicit, or a 9- or
 * 12-digit GB/T 2260 code in the address), else by the town's name written in the address.
 */
export async function findTown(
  ctx: AppContext,
  q: { lat: number; lon: number; address?: string | null; townCode?: string | null },
): Promise<{ town: Org; by: "polygon" | "town_code" | "address_name" }> {
  const hit = (await zoneIndex(ctx)).find(q.lat, q.lon, "town");
  if (hit) return { town: hit, by: "polygon" };
  const towns = await listTowns(ctx);
  const codes = [q.townCode, ...(q.address?.match(/\d{9,12}/g) ?? [])].filter((c): c is string => !!c);
  for (const code of codes) {
    const town = towns.find((t) => t.code && (t.code === code || (code.length === 12 && code.startsWith(t.code))));
    if (town) return { town, by: "town_code" };
  }
  if (q.townCode) throw problems.unknownCode("townCode", "town", q.townCode);
  if (q.address) {
    // Longest name first, so 湖滨街道 is not mistaken for a shorter name it contains.
    const named = towns.filter((t) => q.address!.includes(t.nameZh)).sort((a, b) => b.nameZh.length - a.nameZh.length)[0];
    if (named) return { town: named, by: "address_name" };
  }
  throw govProblems.noTown(q.lat, q.lon);
}

/** A town as the centre's pickers show it: its names, code and area. */
export function toTownView(t: Org): TownView {
  return { id: t.id, code: t.code, nameZh: t.nameZh, nameEn: t.nameEn, parentId: t.parentId, path: t.path, polygon: t.polygon };
}

export async function registerWorker(ctx: AppContext, w: WorkerBody & { userId: string }): Promise<WorkerView> {
  for (const s of w.skills) if (!SKILL_CODES.includes(s as Skill)) throw problems.unknownCode("skills", "skill", s);
  if (w.skills.length === 0) throw problems.validation("skills", "at least one skill", "至少填写一项技能");
  const town = await getOrg(ctx, w.townId);
  if (town.kind !== "town") throw problems.validation("townId", `${w.townId} is not a town`, `${w.townId} 不是镇街`);
  const user = await actorFor(ctx, w.userId).catch(() => {
    throw problems.notFound("user", w.userId);
  });
  if (!user.orgPath.startsWith(town.path)) throw govProblems.assigneeOutOfArea(user.username, town.nameZh);
  const row = {
    user_id: w.userId,
    town_id: town.id,
    org_path: user.orgPath,
    display_name: user.displayName,
    skills: JSON.stringify(w.skills),
    team: w.team ?? null,
    on_duty: w.onDuty === false ? 0 : 1,
  };
  await ctx.db
    .insertInto("governance_workers")
    .values(row)
    .onConflict((oc) =>
      oc
        .column("user_id")
        .doUpdateSet({ town_id: row.town_id, org_path: row.org_path, skills: row.skills, team: row.team, on_duty: row.on_duty }),
    )
    .execute();
  return toWorker(row);
}

export function toWorker(r: {
  user_id: string;
  display_name: string;
  town_id: string;
  org_path: string;
  skills: string;
  team: string | null;
  on_duty: number;
}): WorkerView {
  return {
    userId: r.user_id,
    displayName: r.display_name,
    townId: r.town_id,
    orgPath: r.org_path,
    skills: JSON.parse(r.skills),
    team: r.team,
    onDuty: r.on_duty === 1,
  };
}

export async function getWorker(ctx: AppContext, userId: string): Promise<WorkerView | null> {
  const r = await ctx.db.selectFrom("governance_workers").selectAll().where("user_id", "=", userId).executeTakeFirst();
  return r ? toWorker(r) : null;
}

/** Workers within an org subtree (a centre's town, or everything for the city), optionally by skill. */
export async function listWorkers(ctx: AppContext, orgPath: string, skill?: string): Promise<WorkerView[]> {
  const rows = await ctx.db
    .selectFrom("governance_workers")
    .selectAll()
    .where(underOrg("org_path", orgPath))
    .orderBy("display_name")
    .execute();
  return rows.map(toWorker).filter((w) => !skill || w.skills.includes(skill as Skill));
}
