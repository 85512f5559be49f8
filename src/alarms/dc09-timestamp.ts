/**
 * The DC-09 timestamp `_HH:MM:SS,MM-DD-YYYY`, always UTC. Encrypted messages must carry one;
 * it is what the receiver checks against its replay window.
 */
import { Dc09Error } from "./dc09-errors.ts";

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** Formats epoch milliseconds as the 20-character `_HH:MM:SS,MM-DD-YYYY`. */
export function formatDc09Timestamp(ms: number): string {
  const d = new Date(ms);
  return `_${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())},${pad2(
    d.getUTCMonth() + 1,
  )}-${pad2(d.getUTCDate())}-${d.getUTCFullYear()}`;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses `_HH:MM:SS,MM-DD-YYYY` (with the leading underscore) into epoch milliseconds.
 * Rejects impossible values (hour 25, 31 February) instead of letting Date roll them over.
 */
export function parseDc09Timestamp(text: string): number {
  if (
    text.length !== 20 ||
    text[0] !== "_" ||
    text[3] !== ":" ||
    text[6] !== ":" ||
    text[9] !== "," ||
    text[12] !== "-" ||
    text[15] !== "-"
  ) {
    throw new Dc09Error("timestamp", `expected _HH:MM:SS,MM-DD-YYYY, got ${JSON.stringify(text.slice(0, 32))}`);
  }
  const hh = digits(text, 1, 2);
  const mi = digits(text, 4, 2);
  const ss = digits(text, 7, 2);
  const mo = digits(text, 10, 2);
  const dd = digits(text, 13, 2);
  const yyyy = digits(text, 16, 4);
  if (hh < 0 || mi < 0 || ss < 0 || mo < 0 || dd < 0 || yyyy < 0) {
    throw new Dc09Error("timestamp", `non-digit in ${JSON.stringify(text)}`);
  }
  if (hh > 23 || mi > 59 || ss > 59 || mo < 1 || mo > 12 || dd < 1 || yyyy < 1970) {
    throw new Dc09Error("timestamp", `value out of range in ${JSON.stringify(text)}`);
  }
  const ms = Date.UTC(yyyy, mo - 1, dd, hh, mi, ss);
  if (new Date(ms).getUTCDate() !== dd) throw new Dc09Error("timestamp", `no such date in ${JSON.stringify(text)}`);
  return ms;
}
