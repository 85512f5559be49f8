/**
 * Open311 GeoReport v2: the citizen channel. A posted request becomes an incident (channel
 * `app`) labelled from its service — valid, non-police, non-urgent, the service's category — and
 * goes through the same routing as a 110 call: usually a work order at the town centre.
 * Everything that can be refused is checked before anything is written. What a read shows is the
 * spec's public fields only, the citizen's text filtered (public-text.ts) and the status notes
 * fixed per state (public-status.ts).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { searchAddresses } from "../../addresses/service.ts";
import type { AppContext } from "../../context.ts";
import { categoryByCode, createIncident, loadIncidentRow, placeOf } from "../../incidents/service.ts";
import type { IncidentsTable } from "../../incidents/tables.ts";
import type { Actor } from "../../org/model.ts";
import { actorFor, getOrg } from "../../org/service.ts";
import { render } from "../../platform/messages.ts";
import { Problem } from "../../platform/problem.ts";
import type { WorkOrderStatus } from "../model.ts";
import { decideRoute, routeIncident } from "../routing/routing.ts";
import type { Open311RequestsTable, Open311ServicesTable, WorkOrdersTable } from "../tables.ts";
import { timerSettings } from "../work-orders/timers.ts";
import type { Open311Form } from "./form.ts";
import { statusNote, workOrderStatusNote } from "./public-status.ts";
import { publicText } from "./public-text.ts";
import type {
  Locale,
  Open311Attribute,
  Open311Request,
  Open311Service,
  PostResult,
  RequestsQuery,
  ServiceDefinition,
  TokenView,
} from "./schemas.ts";
import { open311Settings } from "./settings.ts";

/**
 * An Open311 error: rendered as `[{code, description}]` or `<errors><error>…`, never
 * problem+json; the description in English, or in Chinese for a reader who asks for it.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly descriptionZh: string,
  ) {
    super(description);
  }

  describe(locale: Locale): string {
    return locale === "zh-CN" ? this.descriptionZh : this.description;
  }
}

/** A platform problem (a refused text, a reused Idempotency-Key …) in Open311's form, with the spec's codes. */
export function open311ErrorOf(p: Problem): Open311Error {
  const status = p.status === 403 || p.status === 404 ? p.status : 400;
  return new Open311Error(status, render(p.code, p.params, "en"), render(p.code, p.params, "zh-CN"));
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export async function addApiKey(ctx: AppContext, k: { key: string; clientName: string; userId: string }): Promise<void> {
  if (k.key.length < 16) throw new Open311Error(400, "api_key must be at least 16 characters", "api_key 至少 16 个字符");
  await ctx.db
    .insertInto("open311_api_keys")
    .values({
      key_hash: hashApiKey(k.key),
      client_name: k.clientName,
      user_id: k.userId,
      active: 1,
      created_at: ctx.clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column("key_hash").doNothing())
    .execute();
}

function serviceJson(s: Open311ServicesTable, locale: Locale): Open311Service {
  const attributes = JSON.parse(s.attributes) as Open311Attribute[];
  return {
    service_code: s.service_code,
    service_name: locale === "en" ? s.name_en : s.name_zh,
    description: (locale === "en" ? s.description_en : s.description_zh) ?? null,
    metadata: attributes.length > 0,
    type: "realtime" as const,
    keywords: s.keywords,
    group: s.group_name,
  };
}

export async function listServices(ctx: AppContext, locale: Locale): Promise<Open311Service[]> {
  const rows = await ctx.db.selectFrom("open311_services").selectAll().where("active", "=", 1).orderBy("service_code").execute();
  return rows.map((s) => serviceJson(s, locale));
}

async function loadService(ctx: AppContext, code: string): Promise<Open311ServicesTable> {
  const s = await ctx.db
    .selectFrom("open311_services")
    .selectAll()
    .where("service_code", "=", code)
    .where("active", "=", 1)
    .executeTakeFirst();
  if (!s) throw new Open311Error(404, `service_code ${code} was not found`, `未找到服务代码 ${code}`);
  return s;
}

export async function serviceDefinition(ctx: AppContext, code: string): Promise<ServiceDefinition> {
  const s = await loadService(ctx, code);
  return { service_code: s.service_code, attributes: JSON.parse(s.attributes) as Open311Attribute[] };
}

/** A number sent as a number or as text; null when absent. */
function coordinate(form: Open311Form, name: "lat" | "long", min: number, max: number): number | null {
  const raw = form.fields[name];
  if (raw === undefined || raw.trim() === "") return null;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new Open311Error(400, `${name} must be a number between ${min} and ${max}`, `${name} 须为 ${min} 到 ${max} 之间的数字`);
  return v;
}

function checkAttributes(defs: Open311Attribute[], given: Record<string, string[]>): string[] {
  const lines: string[] = [];
  for (const code of Object.keys(given)) {
    if (!defs.some((d) => d.code === code))
      throw new Open311Error(400, `attribute[${code}] is not an attribute of this service`, `attribute[${code}] 不是该服务的属性`);
  }
  for (const d of defs) {
    const values = (given[d.code] ?? []).map((v) => v.trim()).filter(Boolean);
    if (d.required && d.variable && values.length === 0)
      throw new Open311Error(400, `attribute[${d.code}] is required: ${d.description}`, `缺少 attribute[${d.code}]：${d.description}`);
    if (values.length === 0) continue;
    if (d.datatype !== "multivaluelist" && values.length > 1)
      throw new Open311Error(400, `attribute[${d.code}] takes one value`, `attribute[${d.code}] 只能有一个值`);
    if (d.values) {
      for (const v of values) {
        if (!d.values.some((x) => x.key === v)) {
          const keys = d.values.map((x) => x.key).join(", ");
          throw new Open311Error(
            400,
            `attribute[${d.code}] must be one of ${keys}; got ${v}`,
            `attribute[${d.code}] 须为 ${keys} 之一，收到 ${v}`,
          );
        }
      }
    }
    if (d.datatype === "number" && values.some((v) => !Number.isFinite(Number(v))))
      throw new Open311Error(400, `attribute[${d.code}] must be a number`, `attribute[${d.code}] 须为数字`);
    if (d.datatype === "datetime" && values.some((v) => Number.isNaN(Date.parse(v)))) {
      throw new Open311Error(400, `attribute[${d.code}] must be an ISO-8601 date-time`, `attribute[${d.code}] 须为 ISO-8601 日期时间`);
    }
    const names = values.map((v) => d.values?.find((x) => x.key === v)?.name ?? v);
    lines.push(`${d.description}: ${names.join(", ")}`);
  }
  return lines;
}

async function activeKey(ctx: AppContext, key: string) {
  const row = await ctx.db.selectFrom("open311_api_keys").selectAll().where("key_hash", "=", hashApiKey(key)).executeTakeFirst();
  return row?.active === 1 ? row : null;
}

async function apiClient(ctx: AppContext, key: string | undefined): Promise<{ actor: Actor; clientName: string }> {
  if (!key) throw new Open311Error(403, "api_key is missing -- can't proceed with create_request", "缺少 api_key，无法提交服务请求");
  const row = await activeKey(ctx, key);
  if (!row) throw new Open311Error(403, "Invalid api_key received -- can't proceed with create_request", "api_key 无效，无法提交服务请求");
  return { actor: await actorFor(ctx, row.user_id), clientName: row.client_name };
}

/** Reads of requests and tokens, when the operator requires a key for them (OPEN311_READ_API_KEY=required). */
export async function checkReadKey(ctx: AppContext, key: string | undefined): Promise<void> {
  if (open311Settings(ctx).readApiKey !== "required") return;
  if (!key) throw new Open311Error(403, "api_key is required to read service requests", "读取服务请求需要 api_key");
  if (!(await activeKey(ctx, key)))
    throw new Open311Error(403, "Invalid api_key received: it is not known or no longer active", "api_key 无效：未登记或已停用");
}

/** Crockford's base 32: no I, L, O or U, so an id read out over the phone is not misheard. */
const ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * 80 random bits: a day-stamped counter told anyone how many reports the city had that day and
 * let them walk through every one of them by id.
 */
function newServiceRequestId(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let id = "";
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[Number((bits >> BigInt(75 - 5 * i)) & 31n)];
  return id;
}

const MAX_DESCRIPTION = 4000;

export async function createRequest(
  ctx: AppContext,
  form: Open311Form,
  idempotencyKey: string | undefined,
  locale: Locale,
): Promise<PostResult[]> {
  if (form.badFields.length)
    throw new Open311Error(
      400,
      form.badFields[0] === "body"
        ? "The request body must be a form (application/x-www-form-urlencoded) or a JSON object"
        : `${form.badFields[0]} must be a string or a number`,
      form.badFields[0] === "body"
        ? "请求体须为表单（application/x-www-form-urlencoded）或 JSON 对象"
        : `${form.badFields[0]} 须为字符串或数字`,
    );
  const { actor, clientName } = await apiClient(ctx, form.fields.api_key);
  const code = form.fields.service_code?.trim();
  if (!code) throw new Open311Error(400, "service_code was not provided", "缺少 service_code");
  const service = await loadService(ctx, code);
  const category = await categoryByCode(ctx, service.category_code);
  if (!category)
    throw new Open311Error(400, `service ${code} maps to no category; notify the operator`, `服务 ${code} 未对应警情类别，请联系运营方`);
  const details = checkAttributes(JSON.parse(service.attributes), form.attributes);
  const description = form.fields.description?.trim() || null;
  if (description && description.length > MAX_DESCRIPTION)
    throw new Open311Error(400, `description is longer than ${MAX_DESCRIPTION} characters`, `description 超过 ${MAX_DESCRIPTION} 个字符`);
  const mediaUrl = form.fields.media_url?.trim() || null;
  if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl))
    throw new Open311Error(400, "media_url must be an http(s) URL", "media_url 须为 http(s) 网址");
  const email = form.fields.email?.trim() || null;
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Open311Error(400, "email is not an e-mail address", "email 不是电子邮件地址");

  let lat = coordinate(form, "lat", -90, 90);
  let lon = coordinate(form, "long", -180, 180);
  if ((lat === null) !== (lon === null)) throw new Open311Error(400, "lat and long must be sent together", "lat 与 long 须同时提供");
  const addressString = form.fields.address_string?.trim() || null;
  if (lat === null || lon === null) {
    if (!addressString) {
      throw form.fields.address_id
        ? new Open311Error(
            400,
            "address_id is not known here: send lat and long or address_string",
            "此处不识别 address_id：请提供 lat 和 long，或 address_string",
          )
        : new Open311Error(
            400,
            "a location is required: lat and long, or address_string",
            "缺少位置：请提供 lat 和 long，或 address_string",
          );
    }
    const hits = await searchAddresses(ctx, actor, addressString, 2);
    if (hits.length !== 1)
      throw new Open311Error(
        400,
        `address_string "${addressString}" does not name exactly one known address: send lat and long`,
        `address_string“${addressString}”未对应唯一的已知地址：请提供 lat 和 long`,
      );
    lat = hits[0].lat;
    lon = hits[0].lon;
  }
  // Where it is and where it would go, before anything is written.
  let orgPath: string;
  try {
    orgPath = (await placeOf(ctx, lat, lon, "lat")).orgPath;
  } catch (err) {
    if (err instanceof Problem)
      throw new Open311Error(400, `lat/long (${lat}, ${lon}) are outside the jurisdiction`, `lat/long (${lat}, ${lon}) 不在本辖区内`);
    throw err;
  }
  const preview = {
    category_code: category.code,
    police: 0,
    priority: "routine",
    valid: 1,
    org_path: orgPath,
    lat,
    lon,
    address: addressString,
  } as IncidentsTable;
  try {
    await decideRoute(ctx, preview);
  } catch (err) {
    if (err instanceof Problem) throw open311ErrorOf(err);
    throw err;
  }

  const name =
    [form.fields.first_name, form.fields.last_name]
      .map((s) => s?.trim())
      .filter(Boolean)
      .join(" ") || null;
  const narrative = [description, ...details].filter(Boolean).join("\n") || null;
  const created = await createIncident(
    ctx,
    actor,
    {
      channel: "app",
      categoryCode: category.code,
      priority: "routine",
      caller: { name, phone: form.fields.phone?.replace(/[^0-9+\-() ]/g, "").slice(0, 32) || null },
      location: { lat, lon, address: addressString },
      narrative: narrative ? `[Open311 ${code}] ${narrative}`.slice(0, 4000) : `[Open311 ${code}]`,
      flags: { valid: true, police: false },
    },
    idempotencyKey ? `open311:${idempotencyKey}` : undefined,
  );
  const incidentId = created.incident.id;
  const existing = await ctx.db.selectFrom("open311_requests").selectAll().where("incident_id", "=", incidentId).executeTakeFirst();
  if (existing) return [await postResult(ctx, existing, locale)];

  const now = ctx.clock.now();
  const requestId = newServiceRequestId();
  let saved: Open311RequestsTable | null = null;
  await routeIncident(ctx, actor, incidentId, {}, async (tx, result) => {
    saved = {
      service_request_id: requestId,
      token: randomUUID(),
      incident_id: incidentId,
      work_order_id: result.workOrder?.id ?? null,
      transfer_id: result.transfer?.id ?? null,
      route: result.decision.target,
      service_code: code,
      description,
      address: addressString,
      lat,
      lon,
      media_url: mediaUrl,
      email,
      account_id: form.fields.account_id?.trim() || null,
      device_id: form.fields.device_id?.trim() || null,
      attributes: JSON.stringify(form.attributes),
      client_name: clientName,
      requested_at: now.toISOString(),
    };
    await tx.insertInto("open311_requests").values(saved).execute();
  });
  return [await postResult(ctx, saved!, locale)];
}

async function postResult(ctx: AppContext, r: Open311RequestsTable, locale: Locale): Promise<PostResult> {
  const view = await requestJson(ctx, r, locale);
  return {
    service_request_id: r.service_request_id,
    token: r.token,
    service_notice: view.service_notice,
    ...(r.account_id ? { account_id: r.account_id } : {}),
  };
}

async function workOrderOf(ctx: AppContext, r: Open311RequestsTable): Promise<WorkOrdersTable | null> {
  if (!r.work_order_id) return null;
  return (await ctx.db.selectFrom("work_orders").selectAll().where("id", "=", r.work_order_id).executeTakeFirst()) ?? null;
}

/** The citizen's description as the public reads it (OPEN311_PUBLIC_DESCRIPTION). */
function publicDescription(ctx: AppContext, text: string | null): string | null {
  if (text === null) return null;
  const mode = open311Settings(ctx).publicDescription;
  return mode === "full" ? text : mode === "withheld" ? null : publicText(text);
}

/**
 * A request as Open311 shows it to anyone: the spec's public fields, never the submitter's name,
 * phone, e-mail, device or account. Its status follows the work order (or the transfer).
 */
export async function requestJson(ctx: AppContext, r: Open311RequestsTable, locale: Locale): Promise<Open311Request> {
  const en = locale === "en";
  const service = await ctx.db.selectFrom("open311_services").selectAll().where("service_code", "=", r.service_code).executeTakeFirst();
  const wo = await workOrderOf(ctx, r);
  let status: "open" | "closed" = "open";
  let notes: string | null = null;
  let agency: string | null = null;
  let notice: string | null = null;
  let expected: string | null = null;
  let updated = r.requested_at;
  if (r.route === "hotline_12345") {
    status = "closed";
    notes = statusNote("hotline", locale);
    agency = en ? "12345 government hotline" : "12345 政务服务热线";
    notice = notes;
  } else if (wo) {
    const town = await getOrg(ctx, wo.town_id);
    agency = en ? `${town.nameEn} governance centre` : `${town.nameZh}综合治理指挥中心`;
    const close = (await timerSettings(ctx, wo.category_code)).close.seconds;
    expected = new Date(Date.parse(wo.clock_start_at) + close * 1000).toISOString();
    notice = en ? `Handled by the ${agency}; target: closed within ${close / 3600} h` : `由${agency}办理，${close / 3600} 小时内办结`;
    updated = wo.updated_at;
    if (wo.status === "closed" || wo.status === "followed_up") status = "closed";
    // The staff's own notes (close, feedback, handling) stay inside: they name people.
    notes = workOrderStatusNote(wo.status as WorkOrderStatus, locale);
  } else {
    agency = en ? "Police (110)" : "公安 110";
    notes = statusNote("police", locale);
    const inc = await loadIncidentRow(ctx, null, r.incident_id);
    if (inc.status === "closed" || inc.status === "cancelled") {
      status = "closed";
      updated = inc.closed_at ?? inc.cancelled_at ?? updated;
    }
  }
  return {
    service_request_id: r.service_request_id,
    status,
    status_notes: notes,
    service_name: service ? (en ? service.name_en : service.name_zh) : null,
    service_code: r.service_code,
    description: publicDescription(ctx, r.description),
    agency_responsible: agency,
    service_notice: notice,
    requested_datetime: r.requested_at,
    updated_datetime: updated,
    expected_datetime: expected,
    // The street address says where the problem is; a flat number in it says who lives there.
    address: r.address !== null && open311Settings(ctx).publicDescription !== "full" ? publicText(r.address) : r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.media_url,
  };
}

export type RequestQuery = Pick<RequestsQuery, "service_request_id" | "service_code" | "start_date" | "end_date" | "status">;

const NINETY_DAYS = 90 * 86400_000;

export async function listRequests(ctx: AppContext, q: RequestQuery, locale: Locale): Promise<Open311Request[]> {
  let rows: Open311RequestsTable[];
  if (q.service_request_id) {
    // The spec: a list of ids overrides every other argument.
    const ids = q.service_request_id
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0 || ids.length > 100)
      throw new Open311Error(
        400,
        "service_request_id takes 1 to 100 comma-separated ids",
        "service_request_id 须为 1 到 100 个以逗号分隔的编号",
      );
    rows = await ctx.db.selectFrom("open311_requests").selectAll().where("service_request_id", "in", ids).execute();
  } else {
    for (const k of ["start_date", "end_date"] as const) {
      if (q[k] !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(q[k]!) || Number.isNaN(Date.parse(q[k]!)))) {
        throw new Open311Error(
          400,
          `${k} must be a w3 date-time, e.g. 2010-01-01T00:00:00Z`,
          `${k} 须为 W3C 日期时间，例如 2010-01-01T00:00:00Z`,
        );
      }
    }
    const end = q.end_date ? Date.parse(q.end_date) : q.start_date ? Date.parse(q.start_date) + NINETY_DAYS : ctx.clock.now().getTime() + 1;
    const start = q.start_date ? Date.parse(q.start_date) : end - NINETY_DAYS;
    if (start > end) throw new Open311Error(400, "start_date is after end_date", "start_date 晚于 end_date");
    if (end - start > NINETY_DAYS) throw new Open311Error(400, "the date range may not span more than 90 days", "日期范围不能超过 90 天");
    let qb = ctx.db
      .selectFrom("open311_requests")
      .selectAll()
      .where("requested_at", ">=", new Date(start).toISOString())
      .where("requested_at", "<=", new Date(end).toISOString());
    if (q.service_code)
      qb = qb.where(
        "service_code",
        "in",
        q.service_code.split(",").map((s) => s.trim()),
      );
    rows = await qb.orderBy("requested_at", "desc").limit(1000).execute();
  }
  const statuses = q.status
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (statuses?.some((s) => s !== "open" && s !== "closed"))
    throw new Open311Error(400, "status must be open or closed", "status 须为 open 或 closed");
  const out = [];
  for (const r of rows) {
    const j = await requestJson(ctx, r, locale);
    if (!q.service_request_id && statuses?.length && !statuses.includes(j.status)) continue;
    out.push(j);
  }
  return out;
}

export async function getRequest(ctx: AppContext, id: string, locale: Locale): Promise<Open311Request[]> {
  const r = await ctx.db.selectFrom("open311_requests").selectAll().where("service_request_id", "=", id).executeTakeFirst();
  if (!r) throw new Open311Error(404, `service_request_id ${id} was not found`, `未找到服务请求 ${id}`);
  return [await requestJson(ctx, r, locale)];
}

export async function requestIdFromToken(ctx: AppContext, token: string): Promise<TokenView[]> {
  const r = await ctx.db
    .selectFrom("open311_requests")
    .select(["service_request_id", "token"])
    .where("token", "=", token)
    .executeTakeFirst();
  if (!r) throw new Open311Error(404, `token ${token} was not found`, `未找到 token ${token}`);
  return [{ service_request_id: r.service_request_id, token: r.token }];
}
