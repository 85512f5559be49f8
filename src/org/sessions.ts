/**
 * Who is acting: sign-in, the sessions behind bearer tokens, and their end.
 *
 * A session is a random 256-bit token stored only as its SHA-256. It authenticates while it has
 * not expired and its user is active. Whatever ends sessions (logout, deactivation, revocation)
 * announces it on the bus after its commit (`announceSessionsEnded`), so the live stream closes
 * the sockets those sessions opened.
 */
import { createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { isoNow } from "../platform/clock.ts";
import type { TransientEvent } from "../platform/events.ts";
import { Problem } from "../platform/problem.ts";
import { SESSION_ENDED } from "../platform/stream.ts";
import { admitAttempt, clearAttempts, recordFailure } from "./login-limits.ts";
import type { Actor, Role } from "./model.ts";
import { verifyPassword } from "./password.ts";

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

// Verified when the user name is unknown, so the answer's timing does not reveal which names exist.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/**
 * Signs in. The lock-out is checked (and the attempt counted) before the password is hashed; the
 * per-address limit has run before this, in the route.
 */
export async function login(
  ctx: AppContext,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: string; actor: Actor }> {
  const admission = await admitAttempt(ctx, username);
  const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) throw (await recordFailure(ctx, username, admission)) ?? new Problem(401, "bad_credentials", {}, { field: "password" });
  await clearAttempts(ctx, username);
  // A deactivated user's right password is not a failed guess, but it signs nobody in.
  if (!user.active) throw new Problem(401, "bad_credentials", {}, { field: "password" });
  const token = randomBytes(32).toString("base64url");
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMs).toISOString();
  await ctx.db
    .insertInto("sessions")
    .values({ token_hash: tokenHash(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt, actor: await actorFor(ctx, user.id) };
}

/** Ends the one session `token` opened (the one the request was authenticated with). */
export async function logout(ctx: AppContext, token: string, actor: Actor): Promise<void> {
  const ended = await ctx.db.deleteFrom("sessions").where("token_hash", "=", tokenHash(token)).executeTakeFirst();
  if (Number(ended.numDeletedRows) > 0) announceSessionsEnded(ctx, { userId: actor.userId, orgPath: actor.orgPath }, actor.userId);
}

/**
 * Tells the live stream, after the commit that ended them, that sessions of a user are over: it
 * closes every socket of that user whose session no longer authenticates.
 */
export function announceSessionsEnded(ctx: AppContext, user: { userId: string; orgPath: string }, actorId: string): void {
  const event: TransientEvent = {
    seq: null,
    type: SESSION_ENDED,
    stream: "user",
    streamId: user.userId,
    orgPath: user.orgPath,
    actorId,
    at: isoNow(ctx.clock),
    data: { userId: user.userId },
  };
  ctx.bus.publish([event]);
}

/** The actor behind a bearer token, or null when the token is unknown, expired or its user inactive. */
export async function authenticate(ctx: AppContext, token: string): Promise<Actor | null> {
  const r = await actorQuery(ctx)
    .innerJoin("sessions", "sessions.user_id", "users.id")
    .where("sessions.token_hash", "=", tokenHash(token))
    .where("sessions.expires_at", ">", isoNow(ctx.clock))
    .where("users.active", "=", 1)
    .executeTakeFirst();
  return r ? toActor(r) : null;
}

export async function actorFor(ctx: AppContext, userId: string): Promise<Actor> {
  return toActor(await actorQuery(ctx).where("users.id", "=", userId).executeTakeFirstOrThrow());
}

const actorQuery = (ctx: AppContext) =>
  ctx.db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.username", "users.display_name", "users.role", "users.org_id", "users.unit_id", "orgs.path"]);

function toActor(r: {
  id: string;
  username: string;
  display_name: string;
  role: string;
  org_id: string;
  unit_id: string | null;
  path: string;
}): Actor {
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
