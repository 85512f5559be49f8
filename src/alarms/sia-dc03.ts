/**
 * SIA DC-03 event data as carried in a DC-09 "SIA-DCS" data block, e.g.
 *
 *   #1234|Nri1/BA01/BA02        two burglary alarms, zones 1 and 2, area 1
 *   #1234|Nid3/ri2/OP3          opening by user 3 in area 2
 *   #1234|NRR|Atext             power-up, with an ASCII text block
 *   |Nri1CL0^front door^        text between carets, no '/' before the code
 *
 * Blocks are separated by '|' and start with a function character: '#' account, 'N' new events,
 * 'O' old (previously reported) events, 'A' ASCII text. Inside an event block, lower-case pairs
 * are modifiers (ri area, id user, ti time, …) that apply to the events after them; an upper-case
 * pair is an event code followed by its address digits and optional ^text^. '/' separates items.
 */
import { makeAlarmEvent } from "./alarm-event.ts";
import { Dc09Error } from "./dc09-errors.ts";
import type { AlarmEvent } from "./model.ts";

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

export interface SiaData {
  /** The account from a leading '#' block, if present. */
  account: string | null;
  events: AlarmEvent[];
}

function fail(message: string): never {
  throw new Dc09Error("payload", `SIA DC-03 ${message}`);
}

function parseEventBlock(block: string, out: AlarmEvent[]): void {
  const modifiers: Record<string, string> = {};
  let pos = 0;
  const n = block.length;
  while (pos < n) {
    const c = block.charCodeAt(pos);
    if (c === 0x2f /* / */ || c === 0x20) {
      pos++;
      continue;
    }
    const c2 = block.charCodeAt(pos + 1);
    if (isLower(c) && isLower(c2)) {
      const name = block.slice(pos, pos + 2);
      let end = pos + 2;
      // Modifier values are digits, plus ':' and '-' for times (ti12:00) and dates (da11-29).
      while (end < n) {
        const v = block.charCodeAt(end);
        if (!(isDigit(v) || v === 0x3a || v === 0x2d)) break;
        end++;
      }
      modifiers[name] = block.slice(pos + 2, end);
      pos = end;
      continue;
    }
    if (isUpper(c) && isUpper(c2)) {
      const code = block.slice(pos, pos + 2);
      let end = pos + 2;
      while (end < n && isDigit(block.charCodeAt(end))) end++;
      if (end - pos - 2 > 9) fail(`address after ${code} has more than 9 digits`);
      const address = block.slice(pos + 2, end);
      let text: string | null = null;
      if (block.charCodeAt(end) === 0x5e /* ^ */) {
        const close = block.indexOf("^", end + 1);
        text = block.slice(end + 1, close < 0 ? n : close);
        end = close < 0 ? n : close + 1;
      }
      out.push(makeAlarmEvent({ code, address, modifiers: Object.assign({}, modifiers), text }));
      pos = end;
      continue;
    }
    fail(`unexpected ${JSON.stringify(block.slice(pos, pos + 12))} in event block`);
  }
}

/** Decodes the data block of a SIA-DCS message. Throws Dc09Error("payload") when malformed. */
export function decodeSiaData(data: string): SiaData {
  let account: string | null = null;
  const events: AlarmEvent[] = [];
  let lastBlockStart = 0;
  for (const block of data.split("|")) {
    if (block.length === 0) continue;
    const f = block[0];
    if (f === "#") {
      account = block.slice(1);
      if (!/^[0-9A-Fa-f]{3,16}$/.test(account)) fail(`account block ${JSON.stringify(block.slice(0, 20))} is not 3-16 hex digits`);
    } else if (f === "N" || f === "O") {
      lastBlockStart = events.length;
      parseEventBlock(block.slice(1), events);
    } else if (f === "A") {
      // An ASCII block annotates the events just before it.
      for (let i = lastBlockStart; i < events.length; i++) if (events[i].text === null) events[i].text = block.slice(1);
    } else {
      fail(`unknown block function ${JSON.stringify(f)}`);
    }
  }
  return { account, events };
}

/** Builds a data block from events, the inverse of decodeSiaData for fixtures and clients. */
export function encodeSiaData(
  account: string | null,
  events: ReadonlyArray<{ code: string; address?: string; area?: string; user?: string; text?: string }>,
): string {
  let s = account ? `#${account}|N` : "N";
  let first = true;
  for (const e of events) {
    if (!first) s += "/";
    first = false;
    if (e.area !== undefined) s += `ri${e.area}/`;
    if (e.user !== undefined) s += `id${e.user}/`;
    s += e.code + (e.address ?? "");
    if (e.text !== undefined) s += `^${e.text}^`;
  }
  return s;
}
