/**
 * The bulk-import CSV: one row per device, with its site's columns repeated (a spreadsheet a
 * property company can fill in). A row with an empty device_id declares a site without devices.
 * Later rows of a site may leave the site columns empty; when they fill them they must agree.
 * Every problem is reported with its line number; nothing is half-parsed.
 */
import { parse } from "csv-parse/sync";
import { Problem } from "../platform/problem.ts";
import { type Contact, DEVICE_TYPES, type DeviceType, ID_PATTERN, SITE_TYPES, type SiteType } from "./model.ts";
import { checkDevice } from "./registry.ts";
import type { NewDevice, NewSite } from "./schemas.ts";

export const CSV_COLUMNS = [
  "site_id",
  "site_name",
  "site_type",
  "lat",
  "lon",
  "address",
  "guard_name",
  "guard_phone",
  "grid_worker_name",
  "grid_worker_phone",
  "device_id",
  "device_type",
  "device_name",
  "device_location",
  "heartbeat_s",
  "dc09_account",
  "dc09_key_hex",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED: CsvColumn[] = ["site_id", "site_name", "site_type", "lat", "lon"];

export interface CsvError {
  line: number;
  column?: string;
  message: string;
}

export interface ParsedSitesCsv {
  sites: (NewSite & { id: string; line: number })[];
  devices: (NewDevice & { id: string; siteId: string; line: number })[];
  errors: CsvError[];
  rows: number;
}

const SITE_FIELDS: CsvColumn[] = ["site_name", "site_type", "lat", "lon", "address"];

function problemText(err: unknown): { column?: string; message: string } {
  if (err instanceof Problem) {
    const reason = (err.params.reason as string) ?? (err.params.code ? `unknown ${err.params.what}: ${err.params.code}` : err.code);
    return { column: err.extra.field, message: reason };
  }
  return { message: (err as Error).message };
}

export function parseSitesCsv(text: string): ParsedSitesCsv {
  const out: ParsedSitesCsv = { sites: [], devices: [], errors: [], rows: 0 };
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true }) as never;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    out.errors.push({ line: e.lines ?? 1, message: `not valid CSV: ${e.message}` });
    return out;
  }
  if (!records.length) {
    out.errors.push({ line: 1, message: "empty file: expected a header row" });
    return out;
  }
  const header = records[0].record.map((h) => h.toLowerCase());
  const headerLine = records[0].info.lines;
  for (const h of header)
    if (!(CSV_COLUMNS as readonly string[]).includes(h))
      out.errors.push({ line: headerLine, column: h, message: `unknown column "${h}"; columns are ${CSV_COLUMNS.join(", ")}` });
  for (const r of REQUIRED) if (!header.includes(r)) out.errors.push({ line: headerLine, column: r, message: `missing column "${r}"` });
  if (new Set(header).size !== header.length) out.errors.push({ line: headerLine, message: "a column appears twice" });
  if (out.errors.length) return out;

  const sites = new Map<string, NewSite & { id: string; line: number; fields: Partial<Record<CsvColumn, string>> }>();
  const deviceLines = new Map<string, number>();
  const accounts = new Map<string, number>();
  for (const { record, raw, info } of records.slice(1)) {
    // info.lines is where the record ends; a quoted field may span lines, so count back to its start.
    // (raw also holds the skipped blank lines before it and its own line ending: not part of the span).
    let line = info.lines;
    const span = raw.replace(/^[\r\n]+/, "").replace(/[\r\n]+$/, "");
    for (let i = 0; i < span.length; i++) if (span.charCodeAt(i) === 10) line--;
    out.rows++;
    if (record.length !== header.length) {
      out.errors.push({ line, message: `${record.length} fields, the header has ${header.length}` });
      continue;
    }
    const row = Object.fromEntries(header.map((h, i) => [h, record[i]])) as Partial<Record<CsvColumn, string>>;
    const err = (column: string, message: string) => out.errors.push({ line, column, message });
    const siteId = row.site_id ?? "";
    if (!ID_PATTERN.test(siteId)) {
      err("site_id", "letters, digits, '_', '.', '-' (max 64), starting with a letter or digit");
      continue;
    }
    const contacts: Contact[] = [];
    let contactErrors = 0;
    for (const role of ["guard", "grid_worker"] as const) {
      const name = row[`${role}_name`] ?? "";
      const phone = row[`${role}_phone`] ?? "";
      if (!name && !phone) continue;
      if (!name) err(`${role}_name`, "a name is required with the phone number");
      if (!/^[0-9+\-() ]{3,32}$/.test(phone)) err(`${role}_phone`, "digits, + - ( ) and spaces, 3-32 characters");
      if (!name || !/^[0-9+\-() ]{3,32}$/.test(phone)) contactErrors++;
      else contacts.push({ role, name, phone });
    }
    if (contactErrors) continue;
    let site = sites.get(siteId);
    if (!site) {
      const lat = Number(row.lat);
      const lon = Number(row.lon);
      const problems: [string, string][] = [];
      if (!row.site_name) problems.push(["site_name", "a name is required"]);
      if (!SITE_TYPES.includes(row.site_type as SiteType)) problems.push(["site_type", `one of ${SITE_TYPES.join(", ")}`]);
      if (!row.lat || !Number.isFinite(lat) || lat < -90 || lat > 90) problems.push(["lat", "a latitude, -90 to 90"]);
      if (!row.lon || !Number.isFinite(lon) || lon < -180 || lon > 180) problems.push(["lon", "a longitude, -180 to 180"]);
      if ((row.address ?? "").length > 300) problems.push(["address", "at most 300 characters"]);
      if (problems.length) {
        for (const [c, m] of problems) err(c, m);
        continue;
      }
      site = {
        id: siteId,
        line,
        name: row.site_name!,
        type: row.site_type as SiteType,
        location: { lat, lon, address: row.address || null },
        contacts: [],
        fields: Object.fromEntries(SITE_FIELDS.map((f) => [f, row[f] ?? ""])),
      };
      sites.set(siteId, site);
    } else {
      let clash = false;
      for (const f of SITE_FIELDS) {
        const v = row[f] ?? "";
        if (v !== "" && v !== site.fields[f]) {
          err(f, `site ${siteId} has ${f} "${site.fields[f]}" on line ${site.line}`);
          clash = true;
        }
      }
      if (clash) continue;
    }
    for (const c of contacts)
      if (!site.contacts!.some((k) => k.role === c.role && k.name === c.name && k.phone === c.phone)) site.contacts!.push(c);

    const deviceId = row.device_id ?? "";
    if (!deviceId) {
      if (row.device_type || row.device_name) err("device_id", "a device needs an id");
      continue;
    }
    const hb = row.heartbeat_s ? Number(row.heartbeat_s) : undefined;
    const device: NewDevice & { id: string; siteId: string; line: number } = {
      id: deviceId,
      siteId,
      line,
      type: row.device_type as DeviceType,
      name: row.device_name || deviceId,
      location: row.device_location || null,
      heartbeatS: hb,
      dc09Account: row.dc09_account || null,
      dc09KeyHex: row.dc09_key_hex || null,
    };
    if (!DEVICE_TYPES.includes(device.type)) {
      err("device_type", `one of ${DEVICE_TYPES.join(", ")}`);
      continue;
    }
    try {
      checkDevice(device);
    } catch (e) {
      const p = problemText(e);
      const col =
        { id: "device_id", heartbeatS: "heartbeat_s", dc09Account: "dc09_account", dc09KeyHex: "dc09_key_hex", name: "device_name" }[
          p.column ?? ""
        ] ??
        p.column ??
        "device";
      err(col, p.message);
      continue;
    }
    const seen = deviceLines.get(deviceId);
    if (seen) {
      err("device_id", `device ${deviceId} is already on line ${seen}`);
      continue;
    }
    if (device.dc09Account) {
      const acct = device.dc09Account.toUpperCase();
      const other = accounts.get(acct);
      if (other) {
        err("dc09_account", `account ${acct} is already on line ${other}`);
        continue;
      }
      accounts.set(acct, line);
    }
    deviceLines.set(deviceId, line);
    out.devices.push(device);
  }
  out.sites = [...sites.values()].map(({ fields: _f, ...s }) => s);
  return out;
}

/** Quotes a field when it needs it (RFC 4180). */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;
}
