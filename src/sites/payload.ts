/**
 * MQTT topics and payloads of site devices, checked by hand (no schema library on the hot path).
 * Unknown payload fields are tolerated and kept in the raw signal: gateway firmware adds fields
 * over the years, and refusing them would turn an upgrade into lost alarms.
 */

export const TOPIC_PREFIX = "lantern/sites/";
export const EVENTS_FILTER = "lantern/sites/+/devices/+/events";
export const HEARTBEAT_FILTER = "lantern/sites/+/devices/+/heartbeat";

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface ParsedTopic {
  siteId: string;
  deviceId: string;
  channel: "events" | "heartbeat";
}

/** `lantern/sites/{siteId}/devices/{deviceId}/events|heartbeat`, or null. */
export function parseTopic(topic: string): ParsedTopic | null {
  if (!topic.startsWith(TOPIC_PREFIX)) return null;
  const parts = topic.split("/");
  if (parts.length !== 6 || parts[3] !== "devices") return null;
  const [, , siteId, , deviceId, channel] = parts;
  if (!ID.test(siteId) || !ID.test(deviceId)) return null;
  if (channel !== "events" && channel !== "heartbeat") return null;
  return { siteId, deviceId, channel };
}

const PREFIX_BYTES = Buffer.from(TOPIC_PREFIX, "latin1");
const DEVICES_BYTES = Buffer.from("/devices/", "latin1");
const HEARTBEAT_BYTES = Buffer.from("/heartbeat", "latin1");

function idOk(b: Buffer, from: number, to: number): boolean {
  const n = to - from;
  if (n < 1 || n > 64) return false;
  for (let i = from; i < to; i++) {
    const c = b[i];
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && (i === from || (c !== 95 && c !== 46 && c !== 45))) return false;
  }
  return true;
}

/**
 * The heartbeat hot path's parseTopic: straight from the topic bytes, writing the two ids into
 * `out` (no split array, no topic string). Same answer as parseTopic for heartbeat topics.
 */
export function heartbeatTopicIds(topic: Buffer, out: { siteId: string; deviceId: string }): boolean {
  const n = topic.length;
  if (n <= PREFIX_BYTES.length + DEVICES_BYTES.length + HEARTBEAT_BYTES.length) return false;
  if (topic.compare(PREFIX_BYTES, 0, PREFIX_BYTES.length, 0, PREFIX_BYTES.length) !== 0) return false;
  const siteStart = PREFIX_BYTES.length;
  const siteEnd = topic.indexOf(47, siteStart); // '/'
  if (siteEnd < 0 || !idOk(topic, siteStart, siteEnd)) return false;
  if (topic.compare(DEVICES_BYTES, 0, DEVICES_BYTES.length, siteEnd, siteEnd + DEVICES_BYTES.length) !== 0) return false;
  const devStart = siteEnd + DEVICES_BYTES.length;
  const devEnd = n - HEARTBEAT_BYTES.length;
  if (devEnd <= devStart || topic.compare(HEARTBEAT_BYTES, 0, HEARTBEAT_BYTES.length, devEnd, n) !== 0) return false;
  if (!idOk(topic, devStart, devEnd)) return false;
  out.siteId = topic.toString("latin1", siteStart, siteEnd);
  out.deviceId = topic.toString("latin1", devStart, devEnd);
  return true;
}

export const EVENT_KINDS = ["alarm", "restore", "status", "test", "fault"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface DeviceEventPayload {
  /** The device's own id for this event; the dedupe key when present. */
  id?: string;
  at: string;
  event: EventKind;
  /** Optional SIA code or event name that overrides the device type's meaning (`smoke`, `BA`, `tamper`). */
  code?: string;
  zone?: string | number;
  user?: string | number;
  value?: number;
  note?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function checkTime(at: unknown, nowMs: number, futureToleranceMs: number, field: string): string | null {
  if (typeof at !== "string" || !ISO.test(at) || Number.isNaN(Date.parse(at))) return `${field}: not an ISO-8601 time with a zone`;
  if (Date.parse(at) > nowMs + futureToleranceMs)
    return `${field}: ${at} is more than ${Math.round(futureToleranceMs / 1000)} s in the future`;
  return null;
}

function parseObject(text: string): Checked<Record<string, unknown>> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { ok: false, reason: "not a JSON object" };
  return { ok: true, value: v as Record<string, unknown> };
}

const MAX_PAYLOAD = 16 * 1024;

/**
 * The limit is in bytes as they came off the wire: a string's length counts UTF-16 units, so a
 * Chinese payload (3 bytes a character) would pass at three times the limit. Give the raw payload
 * when there is one; a string is measured as UTF-8.
 */
export function checkEventPayload(payload: Uint8Array | string, nowMs: number, futureToleranceMs: number): Checked<DeviceEventPayload> {
  const bytes = typeof payload === "string" ? Buffer.byteLength(payload, "utf8") : payload.byteLength;
  if (bytes > MAX_PAYLOAD) return { ok: false, reason: `payload larger than ${MAX_PAYLOAD} bytes` };
  const text = typeof payload === "string" ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8");
  const o = parseObject(text);
  if (!o.ok) return o;
  const v = o.value;
  if (v.id !== undefined && (typeof v.id !== "string" || v.id.length < 1 || v.id.length > 128))
    return { ok: false, reason: "id: a string of 1-128 characters" };
  const t = checkTime(v.at, nowMs, futureToleranceMs, "at");
  if (t) return { ok: false, reason: t };
  if (typeof v.event !== "string" || !EVENT_KINDS.includes(v.event as EventKind))
    return { ok: false, reason: `event: one of ${EVENT_KINDS.join(", ")}` };
  if (v.code !== undefined && (typeof v.code !== "string" || !/^[A-Za-z0-9_]{1,32}$/.test(v.code)))
    return { ok: false, reason: "code: 1-32 letters, digits or '_'" };
  for (const k of ["zone", "user"] as const) {
    const z = v[k];
    if (
      z !== undefined &&
      z !== null &&
      !(typeof z === "string" && z.length <= 16) &&
      !(typeof z === "number" && Number.isInteger(z) && z >= 0)
    ) {
      return { ok: false, reason: `${k}: a whole number or a short string` };
    }
  }
  if (v.value !== undefined && (typeof v.value !== "number" || !Number.isFinite(v.value))) return { ok: false, reason: "value: a number" };
  if (v.note !== undefined && (typeof v.note !== "string" || v.note.length > 500))
    return { ok: false, reason: "note: a string of at most 500 characters" };
  return {
    ok: true,
    value: {
      ...(v.id !== undefined ? { id: v.id as string } : {}),
      at: v.at as string,
      event: v.event as EventKind,
      ...(v.code !== undefined ? { code: v.code as string } : {}),
      ...(v.zone != null ? { zone: v.zone as string | number } : {}),
      ...(v.user != null ? { user: v.user as string | number } : {}),
      ...(v.value !== undefined ? { value: v.value as number } : {}),
      ...(v.note !== undefined ? { note: v.note as string } : {}),
    },
  };
}

/**
 * A heartbeat may be empty (the cheapest form, and the common one) or a JSON object whose optional
 * `at` is checked like an event's. Other fields (battery, rssi …) are tolerated.
 */
export function checkHeartbeatPayload(buf: Uint8Array, nowMs: number, futureToleranceMs: number): string | null {
  if (buf.length === 0) return null;
  if (buf.length > 4096) return "heartbeat payload larger than 4096 bytes";
  const o = parseObject(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("utf8"));
  if (!o.ok) return o.reason;
  if (o.value.at !== undefined) return checkTime(o.value.at, nowMs, futureToleranceMs, "at");
  return null;
}

/** What the event means for handleAlarmSignal: SIA-style qualifier and code. */
export function eventToSignal(p: DeviceEventPayload, deviceType: string): { eventCode: string; qualifier: "new" | "restore" | "status" } {
  switch (p.event) {
    case "alarm":
      return { eventCode: p.code ?? deviceType, qualifier: "new" };
    case "restore":
      return { eventCode: p.code ?? deviceType, qualifier: "restore" };
    case "test":
      return { eventCode: "test", qualifier: "status" };
    case "fault":
      return { eventCode: "fault", qualifier: "status" };
    default:
      return { eventCode: p.code ?? deviceType, qualifier: "status" };
  }
}
