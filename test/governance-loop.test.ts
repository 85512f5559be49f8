/**
 * The non-police loop end to end, on each storage back end: a noise complaint arrives through
 * Open311 and through the call-taker form; each is triaged non-urgent, non-police; each is routed
 * to the town centre whose area contains it; each is dispatched, taken, handled and closed within
 * its timers (a manual clock); a negative follow-up re-opens one; the police incident's timeline
 * shows the town's outcome; the KPIs move accordingly. Every Open311 JSON response is validated
 * against the official schemas and every XML form is checked for well-formedness (xmllint) and
 * equivalence with the JSON. Then every bad-input case, each checked to have written nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import formatsPlugin from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_OPEN311_KEY, seedGovernanceDemo } from "../src/governance/demo.ts";
import { startGovernance } from "../src/governance/start.ts";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";
import { townAt as townAtIn } from "./towns.ts";

// ---- Open311 conformance checks ------------------------------------------------------------------

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = process.env.LANTERN_SHARED_DATA ?? join(repoRoot, "..", "shared", "data");
const schemaDir = join(shared, "standards", "open311-georeport-v2", "schema-validation", "schema", "georeport-v2");
const haveSchemas = existsSync(join(schemaDir, "request.json"));
if (!haveSchemas) console.log(`Open311 JSON Schema checks skipped: ${schemaDir} not found (set LANTERN_SHARED_DATA).`);
const haveXmllint = spawnSync("xmllint", ["--version"]).status === 0;
if (!haveXmllint) console.log("XML well-formedness checks skipped: xmllint not installed (Debian: libxml2-utils).");

type Kind = "services" | "service_definition" | "requests" | "post" | "token";
const validators = new Map<Kind, ValidateFunction>();
if (haveSchemas) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // CommonJS default export: the plugin function sits on `.default` when imported from ESM.
  const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (
    a: Ajv,
  ) => void;
  addFormats(ajv);
  for (const f of ["uid", "double", "uint"]) ajv.addFormat(f, true);
  const load = (f: string) => JSON.parse(readFileSync(join(schemaDir, f), "utf8"));
  ajv.addSchema(load("request.json"), "request.json");
  ajv.addSchema(load("service.json"), "service.json");
  validators.set("services", ajv.compile(load("services.json")));
  validators.set("requests", ajv.compile(load("requests.json")));
  validators.set("service_definition", ajv.compile(load("service-definition.json")));
  // POST and token responses have no file of their own; the swagger definitions describe them.
  const swagger = load("swagger.json");
  validators.set("post", ajv.compile({ type: "array", items: swagger.definitions.RequestResponse }));
  validators.set("token", ajv.compile({ type: "array", items: swagger.definitions.TokenResponse }));
}

function conformsJson(kind: Kind, body: unknown): void {
  const v = validators.get(kind);
  if (!v) return;
  const ok = v(body);
  expect(ok, JSON.stringify(v.errors)).toBe(true);
}

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e],
  );

/** A reader for attribute-free, element-only XML (what Open311 uses); enough to compare forms. */
function parseXml(xml: string): XmlNode {
  const stack: XmlNode[] = [{ name: "#doc", children: [], text: "" }];
  const re = /<\?[^>]*\?>|<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, name, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) top.text += decode(text);
    else if (!name) continue;
    else if (close) {
      expect(top.name).toBe(name);
      stack.pop();
    } else {
      const node = { name, children: [], text: "" };
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  expect(stack).toHaveLength(1);
  return stack[0].children[0];
}

/** Open311's container → item names (from the spec's examples). */
const ITEMS: Record<string, string> = {
  services: "service",
  service_requests: "request",
  attributes: "attribute",
  values: "value",
  errors: "error",
};

/** The Spark convention, checked in one direction: every JSON value appears in the XML as text. */
function expectEquivalent(node: XmlNode, name: string, json: unknown): void {
  expect(node.name).toBe(name);
  if (Array.isArray(json)) {
    expect(node.children.map((c) => c.name)).toEqual(json.map(() => ITEMS[name]));
    for (const [i, v] of json.entries()) expectEquivalent(node.children[i], ITEMS[name], v);
  } else if (json && typeof json === "object") {
    const entries = Object.entries(json);
    expect(node.children.map((c) => c.name)).toEqual(entries.map(([k]) => k));
    for (const [i, [k, v]] of entries.entries()) expectEquivalent(node.children[i], k, v);
  } else {
    expect(node.children).toEqual([]);
    expect(node.text).toBe(json === null ? "" : String(json));
  }
}

function wellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  if (!haveXmllint) return;
  const r = spawnSync("xmllint", ["--noout", "-"], { input: xml, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

// ---- the test ------------------------------------------------------------------------------------

type ApiFn = ReturnType<Lantern["api"]>;

describe.each(backends)("non-police loop on %s", (backend) => {
  const t0 = Date.parse("2026-11-02T01:00:00.000Z");
  const clock = new ManualClock(t0);
  let l: Lantern;
  const tokens = new Map<string, string>();
  const as = (user: string): ApiFn => l.api(tokens.get(user)!);
  let towns: { id: string; code: string; nameZh: string; path: string; polygon: [number, number][][] }[];

  // Shangcheng (Kaixuan station) for the Open311 report, Gongshu (Mishixiang station) for the call.
  const OPEN311_AT = { lat: 30.2558, lon: 120.1575 };
  const CALL_AT = { lat: 30.3286, lon: 120.1118 };
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const advanceTo = (s: number) => clock.advance((t0 + s * 1000 - clock.now().getTime()) / 1000);

  const townAt = (p: { lat: number; lon: number }) => townAtIn(towns, p);

  const open311 = async (method: string, path: string, body?: string | object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${l.url}/api/v1/open311/v2${path}`, {
      method,
      headers: {
        ...(typeof body === "string" ? { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } : {}),
        ...(body && typeof body === "object" ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };

  /** GETs the JSON form, validates it, fetches the XML form and checks it matches. */
  const open311Both = async (path: string, kind: Kind, root: string) => {
    const [resource, query] = path.split("?");
    const suffixed = (f: string) => `${resource}.${f}${query ? `?${query}` : ""}`;
    const j = await open311("GET", suffixed("json"));
    expect(j.status).toBe(200);
    expect(j.type).toMatch(/^application\/json/);
    const body = JSON.parse(j.text);
    conformsJson(kind, body);
    const x = await open311("GET", suffixed("xml"));
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/^text\/xml/);
    wellFormed(x.text);
    expectEquivalent(parseXml(x.text), root, body);
    return body;
  };

  const counts = async () => {
    const n = async (t: "incidents" | "events" | "work_orders" | "followups" | "open311_requests" | "hotline_transfers") =>
      Number(
        (
          await l.ctx.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      incidents: await n("incidents"),
      events: await n("events"),
      workOrders: await n("work_orders"),
      followups: await n("followups"),
      requests: await n("open311_requests"),
      transfers: await n("hotline_transfers"),
    };
  };

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    // Every town gets its polygon; accounts only where this test signs in (fewer scrypt hashes).
    await seedGovernanceDemo(l.ctx, { centres: "staffed" });
    tokens.set("admin", await l.login("admin"));
    const r = await as("admin")("GET", "/api/v1/governance/towns");
    expect(r.status).toBe(200);
    towns = r.body;
    expect(towns.length).toBeGreaterThanOrEqual(12);
    for (const t of towns) expect(t.polygon).not.toBeNull();
    const users = ["calltaker", "dispatcher", "commander-kaixuan", "analyst", "followup", `worker-${townAt(OPEN311_AT).code}-cm2`];
    for (const t of [townAt(OPEN311_AT), townAt(CALL_AT)]) users.push(`town-${t.code}`, `worker-${t.code}-cm`, `worker-${t.code}-grid`);
    // Logins verify scrypt hashes: done at once rather than one after another.
    const got = await Promise.all(users.map((u) => l.login(u)));
    for (const [i, u] of users.entries()) tokens.set(u, got[i]);
  });
  afterAll(() => l?.close());

  // State shared by the loop's steps, in order.
  let requestId: string;
  let requestToken: string;
  let o311Order: any;
  let callIncident: any;
  let callOrder: any;
  let kpiBefore: any;

  it("offers its services over Open311 in JSON and XML, matching the official schemas", async () => {
    const services = await open311Both("/services", "services", "services");
    const noise = services.find((s: any) => s.service_code === "noise");
    expect(noise).toMatchObject({ service_name: "噪音扰民", metadata: true, type: "realtime" });
    for (const s of services) expect(typeof s.service_code).toBe("string");
    const def = await open311Both("/services/noise", "service_definition", "service_definition");
    expect(def.attributes.map((a: any) => [a.code, a.required])).toEqual([
      ["NOISE_SOURCE", true],
      ["ONGOING", false],
    ]);
  });

  it("takes the KPI baseline", async () => {
    const r = await as("analyst")("GET", "/api/v1/governance/kpis");
    expect(r.status).toBe(200);
    kpiBefore = r.body;
    expect(kpiBefore.totals.incidents).toBe(0);
  });

  it("1a. a noise complaint arrives through Open311 and is triaged and routed to the town containing it", async () => {
    advanceTo(0);
    const form = new URLSearchParams({
      api_key: DEMO_OPEN311_KEY,
      service_code: "noise",
      lat: String(OPEN311_AT.lat),
      long: String(OPEN311_AT.lon),
      address_string: "湖滨路 12 号",
      description: "工地夜间施工，噪音很大 & 无法入睡 <急>",
      first_name: "明",
      last_name: "张",
      phone: "13900001111",
      "attribute[NOISE_SOURCE]": "construction",
      "attribute[ONGOING]": "yes",
    });
    const r = await open311("POST", "/requests.json", form.toString(), { "Idempotency-Key": "o311-noise-1" });
    expect(r.status, r.text).toBe(200);
    const body = JSON.parse(r.text);
    conformsJson("post", body);
    expect(body).toHaveLength(1);
    requestId = body[0].service_request_id;
    requestToken = body[0].token;
    expect(typeof requestId).toBe("string");
    const town = townAt(OPEN311_AT);
    expect(body[0].service_notice).toContain(town.nameZh);

    // A retry with the same key is the same request, not a second one; asked in XML, it is the
    // same answer in the other form.
    const before = await counts();
    const again = await open311("POST", "/requests.xml", form.toString(), { "Idempotency-Key": "o311-noise-1" });
    expect(again.status).toBe(200);
    wellFormed(again.text);
    expectEquivalent(parseXml(again.text), "service_requests", body);
    expect(await counts()).toEqual(before);

    const status = await open311Both(`/requests/${requestId}`, "requests", "service_requests");
    expect(status[0]).toMatchObject({
      service_request_id: requestId,
      status: "open",
      service_code: "noise",
      lat: OPEN311_AT.lat,
      long: OPEN311_AT.lon,
    });
    expect(status[0].agency_responsible).toContain(town.nameZh);
    const byToken = await open311Both(`/tokens/${requestToken}`, "token", "service_requests");
    expect(byToken).toEqual([{ service_request_id: requestId, token: requestToken }]);

    // The order sits in that town's queue, linked to a 110 incident closed as diverted.
    const q = await as(`town-${town.code}`)("GET", "/api/v1/work-orders?open=true");
    expect(q.status).toBe(200);
    expect(q.body).toHaveLength(1);
    o311Order = q.body[0];
    expect(o311Order).toMatchObject({
      status: "accepted",
      townId: town.id,
      skill: "city_management",
      categoryCode: "complaint.noise",
      // Named in the order itself: town staff do not read the police category dictionary.
      category: { code: "complaint.noise", nameZh: "噪音扰民", nameEn: "Noise" },
      channel: "app",
    });
    const inc = await as("calltaker")("GET", `/api/v1/incidents/${o311Order.incidentId}`);
    expect(inc.body).toMatchObject({
      channel: "app",
      status: "closed",
      priority: "routine",
      category: { code: "complaint.noise" },
      flags: { valid: true, police: false },
      disposition: { code: "diverted_non_police" },
      location: { stationId: "kaixuan" },
    });
    expect(inc.body.narrative).toContain("施工");
    // The other town centre does not see it.
    const other = await as(`town-${townAt(CALL_AT).code}`)("GET", `/api/v1/work-orders/${o311Order.id}`);
    expect(other.status).toBe(403);
  });

  it("1b. the same kind of complaint arrives by phone; the call-taker triages it with the suggestion and routes it", async () => {
    advanceTo(10);
    const ct = as("calltaker");
    const sug = await ct("POST", "/api/v1/triage/suggest", { text: "楼上邻居深夜噪音很大，吵得睡不着" });
    expect(sug.status).toBe(200);
    expect(sug.body.suggestions[0].code).toBe("complaint.noise");
    const created = await ct("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.disorder",
      caller: { name: "李女士", phone: "13700002222" },
      location: { ...CALL_AT, address: "拱墅区某小区 3 幢" },
      narrative: "楼上邻居深夜噪音很大，吵得睡不着",
      receivedAt: at(0),
    });
    expect(created.status).toBe(201);
    callIncident = created.body;
    expect(callIncident.priority).toBe("urgent");
    // The four labels, set independently: category, valid, police, urgency.
    const l1 = await ct("POST", `/api/v1/triage/incidents/${callIncident.id}/labels`, { categoryCode: "complaint.noise" });
    expect(l1.status).toBe(200);
    const l2 = await ct("POST", `/api/v1/triage/incidents/${callIncident.id}/labels`, { valid: true, police: false, urgent: false });
    expect(l2.status).toBe(200);
    expect(l2.body).toMatchObject({ priority: "routine", flags: { valid: true, police: false }, category: { code: "complaint.noise" } });

    const town = townAt(CALL_AT);
    const preview = await ct("GET", `/api/v1/triage/incidents/${callIncident.id}/route`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ target: "town", skill: "city_management", town: { id: town.id, by: "polygon" } });
    const routed = await ct("POST", `/api/v1/triage/incidents/${callIncident.id}/route`, {});
    expect(routed.status).toBe(200);
    callOrder = routed.body.workOrder;
    expect(callOrder).toMatchObject({ status: "accepted", townId: town.id, incidentId: callIncident.id, stationId: "mishixiang" });
    const inc = await ct("GET", `/api/v1/incidents/${callIncident.id}`);
    expect(inc.body).toMatchObject({ status: "closed", disposition: { code: "diverted_non_police" } });
    // Routing twice is refused: the incident is no longer new.
    const twice = await ct("POST", `/api/v1/triage/incidents/${callIncident.id}/route`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("not_routable");
  });

  it("warns before the dispatch deadline and escalates after it, once each", async () => {
    advanceTo(50);
    const sweep = await as("admin")("POST", "/api/v1/governance/sweep", {});
    expect(sweep.status).toBe(200);
    // Both orders are 40–50 s old: past the 45 s warning only for the first.
    expect(sweep.body).toMatchObject({ warnings: 1, escalations: 0 });
    const again = await as("admin")("POST", "/api/v1/governance/sweep", {});
    expect(again.body).toMatchObject({ warnings: 0, escalations: 0 });
    const tl = await as(`town-${townAt(OPEN311_AT).code}`)("GET", `/api/v1/work-orders/${o311Order.id}/timeline`);
    expect(tl.body.map((e: any) => e.type)).toContain("workorder.timer_warning");
  });

  it("2–4. each is dispatched, taken, handled and closed within its timers", async () => {
    const tA = townAt(OPEN311_AT);
    const tB = townAt(CALL_AT);
    // Open311 order: offered to the city-management team (two officers); the first to take it has it.
    advanceTo(55);
    const d1 = await as(`town-${tA.code}`)("POST", `/api/v1/work-orders/${o311Order.id}/dispatch`, { teamSkill: "city_management" });
    expect(d1.status).toBe(200);
    expect(d1.body).toMatchObject({ status: "dispatched", assigneeId: null, teamSkill: "city_management" });
    const offers = await as(`worker-${tA.code}-cm2`)("GET", "/api/v1/work-orders");
    expect(offers.body.map((o: any) => o.id)).toEqual([o311Order.id]);
    advanceTo(70);
    const take = await as(`worker-${tA.code}-cm`)("POST", `/api/v1/work-orders/${o311Order.id}/take`, {});
    expect(take.status).toBe(200);
    expect(take.body.status).toBe("taken");

    // Call order: to one named worker.
    advanceTo(58);
    const cand = await as(`town-${tB.code}`)("GET", `/api/v1/work-orders/${callOrder.id}/candidates`);
    expect(cand.status).toBe(200);
    const cm = cand.body.find((w: any) => w.skills.includes("city_management"));
    expect(cm).toBeTruthy();
    const d2 = await as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${callOrder.id}/dispatch`, { assigneeId: cm.userId });
    expect(d2.status).toBe(200);
    // The grid worker of the same town cannot see or take it.
    const peek = await as(`worker-${tB.code}-grid`)("GET", `/api/v1/work-orders/${callOrder.id}`);
    expect(peek.status).toBe(403);
    const wB = as(`worker-${tB.code}-cm`);
    expect((await wB("POST", `/api/v1/work-orders/${callOrder.id}/take`, {})).body.status).toBe("taken");

    const wA = as(`worker-${tA.code}-cm`);
    const step = async (w: ApiFn, id: string, path: string, s: number, body: object = {}) => {
      advanceTo(s);
      const r = await w("POST", `/api/v1/work-orders/${id}/${path}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    await step(wA, o311Order.id, "on-scene", 6 * 60);
    await step(wB, callOrder.id, "on-scene", 7 * 60);
    await step(wA, o311Order.id, "handled", 20 * 60, { note: "已责令工地停止夜间施工" });
    await step(wB, callOrder.id, "handled", 25 * 60, { note: "已上门劝导，住户调低音量" });
    await step(wA, o311Order.id, "feedback", 40 * 60, { note: "已电话告知报警人", photoUrl: "https://example.org/p/1.jpg" });
    await step(wB, callOrder.id, "feedback", 50 * 60, { note: "已电话告知报警人" });
    const closedA = await step(wA, o311Order.id, "close", 2 * 3600, { note: "工地已停工，办结" });
    const closedB = await step(wB, callOrder.id, "close", 3 * 3600, { note: "劝导完毕，办结" });
    for (const c of [closedA, closedB]) {
      expect(c.status).toBe("closed");
      expect(c.timers.map((t: any) => [t.stage, t.state])).toEqual([
        ["dispatch", "met"],
        ["on_scene", "met"],
        ["first_feedback", "met"],
        ["close", "met"],
      ]);
    }
    expect(closedA.times).toMatchObject({ dispatchedAt: at(55), takenAt: at(70), onSceneAt: at(360), closedAt: at(7200) });
    expect(closedA.notes.photoUrl).toBe("https://example.org/p/1.jpg");

    // The citizen sees the outcome over Open311.
    const status = await open311Both(`/requests/${requestId}`, "requests", "service_requests");
    // The public text for a closed request; the worker's close note ("工地已停工，办结") stays inside.
    expect(status[0]).toMatchObject({ status: "closed", status_notes: "已办结", updated_datetime: at(7200) });
    const list = await open311Both(`/requests?status=closed&start_date=${encodeURIComponent(at(-3600))}`, "requests", "service_requests");
    expect(list.map((r: any) => r.service_request_id)).toEqual([requestId]);
  });

  it("5. follow-ups: satisfied closes one; dissatisfied re-opens the other, which is then worked again", async () => {
    advanceTo(4 * 3600);
    const fu = as("followup");
    const pending = await fu("GET", "/api/v1/followups?status=pending");
    expect(pending.status).toBe(200);
    const byOrder = new Map(pending.body.map((f: any) => [f.workOrderId, f]));
    expect(byOrder.size).toBe(2);
    const fA: any = byOrder.get(o311Order.id);
    const fB: any = byOrder.get(callOrder.id);
    expect(fA.script.zh).toContain("满意");

    const sat = await fu("POST", `/api/v1/followups/${fA.id}`, { reached: true, satisfied: true, comment: "很满意" });
    expect(sat.status).toBe(200);
    expect(sat.body.reopenedWorkOrder).toBe(false);
    // Not reached first, then reached and dissatisfied.
    const miss = await fu("POST", `/api/v1/followups/${fB.id}`, { reached: false });
    expect(miss.body.followUp).toMatchObject({ status: "pending", attempts: 1 });
    const unhappy = await fu("POST", `/api/v1/followups/${fB.id}`, { reached: true, satisfied: false, comment: "噪音又开始了" });
    expect(unhappy.status).toBe(200);
    expect(unhappy.body.reopenedWorkOrder).toBe(true);

    const tA = townAt(OPEN311_AT);
    const tB = townAt(CALL_AT);
    expect((await as(`town-${tA.code}`)("GET", `/api/v1/work-orders/${o311Order.id}`)).body.status).toBe("followed_up");
    const reopened = await as(`town-${tB.code}`)("GET", `/api/v1/work-orders/${callOrder.id}`);
    expect(reopened.body).toMatchObject({ status: "reopened", reopenCount: 1, assigneeId: null });
    expect(reopened.body.times.clockStartAt).toBe(at(4 * 3600));

    // Worked again, within fresh timers, and this time the caller is satisfied.
    const s = 4 * 3600;
    const wB = as(`worker-${tB.code}-cm`);
    advanceTo(s + 30);
    const d = await as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${callOrder.id}/dispatch`, {});
    expect(d.body).toMatchObject({ status: "dispatched", teamSkill: "city_management" });
    advanceTo(s + 40);
    expect((await wB("POST", `/api/v1/work-orders/${callOrder.id}/take`, {})).status).toBe(200);
    for (const [path, dt, note] of [
      ["on-scene", 300, null],
      ["handled", 900, "再次上门，签订文明公约"],
      ["feedback", 1200, "已告知报警人"],
      ["close", 1800, "二次办结"],
    ] as const) {
      advanceTo(s + dt);
      const r = await wB("POST", `/api/v1/work-orders/${callOrder.id}/${path}`, note ? { note } : {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const again = await as(`town-${tB.code}`)("GET", `/api/v1/work-orders/${callOrder.id}`);
    expect(again.body.status).toBe("closed");
    expect(again.body.timers.every((t: any) => t.state === "met")).toBe(true);
    advanceTo(s + 3 * 3600);
    const second = (await fu("GET", "/api/v1/followups?status=pending")).body.find((f: any) => f.workOrderId === callOrder.id);
    expect(second.round).toBe(1);
    expect((await fu("POST", `/api/v1/followups/${second.id}`, { reached: true, satisfied: true })).status).toBe(200);
    expect((await as(`town-${tB.code}`)("GET", `/api/v1/work-orders/${callOrder.id}`)).body.status).toBe("followed_up");
  });

  it("6. the police incident's timeline shows the town's work and outcome", async () => {
    const tl = await as("dispatcher")("GET", `/api/v1/incidents/${callIncident.id}/timeline`);
    expect(tl.status).toBe(200);
    const types = tl.body.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(["incident.created", "incident.updated", "incident.routed", "workorder.created"]));
    const moves = tl.body.filter((e: any) => e.type === "workorder.status_changed").map((e: any) => e.data.to);
    expect(moves).toEqual([
      "dispatched",
      "taken",
      "on_scene",
      "handled",
      "feedback",
      "closed",
      "reopened",
      "dispatched",
      "taken",
      "on_scene",
      "handled",
      "feedback",
      "closed",
      "followed_up",
    ]);
    const notes = tl.body.map((e: any) => e.data.note).filter(Boolean);
    expect(notes).toContain("劝导完毕，办结");
    expect(notes).toContain("二次办结");
    const reopen = tl.body.find((e: any) => e.data.to === "reopened");
    expect(reopen.data.reason).toBe("噪音又开始了");
    // Police read the order itself too.
    const wo = await as("commander-kaixuan")("GET", `/api/v1/work-orders/${o311Order.id}`);
    expect(wo.status).toBe(200);
    expect(wo.body.status).toBe("followed_up");
  });

  it("7. the KPIs move accordingly", async () => {
    const k = await as("analyst")("GET", "/api/v1/governance/kpis");
    expect(k.status).toBe(200);
    const tA = townAt(OPEN311_AT);
    const tB = townAt(CALL_AT);
    // Two incidents, both valid non-police, both diverted.
    expect(k.body.totals.incidents).toBe(kpiBefore.totals.incidents + 2);
    expect(k.body.totals.nonPoliceShare).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    expect(k.body.totals.diversionRate).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    expect(k.body.totals.invalidShare).toMatchObject({ numerator: 0, value: 0 });
    expect(k.body.totals.resolutionRate).toMatchObject({ numerator: 2, denominator: 2 });
    // Three reached follow-ups: two satisfied, one not.
    expect(k.body.totals.satisfaction).toMatchObject({ numerator: 2, denominator: 3 });
    const town = (id: string) => k.body.byTown.find((t: any) => t.townId === id);
    expect(town(tA.id)).toMatchObject({
      workOrders: 1,
      reopened: 0,
      resolutionRate: { value: 1 },
      satisfaction: { numerator: 1, denominator: 1 },
    });
    expect(town(tA.id).medianCloseS).toBe(7200);
    expect(town(tB.id)).toMatchObject({ workOrders: 1, reopened: 1, satisfaction: { numerator: 1, denominator: 2, value: 0.5 } });
    const station = (id: string) => k.body.byStation.find((s: any) => s.stationId === id);
    expect(station("kaixuan")).toMatchObject({ incidents: 1, diversionRate: { value: 1 }, satisfaction: { value: 1 } });
    expect(station("mishixiang")).toMatchObject({ incidents: 1, satisfaction: { numerator: 1, denominator: 2 } });
    expect(k.body.byCategory).toEqual([{ categoryCode: "complaint.noise", satisfaction: { numerator: 2, denominator: 3, value: 2 / 3 } }]);

    // An invalid (prank) call moves the invalid share and is not routable.
    const ct = as("calltaker");
    const prank = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.theft", location: OPEN311_AT });
    const lab = await ct("POST", `/api/v1/triage/incidents/${prank.body.id}/labels`, { valid: false, invalidReason: "prank" });
    expect(lab.body.flags).toMatchObject({ valid: false, invalidReason: "prank" });
    const nr = await ct("POST", `/api/v1/triage/incidents/${prank.body.id}/route`, {});
    expect(nr.status).toBe(409);
    const k2 = await as("analyst")("GET", "/api/v1/governance/kpis");
    expect(k2.body.totals.invalidShare).toMatchObject({ numerator: 1, denominator: 3 });
    expect(k2.body.byStation.find((s: any) => s.stationId === "kaixuan").invalidShare).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
  });

  it("routes urgent non-police to the police first, and government enquiries to 12345 with a link both ways", async () => {
    const ct = as("calltaker");
    const urgent = await ct("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "help.lockout",
      priority: "urgent",
      location: CALL_AT,
      narrative: "老人被锁在门外，身体不适",
    });
    const r1 = await ct("POST", `/api/v1/triage/incidents/${urgent.body.id}/route`, {});
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ decision: { target: "police_fallback", labels: { police: false, urgent: true } }, workOrder: null });
    expect((await ct("GET", `/api/v1/incidents/${urgent.body.id}`)).body.status).toBe("new");

    const gov = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "complaint.government", location: CALL_AT });
    const r2 = await ct("POST", `/api/v1/triage/incidents/${gov.body.id}/route`, { reason: "咨询社保办理流程" });
    expect(r2.status).toBe(200);
    expect(r2.body.decision.target).toBe("hotline_12345");
    const transfer = r2.body.transfer;
    expect(transfer).toMatchObject({ incident_id: gov.body.id, reason: "咨询社保办理流程" });
    const back = await ct("GET", `/api/v1/transfers-12345/${transfer.id}`);
    expect(back.body.incident_id).toBe(gov.body.id);
    const inc = await ct("GET", `/api/v1/incidents/${gov.body.id}`);
    expect(inc.body).toMatchObject({ status: "closed", disposition: { code: "transferred" } });
    const tl = await ct("GET", `/api/v1/incidents/${gov.body.id}/timeline`);
    expect(tl.body.find((e: any) => e.type === "incident.routed").data.transferId).toBe(transfer.id);

    // One click, whatever the category: a dispute the caller wants handled by 12345.
    const other = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "complaint.dispute", location: CALL_AT });
    const one = await ct("POST", `/api/v1/triage/incidents/${other.body.id}/transfer-12345`, { reason: "物业费争议，属政务投诉" });
    expect(one.status).toBe(200);
    expect((await ct("GET", `/api/v1/incidents/${other.body.id}`)).body.disposition.code).toBe("transferred");

    // Through Open311 too: the request closes at once with the transfer as its notes.
    const r = await open311(
      "POST",
      "/requests.xml",
      new URLSearchParams({
        api_key: DEMO_OPEN311_KEY,
        service_code: "government",
        lat: "30.31",
        long: "120.2",
        description: "公积金咨询",
      }).toString(),
    );
    expect(r.status).toBe(200);
    wellFormed(r.text);
    const id = parseXml(r.text).children[0].children.find((c) => c.name === "service_request_id")!.text;
    const s = await open311Both(`/requests/${id}`, "requests", "service_requests");
    expect(s[0]).toMatchObject({ status: "closed", agency_responsible: "12345 政务服务热线" });
  });

  it("attaches a duplicate report to the open incident: the caller joins its timeline", async () => {
    const ct = as("calltaker");
    const first = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.fight", location: OPEN311_AT });
    const dup = await ct("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.fight",
      caller: { name: "王先生", phone: "13600003333" },
      location: { lat: OPEN311_AT.lat + 0.0005, lon: OPEN311_AT.lon },
      narrative: "路口有人打架",
    });
    // Offered: the open fight 55 m away; not offered: itself, or anything far away.
    const far = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.fight", location: CALL_AT });
    const offered = await ct("GET", `/api/v1/triage/incidents/${dup.body.id}/duplicates`);
    expect(offered.status).toBe(200);
    expect(offered.body.map((i: any) => i.id)).toContain(first.body.id);
    expect(offered.body.map((i: any) => i.id)).not.toContain(dup.body.id);
    expect(offered.body.map((i: any) => i.id)).not.toContain(far.body.id);
    expect(offered.body.find((i: any) => i.id === first.body.id)).toMatchObject({ similar: "same_category" });
    const r = await ct("POST", `/api/v1/triage/incidents/${dup.body.id}/duplicate-of`, { incidentId: first.body.id });
    expect(r.status).toBe(200);
    expect(r.body.duplicate).toMatchObject({
      status: "closed",
      flags: { valid: false, invalidReason: "duplicate", duplicateOf: first.body.id },
      disposition: { code: "invalid_call" },
    });
    const tl = await ct("GET", `/api/v1/incidents/${first.body.id}/timeline`);
    const joined = tl.body.find((e: any) => e.type === "incident.caller_attached");
    expect(joined.data).toMatchObject({
      duplicateId: dup.body.id,
      caller: { name: "王**", phone: "*******3333" },
      narrative: "路口有人打架",
    });
  });

  it("escalates an order back to the police in one click, keeping the link", async () => {
    const tA = townAt(OPEN311_AT);
    const form = new URLSearchParams({
      api_key: DEMO_OPEN311_KEY,
      service_code: "dispute",
      lat: String(OPEN311_AT.lat),
      long: String(OPEN311_AT.lon),
      description: "邻居争吵，有人拿着刀",
    });
    const r = await open311("POST", "/requests.json", form.toString());
    expect(r.status, r.text).toBe(200);
    const order = (await as(`town-${tA.code}`)("GET", "/api/v1/work-orders?open=true")).body.find((o: any) => o.skill === "mediator");
    const esc = await as(`town-${tA.code}`)("POST", `/api/v1/work-orders/${order.id}/escalate`, { reason: "现场有人持刀，属警务" });
    expect(esc.status).toBe(200);
    expect(esc.body.workOrder).toMatchObject({ status: "escalated", escalation: { incidentId: esc.body.incidentId } });
    const police = await as("dispatcher")("GET", `/api/v1/incidents/${esc.body.incidentId}`);
    expect(police.body).toMatchObject({ status: "new", priority: "urgent", flags: { police: true } });
    const tl = await as("dispatcher")("GET", `/api/v1/incidents/${esc.body.incidentId}/timeline`);
    expect(tl.body.find((e: any) => e.type === "incident.escalated_from_work_order").data).toMatchObject({
      workOrderId: order.id,
      originIncidentId: order.incidentId,
    });
    const origin = await as("dispatcher")("GET", `/api/v1/incidents/${order.incidentId}/timeline`);
    expect(origin.body.find((e: any) => e.data.to === "escalated").data.escalatedIncidentId).toBe(esc.body.incidentId);
  });

  it("flags a police incident for the station commander after a dissatisfied follow-up", async () => {
    const d = as("dispatcher");
    const inc = await d("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.theft", location: OPEN311_AT });
    const closed = await d("POST", `/api/v1/incidents/${inc.body.id}/close`, { disposition: "resolved_on_scene" });
    expect(closed.status).toBe(200);
    const sweep = await as("admin")("POST", "/api/v1/governance/sweep", {});
    expect(sweep.body.followUpsScheduled).toBe(1);
    const f = (await as("followup")("GET", "/api/v1/followups?status=pending&subjectType=incident")).body.find(
      (x: any) => x.incidentId === inc.body.id,
    );
    const r = await as("followup")("POST", `/api/v1/followups/${f.id}`, { reached: true, satisfied: false, comment: "出警太慢" });
    expect(r.body.flaggedForCommander).toBe(true);
    const flags = await as("commander-kaixuan")("GET", "/api/v1/followups/commander-flags");
    expect(flags.status).toBe(200);
    expect(flags.body.map((x: any) => x.incidentId)).toContain(inc.body.id);
    const tl = await d("GET", `/api/v1/incidents/${inc.body.id}/timeline`);
    expect(tl.body.find((e: any) => e.type === "incident.flagged_for_commander").data.comment).toBe("出警太慢");
  });

  it("schedules a follow-up as soon as an incident closes when the background loop runs", async () => {
    // A long interval: only the close itself can trigger the pass within this test.
    const stop = startGovernance(l.ctx, { intervalS: 3600 });
    try {
      const d = as("dispatcher");
      const inc = await d("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.vandalism", location: CALL_AT });
      await d("POST", `/api/v1/incidents/${inc.body.id}/close`, { disposition: "advice_given" });
      const scheduled = async () =>
        !!(await l.ctx.db.selectFrom("followups").select("id").where("subject_id", "=", inc.body.id).executeTakeFirst());
      // Wait for the condition itself (bounded), not for a guessed delay.
      const until = Date.now() + 10_000;
      while (Date.now() < until && !(await scheduled())) await new Promise((r) => setImmediate(r));
      expect(await scheduled()).toBe(true);
    } finally {
      stop();
    }
  });

  it("lets a worker decline with a reason, and escalates an order whose deadline passes, once", async () => {
    const tB = townAt(CALL_AT);
    // Street obstruction gets a 2-minute dispatch timer in this city.
    const set = await as("admin")("PUT", "/api/v1/governance/timers", {
      stage: "dispatch",
      categoryCode: "complaint.obstruction",
      seconds: 120,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ seconds: 120, warnSeconds: 90 });
    const ct = as("calltaker");
    const inc = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "complaint.obstruction", location: CALL_AT });
    const wo = (await ct("POST", `/api/v1/triage/incidents/${inc.body.id}/route`, {})).body.workOrder;
    expect(wo.timers[0]).toMatchObject({ stage: "dispatch", seconds: 120 });
    const start = (clock.now().getTime() - t0) / 1000;

    const cm = (await as(`town-${tB.code}`)("GET", `/api/v1/work-orders/${wo.id}/candidates`)).body[0];
    await as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${wo.id}/dispatch`, { assigneeId: cm.userId });
    const dec = await as(`worker-${tB.code}-cm`)("POST", `/api/v1/work-orders/${wo.id}/decline`, { reason: "正在处理另一起工单" });
    expect(dec.status).toBe(200);
    expect(dec.body).toMatchObject({ status: "accepted", assigneeId: null, declines: { count: 1, lastReason: "正在处理另一起工单" } });

    // Nobody dispatches it again. The first dispatch met the 2-minute dispatch timer; past
    // 8 minutes the on-scene timer is overdue and the sweep escalates it to the district, once.
    advanceTo(start + 481);
    await as("admin")("POST", "/api/v1/governance/sweep", {});
    await as("admin")("POST", "/api/v1/governance/sweep", {});
    const tl = await as("dispatcher")("GET", `/api/v1/incidents/${inc.body.id}/timeline`);
    const overdue = tl.body.filter((e: any) => e.type === "workorder.timer_overdue");
    expect(overdue).toHaveLength(1);
    expect(overdue[0].data).toMatchObject({ stage: "on_scene", seconds: 480, escalateTo: "gongshu", workOrderId: wo.id });
    expect(tl.body.find((e: any) => e.data.to === "accepted").data.reason).toBe("正在处理另一起工单");
    const view = await as(`town-${tB.code}`)("GET", `/api/v1/work-orders/${wo.id}`);
    expect(view.body.timers.map((t: any) => t.state)).toEqual(["met", "overdue", "pending", "pending"]);
    // Clean up so later tests see one open order fewer.
    await as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${wo.id}/escalate`, { reason: "占道者拒不配合，需公安到场" });
  });

  it("configures routing per category and area", async () => {
    const admin = as("admin");
    const ct = as("calltaker");
    const inc = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "complaint.noise", location: CALL_AT });
    const preview = async () => (await ct("GET", `/api/v1/triage/incidents/${inc.body.id}/route`)).body;
    expect((await preview()).skill).toBe("city_management");
    // In Gongshu district, noise goes to the grid workers; elsewhere it stays with city management.
    const rule = await admin("PUT", "/api/v1/governance/routing-rules", {
      categoryCode: "complaint.noise",
      areaPath: "/hz/gongshu/",
      target: "town",
      skill: "grid_worker",
    });
    expect(rule.status).toBe(200);
    expect((await preview()).skill).toBe("grid_worker");
    const rules = await ct("GET", "/api/v1/governance/routing-rules");
    expect(rules.body.filter((r: any) => !r.builtIn)).toEqual([expect.objectContaining({ id: rule.body.id, areaPath: "/hz/gongshu/" })]);
    // Only an administrator changes rules; a bad one is refused.
    expect((await ct("PUT", "/api/v1/governance/routing-rules", { categoryCode: "*", target: "police" })).status).toBe(403);
    const bad = await admin("PUT", "/api/v1/governance/routing-rules", {
      categoryCode: "complaint.ufo",
      target: "town",
      skill: "mediator",
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: "unknown_code", field: "categoryCode" });
    expect((await admin("DELETE", `/api/v1/governance/routing-rules/${rule.body.id}`)).status).toBe(204);
    expect((await preview()).skill).toBe("city_management");
    // Plain POSTs without a body work for the one-click steps.
    const routed = await ct("POST", `/api/v1/triage/incidents/${inc.body.id}/route`);
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    const tB = townAt(CALL_AT);
    const d = await as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${routed.body.workOrder.id}/dispatch`);
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    const take = await as(`worker-${tB.code}-cm`)("POST", `/api/v1/work-orders/${routed.body.workOrder.id}/take`);
    expect(take.status, JSON.stringify(take.body)).toBe(200);
    const wf = await as(`worker-${tB.code}-cm`)("GET", "/api/v1/governance/workflow");
    expect(wf.body.transitions.taken).toEqual(["on_scene", "escalated"]);
  });

  // ---- bad input: a clear error, and nothing written ----------------------------------------------

  const rejects = async (send: () => Promise<{ status: number; body: any }>, status: number, match: Record<string, unknown> = {}) => {
    const before = await counts();
    const r = await send();
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body).toMatchObject(match);
    expect(await counts()).toEqual(before);
    return r.body;
  };

  it("bad input: illegal work-order transitions name the allowed ones", async () => {
    const tB = townAt(CALL_AT);
    const body = await rejects(() => as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${callOrder.id}/close`, {}), 409, {
      code: "illegal_transition",
      field: "status",
      allowed: [],
    });
    expect(body.titles.en).toMatch(/Cannot move from "Follow-up done" to "Closed"/);
    // A fresh order: on scene before it was even taken.
    const ct = as("calltaker");
    const inc = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "complaint.obstruction", location: CALL_AT });
    const wo = (await ct("POST", `/api/v1/triage/incidents/${inc.body.id}/route`, {})).body.workOrder;
    await rejects(() => as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${wo.id}/on-scene`, {}), 409, {
      code: "illegal_transition",
      allowed: ["dispatched", "escalated"],
    });
    callOrder = { ...callOrder, spare: wo };
  });

  it("bad input: taking an order already taken is 409", async () => {
    const tA = townAt(OPEN311_AT);
    const ct = as("calltaker");
    const inc = await ct("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "complaint.noise", location: OPEN311_AT });
    const wo = (await ct("POST", `/api/v1/triage/incidents/${inc.body.id}/route`, {})).body.workOrder;
    await as(`town-${tA.code}`)("POST", `/api/v1/work-orders/${wo.id}/dispatch`, {});
    // Both officers press 接单 at once: exactly one wins.
    const [a, b] = await Promise.all([
      as(`worker-${tA.code}-cm`)("POST", `/api/v1/work-orders/${wo.id}/take`, {}),
      as(`worker-${tA.code}-cm2`)("POST", `/api/v1/work-orders/${wo.id}/take`, {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? `worker-${tA.code}-cm` : `worker-${tA.code}-cm2`;
    await rejects(() => as(loser)("POST", `/api/v1/work-orders/${wo.id}/take`, {}), 409, { code: "already_taken" });
  });

  it("bad input: assigning to a worker outside the centre's area", async () => {
    const tB = townAt(CALL_AT);
    const tA = townAt(OPEN311_AT);
    const wo = callOrder.spare;
    const outsider = (await as("admin")("GET", `/api/v1/governance/workers?townId=${tA.id}&skill=city_management`)).body[0];
    expect(outsider).toBeTruthy();
    await rejects(() => as(`town-${tB.code}`)("POST", `/api/v1/work-orders/${wo.id}/dispatch`, { assigneeId: outsider.userId }), 422, {
      code: "assignee_out_of_area",
      field: "assigneeId",
    });
    // And another town's centre may not dispatch this town's order at all.
    await rejects(() => as(`town-${tA.code}`)("POST", `/api/v1/work-orders/${wo.id}/dispatch`, {}), 403, { code: "out_of_scope" });
    // Police read orders but do not dispatch them.
    await rejects(() => as("dispatcher")("POST", `/api/v1/work-orders/${wo.id}/dispatch`, {}), 403, { code: "forbidden" });
    // A worker cannot decline without a reason, or someone else's order.
    await rejects(() => as(`worker-${tB.code}-cm`)("POST", `/api/v1/work-orders/${wo.id}/decline`, {}), 400, { code: "validation" });
  });

  it("bad input: a follow-up recorded twice, or without the satisfaction answer", async () => {
    const done = (await as("followup")("GET", "/api/v1/followups?status=done")).body[0];
    await rejects(() => as("followup")("POST", `/api/v1/followups/${done.id}`, { reached: true, satisfied: true }), 409, {
      code: "follow_up_done",
    });
    const pending = await as("followup")("GET", "/api/v1/followups?status=pending");
    if (pending.body.length) {
      await rejects(() => as("followup")("POST", `/api/v1/followups/${pending.body[0].id}`, { reached: true }), 400, {
        field: "satisfied",
      });
    }
  });

  describe("bad input: Open311 posts answer with Open311 error bodies and the right HTTP codes", () => {
    const post =
      (fields: Record<string, string>, format = "json") =>
      async () => {
        const r = await open311("POST", `/requests.${format}`, new URLSearchParams(fields).toString());
        return { status: r.status, body: r.text };
      };
    const good = () => ({
      api_key: DEMO_OPEN311_KEY,
      service_code: "noise",
      lat: "30.2558",
      long: "120.1575",
      "attribute[NOISE_SOURCE]": "residential",
    });
    const expectError = (text: string, code: number, pattern: RegExp, format = "json") => {
      if (format === "xml") {
        wellFormed(text);
        const doc = parseXml(text);
        expect(doc.name).toBe("errors");
        const err = doc.children[0];
        expect(err.children.find((c) => c.name === "code")!.text).toBe(String(code));
        expect(err.children.find((c) => c.name === "description")!.text).toMatch(pattern);
        return;
      }
      const body = JSON.parse(text);
      expect(body).toEqual([{ code, description: expect.stringMatching(pattern) }]);
    };

    it("missing required attribute → 400", async () => {
      const { "attribute[NOISE_SOURCE]": _, ...missing } = good();
      const b = await rejects(post(missing), 400);
      expectError(b, 400, /attribute\[NOISE_SOURCE\] is required/);
      const x = await rejects(post(missing, "xml"), 400);
      expectError(x, 400, /NOISE_SOURCE/, "xml");
      const wrong = await rejects(post({ ...good(), "attribute[NOISE_SOURCE]": "aliens" }), 400);
      expectError(wrong, 400, /must be one of construction/);
    });

    it("unknown service_code → 404; none at all → 400", async () => {
      expectError(await rejects(post({ ...good(), service_code: "ufo" }), 404), 404, /service_code ufo was not found/);
      const { service_code: _, ...none } = good();
      expectError(await rejects(post(none), 400), 400, /service_code was not provided/);
    });

    it("bad or missing api_key → 403", async () => {
      expectError(await rejects(post({ ...good(), api_key: "not-a-real-key-at-all" }), 403), 403, /Invalid api_key/);
      const { api_key: _, ...nokey } = good();
      expectError(await rejects(post(nokey, "xml"), 403), 403, /api_key is missing/, "xml");
    });

    it("bad location → 400, and numbers are accepted where strings are expected", async () => {
      expectError(await rejects(post({ ...good(), lat: "ninety" }), 400), 400, /lat must be a number/);
      const { lat: _l, long: _g, ...nowhere } = good();
      expectError(await rejects(post(nowhere), 400), 400, /location is required/);
      expectError(await rejects(post({ ...good(), lat: "10", long: "10" }), 400), 400, /outside the jurisdiction/);
      // JSON body with numbers for lat/long: accepted, and the answer still carries strings.
      const { "attribute[NOISE_SOURCE]": _a, ...plain } = good();
      const r = await open311("POST", "/requests.json", {
        ...plain,
        lat: 30.256,
        long: 120.171,
        attribute: { NOISE_SOURCE: "square_dance" },
      });
      expect(r.status, r.text).toBe(200);
      const body = JSON.parse(r.text);
      conformsJson("post", body);
      expect(typeof body[0].service_request_id).toBe("string");
    });

    it("any form a client sends gets a 200 or an Open311 error, never a server error", async () => {
      const field = fc.constantFrom(
        "api_key",
        "service_code",
        "lat",
        "long",
        "address_string",
        "description",
        "attribute[NOISE_SOURCE]",
        "email",
        "media_url",
      );
      const val = fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(DEMO_OPEN311_KEY, "noise", "30.2898", "120.1874", "construction", "1e400", "-0", "NaN"),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(field, val), { maxLength: 8 }), async (pairs) => {
          const p = new URLSearchParams();
          for (const [k, v] of pairs) p.append(k, v);
          const r = await open311("POST", "/requests.json", p.toString());
          expect([200, 400, 403, 404]).toContain(r.status);
          const body = JSON.parse(r.text);
          if (r.status === 200) conformsJson("post", body);
          else expect(body).toEqual([{ code: r.status, description: expect.any(String) }]);
        }),
        { numRuns: 60, seed: 7 },
      );
    });

    it("unknown resources and formats → 404 Open311 errors", async () => {
      const r = await open311("GET", "/requests/nope.json");
      expect(r.status).toBe(404);
      expectError(r.text, 404, /nope was not found/);
      const t = await open311("GET", "/tokens/nope.xml");
      expect(t.status).toBe(404);
      expectError(t.text, 404, /token nope was not found/, "xml");
      const s = await open311("GET", "/services/ufo.json");
      expect(s.status).toBe(404);
      const f = await open311("GET", "/services.yaml");
      expect(f.status).toBe(400);
    });
  });
});
