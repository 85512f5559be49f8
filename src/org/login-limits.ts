/**
 * The per-account lock-out of sign-ins, kept in the database so that every process sharing it
 * counts the same attempts.
 *
 * - An attempt is counted before its password is checked, so guesses sent in parallel (to one
 *   process or several) are counted too: no more than MAX_FAILURES are ever checked per window.
 * - MAX_FAILURES failed attempts within FAILURE_WINDOW_MS lock the user name for LOCK_BASE_MS;
 *   each further lock-out in a row doubles that, up to LOCK_MAX_MS. A successful sign-in (or an
 *   administrator) clears the count and the back-off; so does a day without attempts.
 * - While locked every attempt is refused, the right password too, without hashing anything.
 * - User names are counted as typed, known or not, so a lock-out tells nobody which names exist.
 */
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import { Problem } from "../platform/problem.ts";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_BASE_MS = 15 * 60_000;
export const LOCK_MAX_MS = 4 * 3600_000;
/** A user name with no attempt for this long starts afresh (and its row may be purged). */
export const FORGET_AFTER_MS = 24 * 3600_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The refusal while a user name is locked: 429 with the seconds to wait. */
export function lockedProblem(lockedUntil: string, nowMs: number): Problem {
  const retryAfterS = Math.max(1, Math.ceil((Date.parse(lockedUntil) - nowMs) / 1000));
  return new Problem(429, "login_locked", { minutes: Math.ceil(retryAfterS / 60) }, { retryAfterS });
}

/** How long the next lock-out lasts after `lockouts` lock-outs in a row. */
export function lockDurationMs(lockouts: number): number {
  return Math.min(LOCK_MAX_MS, LOCK_BASE_MS * 2 ** Math.min(lockouts, 16));
}

export interface Admission {
  /** This attempt's number in the current window. */
  attempt: number;
  lockouts: number;
}

/**
 * Counts one attempt for `username`, or refuses it (throws `login_locked`) when the name is
 * locked or this attempt is one more than a window allows. One upsert, so concurrent attempts
 * from any process each get their own number.
 */
export async function admitAttempt(ctx: AppContext, username: string): Promise<Admission> {
  const nowMs = ctx.clock.now().getTime();
  const now = iso(nowMs);
  const locked = sql<boolean>`login_attempts.locked_until > ${now}`;
  const unlocked = sql<boolean>`(login_attempts.locked_until is null or login_attempts.locked_until <= ${now})`;
  // A window that has run out, or a lock-out that has ended, starts a new count.
  const fresh = sql<boolean>`(login_attempts.window_started_at <= ${iso(nowMs - FAILURE_WINDOW_MS)} or login_attempts.locked_until is not null)`;
  const forgotten = sql<boolean>`login_attempts.last_attempt_at <= ${iso(nowMs - FORGET_AFTER_MS)}`;
  const row = await ctx.db
    .insertInto("login_attempts")
    .values({ username, attempts: 1, window_started_at: now, locked_until: null, lockouts: 0, last_attempt_at: now })
    .onConflict((oc) =>
      oc.column("username").doUpdateSet({
        attempts: sql<number>`case when ${locked} then login_attempts.attempts when ${fresh} then 1 else login_attempts.attempts + 1 end`,
        window_started_at: sql<string>`case when ${locked} then login_attempts.window_started_at when ${fresh} then ${now} else login_attempts.window_started_at end`,
        locked_until: sql<string | null>`case when ${locked} then login_attempts.locked_until else null end`,
        lockouts: sql<number>`case when ${unlocked} and ${forgotten} then 0 else login_attempts.lockouts end`,
        last_attempt_at: now,
      }),
    )
    .returning(["attempts", "locked_until", "lockouts"])
    .executeTakeFirstOrThrow();
  if (row.locked_until && row.locked_until > now) throw lockedProblem(row.locked_until, nowMs);
  if (row.attempts > MAX_FAILURES) throw await lockOut(ctx, username, row.lockouts);
  return { attempt: row.attempts, lockouts: row.lockouts };
}

/**
 * After a wrong password: the last attempt a window allows locks the name. Returns the problem to
 * answer with (the lock-out, or null while attempts remain).
 */
export async function recordFailure(ctx: AppContext, username: string, admission: Admission): Promise<Problem | null> {
  await purgeForgotten(ctx);
  if (admission.attempt < MAX_FAILURES) return null;
  return lockOut(ctx, username, admission.lockouts);
}

/**
 * Locks the name, unless another attempt has locked it meanwhile (then that lock-out stands).
 * The row's lock-out count is the condition, so of two concurrent lockers exactly one wins.
 */
async function lockOut(ctx: AppContext, username: string, lockouts: number): Promise<Problem> {
  const nowMs = ctx.clock.now().getTime();
  const now = iso(nowMs);
  const until = iso(nowMs + lockDurationMs(lockouts));
  await ctx.db
    .updateTable("login_attempts")
    .set({ locked_until: until, lockouts: lockouts + 1, attempts: 0, window_started_at: now })
    .where("username", "=", username)
    .where("lockouts", "=", lockouts)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .execute();
  const row = await ctx.db.selectFrom("login_attempts").select("locked_until").where("username", "=", username).executeTakeFirst();
  return lockedProblem(row?.locked_until && row.locked_until > now ? row.locked_until : until, nowMs);
}

/** A successful sign-in, or an administrator, clears the count and the back-off. */
export async function clearAttempts(ctx: AppContext, username: string): Promise<void> {
  await ctx.db.deleteFrom("login_attempts").where("username", "=", username).execute();
}

/** Names tried once and never again would pile up: rows idle for a day and not locked go. */
async function purgeForgotten(ctx: AppContext): Promise<void> {
  const nowMs = ctx.clock.now().getTime();
  await ctx.db
    .deleteFrom("login_attempts")
    .where("last_attempt_at", "<=", iso(nowMs - FORGET_AFTER_MS))
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", iso(nowMs))]))
    .execute();
}
