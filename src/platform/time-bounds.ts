/**
 * Bounds on times a client supplies (an AVL report's `at`, a status fix, an incident's
 * `receivedAt`). A stored time far ahead of the clock freezes whatever compares against it (a unit
 * whose position never updates again), and one far behind poisons every figure measured from it
 * (call processing of a century). So a client's time may run a little ahead of the server's clock
 * (its own clock's skew) and lie some hours behind (a phone catching up after a dead zone, a call
 * entered after the fact), and no further.
 */
import type { Clock } from "./clock.ts";
import { problems } from "./problem.ts";

/** How far a client's clock may run ahead of the server's. */
export const CLOCK_SKEW_S = 30;
/** How far back a client-supplied time may lie. */
export const MAX_AGE_H = 24;

/**
 * The time as stored (UTC ISO-8601, so it compares with the others as text), or the clock's now
 * when the client sent none; a 400 naming `field` when it is not a time or lies out of bounds.
 */
export function clientTime(clock: Clock, field: string, value: string | null | undefined): string {
  const now = clock.now().getTime();
  if (value === undefined || value === null) return new Date(now).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw problems.validation(field, "not an ISO-8601 time", "不是有效的时间");
  if (t > now + CLOCK_SKEW_S * 1000 || t < now - MAX_AGE_H * 3600_000) {
    throw problems.validation(
      field,
      `must lie between ${MAX_AGE_H} h before and ${CLOCK_SKEW_S} s after the server's time`,
      `须在服务器时间之前 ${MAX_AGE_H} 小时至之后 ${CLOCK_SKEW_S} 秒之内`,
    );
  }
  return new Date(t).toISOString();
}

/** The latest time a stored client time may legitimately carry now; anything later came from a bad clock. */
export function latestPlausible(clock: Clock): string {
  return new Date(clock.now().getTime() + CLOCK_SKEW_S * 1000).toISOString();
}
