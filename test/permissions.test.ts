/**
 * The permission and org-scope rules as a matrix: role × action × target in the user's own
 * subtree or another's. The expected table below is the policy written out by hand, not derived
 * from the code's role table, so a change to either shows up here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type Lantern, startLantern } from "./harness.ts";

type Where = "own" | "other";
type Action = "read" | "create" | "update" | "recommend" | "dispatch" | "close" | "cancel" | "caller" | "timeline" | "unit_status" | "avl";

// Users and the org they act in. "own" targets lie in Kaixuan station (Shangcheng district);
// "other" targets in Beishan station (Xihu district).
const USERS: Record<string, "city" | "district" | "station"> = {
  admin: "city",
  calltaker: "city",
  dispatcher: "city",
  "dispatcher-sc": "district",
  "commander-kaixuan": "station",
  "officer-kaixuan-c1": "station",
  analyst: "city",
  auditor: "city",
};

const ALLOWED: Record<Action, string[]> = {
  read: ["admin", "calltaker", "dispatcher", "dispatcher-sc", "commander-kaixuan", "officer-kaixuan-c1", "analyst", "auditor"],
  timeline: ["admin", "calltaker", "dispatcher", "dispatcher-sc", "commander-kaixuan", "officer-kaixuan-c1", "analyst", "auditor"],
  create: ["admin", "calltaker", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  update: ["admin", "calltaker", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  recommend: ["admin", "calltaker", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  dispatch: ["admin", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  close: ["admin", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  cancel: ["admin", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  caller: ["admin", "calltaker", "dispatcher", "dispatcher-sc", "commander-kaixuan", "officer-kaixuan-c1"],
  // Setting another unit's status on its behalf; the officer may only move his own unit.
  unit_status: ["admin", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
  avl: ["admin", "dispatcher", "dispatcher-sc", "commander-kaixuan"],
};

const PLACE: Record<Where, { lat: number; lon: number }> = {
  own: { lat: 30.255, lon: 120.17 }, // Kaixuan zone 1
  other: { lat: 30.3, lon: 120.08 }, // Beishan, Xihu district
};
const UNIT: Record<Where, string> = { own: "kaixuan-p2", other: "beishan-p2" };

function expected(user: string, action: Action, where: Where): boolean {
  return ALLOWED[action].includes(user) && (where === "own" || USERS[user] === "city");
}

describe.each(backends)("permission × scope matrix on %s", (backend) => {
  let l: Lantern;
  const tokens = new Map<string, string>();
  let admin: ReturnType<Lantern["api"]>;

  beforeAll(async () => {
    l = await startLantern(backend);
    for (const u of Object.keys(USERS)) tokens.set(u, await l.login(u));
    admin = l.api(tokens.get("admin")!);
  });
  afterAll(() => l?.close());

  const newIncident = async (where: Where) => {
    const r = await admin("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.theft", location: PLACE[where] });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  const perform: Record<Action, (api: ReturnType<Lantern["api"]>, where: Where) => Promise<number>> = {
    read: async (api, w) => (await api("GET", `/api/v1/incidents/${await newIncident(w)}`)).status,
    timeline: async (api, w) => (await api("GET", `/api/v1/incidents/${await newIncident(w)}/timeline`)).status,
    create: async (api, w) =>
      (await api("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.theft", location: PLACE[w] })).status,
    update: async (api, w) => (await api("PATCH", `/api/v1/incidents/${await newIncident(w)}`, { narrative: "补充" })).status,
    recommend: async (api, w) => (await api("GET", `/api/v1/incidents/${await newIncident(w)}/recommendation`)).status,
    dispatch: async (api, w) =>
      (await api("POST", `/api/v1/incidents/${await newIncident(w)}/dispatch`, { unitIds: ["no-such-unit"] })).status,
    close: async (api, w) => (await api("POST", `/api/v1/incidents/${await newIncident(w)}/close`, { disposition: "advice_given" })).status,
    cancel: async (api, w) => (await api("POST", `/api/v1/incidents/${await newIncident(w)}/cancel`, { reason: "重复报警" })).status,
    caller: async (api, w) => (await api("GET", `/api/v1/incidents/${await newIncident(w)}/caller?reason=test`)).status,
    unit_status: async (api, w) => {
      const r = await api("POST", `/api/v1/units/${UNIT[w]}/status`, { status: "at_station" });
      if (r.status === 200) await admin("POST", `/api/v1/units/${UNIT[w]}/status`, { status: "available" });
      return r.status;
    },
    avl: async (api, w) => (await api("POST", `/api/v1/units/${UNIT[w]}/position`, { lat: 30.25, lon: 120.17 })).status,
  };

  for (const action of Object.keys(ALLOWED) as Action[]) {
    it(`${action}`, async () => {
      const rows: string[] = [];
      for (const user of Object.keys(USERS)) {
        for (const where of ["own", "other"] as Where[]) {
          const status = await perform[action](l.api(tokens.get(user)!), where);
          const allowed = expected(user, action, where);
          const ok = allowed ? status !== 403 && status !== 401 && status < 500 : status === 403;
          if (!ok) rows.push(`${user} ${action} ${where}: got ${status}, expected ${allowed ? "allowed" : "403"}`);
        }
      }
      expect(rows).toEqual([]);
    });
  }

  it("lets an officer move only his own unit, and see an incident his unit was sent to outside his station", async () => {
    const officer = l.api(tokens.get("officer-kaixuan-c1")!);
    expect((await officer("POST", "/api/v1/units/kaixuan-c1/status", { status: "at_station" })).status).toBe(200);
    expect((await officer("POST", "/api/v1/units/kaixuan-c1/status", { status: "available" })).status).toBe(200);
    expect((await officer("POST", "/api/v1/units/kaixuan-p1/status", { status: "at_station" })).status).toBe(403);
    const far = await newIncident("other");
    expect((await officer("GET", `/api/v1/incidents/${far}`)).status).toBe(403);
    const sent = await admin("POST", `/api/v1/incidents/${far}/dispatch`, { unitIds: ["kaixuan-c1"] });
    expect(sent.status).toBe(200);
    expect((await officer("GET", `/api/v1/incidents/${far}`)).status).toBe(200);
    expect((await officer("POST", `/api/v1/incidents/${far}/units/kaixuan-c1/status`, { status: "acknowledged" })).status).toBe(200);
  });

  it("filters lists by scope", async () => {
    const sc = l.api(tokens.get("dispatcher-sc")!);
    const list = await sc("GET", "/api/v1/incidents?limit=1000");
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    for (const i of list.body) expect(i.orgPath.startsWith("/hz/shangcheng/")).toBe(true);
    const units = await sc("GET", "/api/v1/units");
    expect(units.body.length).toBe(12);
    for (const u of units.body) expect(u.orgPath.startsWith("/hz/shangcheng/")).toBe(true);
  });
});
