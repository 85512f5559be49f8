/**
 * Parses the timestamps found in call logs into epoch milliseconds. Only the order matters
 * for a time-based holdout, so local times are read as if they were UTC.
 */

const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  // Reject 31 February and friends instead of letting Date roll them over.
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? t : null;
}

function to24(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  if (h < 1 || h > 12) return 99;
  const pm = ampm.toLowerCase() === "pm";
  return (h % 12) + (pm ? 12 : 0);
}

/** ISO-8601 (with or without offset), "YYYY-MM-DD HH:MM[:SS]", "MM/DD/YYYY [hh:mm[:ss] [AM|PM]]", or epoch seconds/ms. */
export function parseTime(value: string): number | null {
  const v = value.trim();
  if (v === "") return null;
  if (/^\d{9,13}$/.test(v)) {
    const n = Number(v);
    return v.length <= 10 ? n * 1000 : n;
  }
  let m = ISO_LIKE.exec(v);
  if (m) {
    if (m[7]) {
      const t = Date.parse(v.replace(" ", "T"));
      return Number.isNaN(t) ? null : t;
    }
    return utc(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  }
  m = US.exec(v);
  if (m) return utc(+m[3], +m[1], +m[2], to24(+(m[4] ?? 0), m[7]), +(m[5] ?? 0), +(m[6] ?? 0));
  return null;
}

/** Milliseconds since midnight for "6:10:00 AM" or "18:10"; null if unreadable. */
export function parseClock(value: string): number | null {
  const m = CLOCK.exec(value.trim());
  if (!m) return null;
  const h = to24(+m[1], m[4]);
  const mi = +m[2];
  const s = +(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  return ((h * 60 + mi) * 60 + s) * 1000;
}
