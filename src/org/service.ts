/** Org tree, users and sessions. */
import { createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { isoNow } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { Problem, problems } from "../platform/problem.ts";
import { type Actor, ORG_ID_PATTERN, type Org, type OrgKind, ROLES, type Role } from "./model.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import type { OrgsTable } from "./tables.ts";
import { ZoneIndex } from "./zone-index.ts";

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

/** Orgs the actor may see: their subtree plus their ancestors (so the tree has a root). */
export async function listOrgs(ctx: AppContext, actor: Actor): Promise<Org[]> {
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

export async function createUser(ctx: AppContext, u: NewUser): Promise<{ id: string }> {
  if (!ROLES.includes(u.role)) throw problems.unknownCode("role", "role", u.role);
  if (u.password.length < 8) throw problems.validation("password", "at least 8 characters", "至少 8 个字符");
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

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function login(
  ctx: AppContext,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: string; actor: Actor }> {
  const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  // Verify against a dummy hash when the user is unknown, so timing does not reveal user names.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) throw new Problem(401, "bad_credentials", {}, { field: "password" });
  const token = randomBytes(32).toString("base64url");
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMs).toISOString();
  await ctx.db
    .insertInto("sessions")
    .values({ token_hash: tokenHash(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt, actor: await actorFor(ctx, user.id) };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom("sessions").where("token_hash", "=", tokenHash(token)).execute();
}

/** The actor behind a bearer token, or null when the token is unknown or expired. */
export async function authenticate(ctx: AppContext, token: string): Promise<Actor | null> {
  const s = await ctx.db.selectFrom("sessions").selectAll().where("token_hash", "=", tokenHash(token)).executeTakeFirst();
  if (!s || s.expires_at <= isoNow(ctx.clock)) return null;
  return actorFor(ctx, s.user_id);
}

export async function actorFor(ctx: AppContext, userId: string): Promise<Actor> {
  const r = await ctx.db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.username", "users.display_name", "users.role", "users.org_id", "users.unit_id", "orgs.path"])
    .where("users.id", "=", userId)
    .executeTakeFirstOrThrow();
  return {
    userId: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    orgId: r.org_id,
    orgPath: r.path,
    unitId: r.unit_id,
  };
}

const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
