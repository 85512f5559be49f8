/**
 * Ademco Contact ID (SIA DC-05).
 *
 * Inside a DC-09 "ADM-CID" data block the event travels as `Q XYZ GG CCC` written `QXYZ GG CCC`,
 * e.g. `#1234|1130 01 015` = new burglary (130), partition 01, zone 015. Over a telephone line the
 * same fields form a 16-digit message `ACCT MT Q XYZ GG CCC S` with a checksum digit S, which
 * `parseContactIdMessage` and `buildContactIdMessage` handle for gateways that forward it raw.
 */
import { makeAlarmEvent } from "./alarm-event.ts";
import { contactIdToSia } from "./codes.ts";
import { Dc09Error } from "./dc09-errors.ts";
import type { AlarmEvent, ContactIdFields } from "./model.ts";

const isDigit = (c: number) => c >= 48 && c <= 57;

function fail(message: string): never {
  throw new Dc09Error("payload", `Contact ID ${message}`);
}

function qualifierOf(ch: string): 1 | 3 | 6 {
  if (ch === "1") return 1;
  if (ch === "3") return 3;
  if (ch === "6") return 6;
  return fail(`qualifier must be 1, 3 or 6, got ${JSON.stringify(ch)}`);
}

/** Turns Contact ID fields into an event; the CCC field is a user for open/close codes, else a zone. */
export function contactIdEvent(fields: ContactIdFields): AlarmEvent {
  const code = contactIdToSia(fields.qualifier, fields.event) ?? null;
  return makeAlarmEvent({
    code,
    address: fields.zoneOrUser,
    partition: fields.partition,
    contactId: fields,
  });
}

export interface ContactIdData {
  account: string | null;
  events: AlarmEvent[];
}

/** Decodes the data block of an ADM-CID message: `[#acct|]QXYZ GG CCC`. */
export function decodeContactIdData(data: string): ContactIdData {
  let account: string | null = null;
  let body = data;
  const bar = data.indexOf("|");
  if (bar >= 0) {
    const head = data.slice(0, bar);
    if (head.length > 0) {
      if (!/^#[0-9A-Fa-f]{3,16}$/.test(head)) fail(`account block ${JSON.stringify(head.slice(0, 20))} is not '#' and 3-16 hex digits`);
      account = head.slice(1);
    }
    body = data.slice(bar + 1);
  }
  if (body.length !== 11 || body[4] !== " " || body[7] !== " ") {
    fail(`event must be 'QXYZ GG CCC', got ${JSON.stringify(body.slice(0, 20))}`);
  }
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 10]) {
    if (!isDigit(body.charCodeAt(i))) fail(`non-digit in ${JSON.stringify(body)}`);
  }
  const fields: ContactIdFields = {
    qualifier: qualifierOf(body[0]),
    event: body.slice(1, 4),
    partition: body.slice(5, 7),
    zoneOrUser: body.slice(8, 11),
  };
  return { account, events: [contactIdEvent(fields)] };
}

/** Builds the `[#acct|]QXYZ GG CCC` data block. */
export function encodeContactIdData(account: string | null, f: ContactIdFields): string {
  if (!/^[0-9]{3}$/.test(f.event) || !/^[0-9]{2}$/.test(f.partition) || !/^[0-9]{3}$/.test(f.zoneOrUser)) {
    fail("event must be 3 digits, partition 2 digits, zone/user 3 digits");
  }
  return `${account ? `#${account}|` : ""}${f.qualifier}${f.event} ${f.partition} ${f.zoneOrUser}`;
}

// --- The 16-digit DC-05 message ---------------------------------------------------------------

/** DC-05 digit values: 0 counts as 10; B-F (used in account numbers) count as 11-15. */
function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c === 48) return 10;
  if (c >= 49 && c <= 57) return c - 48;
  if (c >= 66 && c <= 70) return c - 55;
  return -1;
}

/**
 * The checksum digit for the first 15 digits: the total of all 16 values must be a multiple of 15.
 * A needed value of 10 is sent as '0'; a needed value of 15 (or 0) is sent as 'F'.
 */
export function contactIdChecksum(first15: string): string {
  if (first15.length !== 15) fail(`checksum needs 15 digits, got ${first15.length}`);
  let sum = 0;
  for (const ch of first15) {
    const v = digitValue(ch);
    if (v < 0) fail(`invalid digit ${JSON.stringify(ch)}`);
    sum += v;
  }
  const need = (15 - (sum % 15)) % 15;
  if (need === 0) return "F";
  if (need === 10) return "0";
  return need.toString(16).toUpperCase();
}

export interface ContactIdMessage extends ContactIdFields {
  account: string;
  /** Message type: 18 (or 98) for Contact ID. */
  messageType: string;
}

/** Parses and checks a 16-digit `ACCT MT Q XYZ GG CCC S` message. */
export function parseContactIdMessage(message: string): ContactIdMessage {
  if (message.length !== 16) fail(`message must be 16 digits, got ${message.length}`);
  const m = message.toUpperCase();
  if (!/^[0-9B-F]{4}[0-9]{11}[0-9B-F]$/.test(m)) {
    fail(`message ${JSON.stringify(message)} has invalid digits`);
  }
  let sum = 0;
  for (const ch of m) sum += digitValue(ch);
  if (sum % 15 !== 0) fail(`checksum digit ${m[15]} is wrong for ${m.slice(0, 15)}`);
  return {
    account: m.slice(0, 4),
    messageType: m.slice(4, 6),
    qualifier: qualifierOf(m[6]),
    event: m.slice(7, 10),
    partition: m.slice(10, 12),
    zoneOrUser: m.slice(12, 15),
  };
}

/** Builds a 16-digit message with its checksum; rejects event fields that are not decimal. */
export function buildContactIdMessage(f: {
  account: string;
  messageType?: string;
  qualifier: number | string;
  event: string;
  partition: string;
  zoneOrUser: string;
}): string {
  const mt = f.messageType ?? "18";
  if (!/^[0-9B-F]{4}$/.test(f.account)) fail(`account ${JSON.stringify(f.account)} must be 4 digits 0-9/B-F`);
  if (!/^[0-9]{2}$/.test(mt)) fail(`message type ${JSON.stringify(mt)} must be 2 digits`);
  const q = String(f.qualifier);
  if (!/^[0-9]$/.test(q)) fail(`qualifier ${JSON.stringify(q)} must be one digit`);
  if (!/^[0-9]{3}$/.test(f.event)) fail(`event ${JSON.stringify(f.event)} must be 3 decimal digits`);
  if (!/^[0-9]{2}$/.test(f.partition)) fail(`partition ${JSON.stringify(f.partition)} must be 2 decimal digits`);
  if (!/^[0-9]{3}$/.test(f.zoneOrUser)) fail(`zone/user ${JSON.stringify(f.zoneOrUser)} must be 3 decimal digits`);
  const first15 = `${f.account}${mt}${q}${f.event}${f.partition}${f.zoneOrUser}`;
  return first15 + contactIdChecksum(first15);
}
