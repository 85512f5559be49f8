/**
 * Every timestamp Lantern stores is ISO-8601 UTC text (`2026-11-29T03:00:00.000Z`), the same in
 * SQLite and PostgreSQL, so rows sort and compare as strings and read the same in both.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock = systemClock): string {
  return clock.now().toISOString();
}

export function secondsBetween(fromIso: string | null | undefined, toIso: string | null | undefined): number | null {
  if (!fromIso || !toIso) return null;
  return (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
}
