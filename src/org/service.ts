/** Org tree and users. Sessions (sign-in, authenticate, logout) live in sessions.ts. */
import type { AppContext } from "../context.ts";
import { isoNow } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
import { type Actor, ORG_ID_PATTERN, type Org, type OrgKind, ROLES, type Role, USERNAME_PATTERN } from "./model.ts";
import { hashPassword } from "./password.ts";
import { assertPasswordAllowed } from "./password-policy.ts";
import type { OrgView, UserCreated } from "./schemas.ts";
import type { OrgsTable } from "./tables.ts";
import { ZoneIndex } from "./zone-index.ts";

// Callers across the modules import these from here; they are defined with the sessions.
export { actorFor, authenticate, login, logout } from "./sessions.ts";

export function toOrg(r: OrgsTable): Org {
  return {
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind as OrgKind,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    path: r.path,
    areaType: r.area_type as Org["areaType"],
    polygon: r.polygon ? JSON.parse(r.polygon) : null,
    lat: r.lat,
    lon: r.lon,
    leaderUserId: r.leader_user_id,
  };
}

export interface NewOrg {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  code?: string | null;
  nameZh: string;
  nameEn: string;
  areaType?: Org["areaType"];
  polygon?: [number, number][][] | null;
  lat?: number | null;
  lon?: number | null;
}

export async function createOrg(ctx: AppContext, o: NewOrg): Promise<Org> {
  if (!ORG_ID_PATTERN.test(o.id)) throw problems.validation("id", "lower-case letters, digits and '-' only", "只能包含小写字母、数字和“-”");
  let path = `/${o.id}/`;
  if (o.parentId) {
    const parent = await ctx.db.selectFrom("orgs").select("path").where("id", "=", o.parentId).executeTakeFirst();
    if (!parent) throw problems.notFound("org", o.parentId);
    path = `${parent.path}${o.id}/`;
  }
  await ctx.db
    .insertInto("orgs")
    .values({
      id: o.id,
      parent_id: o.parentId,
      kind: o.kind,
      code: o.code ?? null,
      name_zh: o.nameZh,
      name_en: o.nameEn,
      path,
      area_type: o.areaType ?? null,
      polygon: o.polygon ? JSON.stringify(o.polygon) : null,
      lat: o.lat ?? null,
      lon: o.lon ?? null,
      leader_user_id: null,
    })
    .execute();
  ctx.caches.zoneIndex = null;
  return getOrg(ctx, o.id);
}

export async function getOrg(ctx: AppContext, id: string): Promise<Org> {
  const r = await ctx.db.selectFrom("orgs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("org", id);
  return toOrg(r);
}

/** The org, or null when there is none with this id (a seed asking whether it has run). */
export async function findOrg(ctx: AppContext, id: string): Promise<Org | null> {
  const r = await ctx.db.selectFrom("orgs").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toOrg(r) : null;
}

/** The id of the user with this user name, or null. */
export async function userIdByName(ctx: AppContext, username: string): Promise<string | null> {
  const r = await ctx.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();
  return r?.id ?? null;
}

/** Orgs the actor may see: their subtree plus their ancestors (so the tree has a root). */
/** Who acted, as a timeline names them: display name, role and unit, by user id. */
export async function actorsByIds(
  ctx: AppContext,
  ids: readonly string[],
): Promise<Map<string, { displayName: string; role: string; unitId: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .selectFrom("users")
    .select(["id", "display_name", "role", "unit_id"])
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { displayName: r.display_name, role: r.role, unitId: r.unit_id }]));
}

export async function listOrgs(ctx: AppContext, actor: Actor): Promise<OrgView[]> {
  const rows = await ctx.db.selectFrom("orgs").selectAll().orderBy("path").execute();
  return rows.map(toOrg).filter((o) => o.path.startsWith(actor.orgPath) || actor.orgPath.startsWith(o.path));
}

/** Sets an area's polygon (a zone's, or a town's for routing work orders by location). */
export async function setOrgPolygon(ctx: AppContext, orgId: string, polygon: [number, number][][]): Promise<void> {
  await getOrg(ctx, orgId);
  await ctx.db
    .updateTable("orgs")
    .set({ polygon: JSON.stringify(polygon) })
    .where("id", "=", orgId)
    .execute();
  ctx.caches.zoneIndex = null;
}

export async function setZoneLeader(ctx: AppContext, zoneId: string, userId: string): Promise<void> {
  await ctx.db.updateTable("orgs").set({ leader_user_id: userId }).where("id", "=", zoneId).execute();
}

export async function zoneIndex(ctx: AppContext): Promise<ZoneIndex> {
  if (!ctx.caches.zoneIndex) {
    const rows = await ctx.db.selectFrom("orgs").selectAll().where("polygon", "is not", null).execute();
    ctx.caches.zoneIndex = new ZoneIndex(rows.map(toOrg));
  }
  return ctx.caches.zoneIndex;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  orgId: string;
  unitId?: string | null;
}

export async function createUser(ctx: AppContext, u: NewUser): Promise<UserCreated> {
  if (!USERNAME_PATTERN.test(u.username)) {
    throw problems.validation("username", "2 to 64 letters, digits, '.', '_' or '-'", "须为 2 到 64 个字母、数字或“.”“_”“-”");
  }
  if (!u.displayName.trim()) throw problems.validation("displayName", "must not be empty", "不能为空");
  if (!ROLES.includes(u.role)) throw problems.unknownCode("role", "role", u.role);
  assertPasswordAllowed(u.password, u);
  await getOrg(ctx, u.orgId);
  const id = newId();
  await ctx.db
    .insertInto("users")
    .values({
      id,
      username: u.username,
      display_name: u.displayName,
      password_hash: await hashPassword(u.password),
      role: u.role,
      org_id: u.orgId,
      unit_id: u.unitId ?? null,
      active: 1,
      created_at: isoNow(ctx.clock),
    })
    .execute()
    .catch((err) => {
      if (String(err?.code).includes("UNIQUE") || err?.code === "23505") {
        throw problems.conflict(`user name ${u.username} is taken`, `用户名 ${u.username} 已被占用`, "username");
      }
      throw err;
    });
  return { id };
}
