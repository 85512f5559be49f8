/**
 * What an administrator (user:admin) does to an account within their org subtree: deactivate it
 * (its sessions end with it), re-activate it, end all its sessions, clear its sign-in lock-out.
 */
import type { AppContext } from "../context.ts";
import { problems } from "../platform/problem.ts";
import { clearAttempts } from "./login-limits.ts";
import { type Actor, inScope } from "./model.ts";
import type { AccountView, SessionsEnded } from "./schemas.ts";
import { announceSessionsEnded } from "./sessions.ts";

export type AccountState = AccountView;

/** The user, if it exists and lies in the admin's subtree. */
async function userInScope(ctx: AppContext, admin: Actor, userId: string) {
  const user = await ctx.db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.username", "users.active", "orgs.path"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!user) throw problems.notFound("user", userId);
  if (!inScope(admin, user.path)) throw problems.outOfScope("user");
  return user;
}

/** Deactivates the user and ends every session of theirs in the same transaction. */
export async function deactivateUser(ctx: AppContext, admin: Actor, userId: string): Promise<AccountState> {
  const user = await userInScope(ctx, admin, userId);
  // The last administrator of a subtree could otherwise lock everyone out of it.
  if (user.id === admin.userId) throw problems.conflict("you cannot deactivate your own account", "不能停用自己的账号", "id");
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable("users").set({ active: 0 }).where("id", "=", user.id).execute();
    await tx.deleteFrom("sessions").where("user_id", "=", user.id).execute();
  });
  announceSessionsEnded(ctx, { userId: user.id, orgPath: user.path }, admin.userId);
  return { id: user.id, username: user.username, active: false };
}

export async function activateUser(ctx: AppContext, admin: Actor, userId: string): Promise<AccountState> {
  const user = await userInScope(ctx, admin, userId);
  await ctx.db.updateTable("users").set({ active: 1 }).where("id", "=", user.id).execute();
  return { id: user.id, username: user.username, active: true };
}

/** Ends every session of the user (signed out everywhere); the account stays active. */
export async function revokeSessions(ctx: AppContext, admin: Actor, userId: string): Promise<SessionsEnded> {
  const user = await userInScope(ctx, admin, userId);
  const r = await ctx.db.deleteFrom("sessions").where("user_id", "=", user.id).executeTakeFirst();
  announceSessionsEnded(ctx, { userId: user.id, orgPath: user.path }, admin.userId);
  return { sessionsEnded: Number(r.numDeletedRows) };
}

/** Lifts a sign-in lock-out and forgets the failed attempts and the back-off. */
export async function clearLoginLock(ctx: AppContext, admin: Actor, userId: string): Promise<void> {
  const user = await userInScope(ctx, admin, userId);
  await clearAttempts(ctx, user.username);
}
