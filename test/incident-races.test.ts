/**
 * Changes of one incident that race each other over HTTP: every state change takes the incident
 * row's lock first, so the later one sees what the earlier one did. A dispatch racing a cancel
 * never leaves a unit committed to a cancelled incident; concurrent 12345 transfers of one
 * incident record one transfer and refuse the rest with 409, never 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, type ApiResponse, backends, type Lantern, startLantern } from "./harness.ts";

const KAIXUAN = { lat: 30.2847, lon: 120.1949 };
const FIRST = "kaixuan-p1";
const SECOND = "kaixuan-p2";

/** 2xx, or a 409 that says why in a code; anything else (a 500, a hang-up) is a wrong outcome. */
function outcomeOf(r: ApiResponse): string {
  if (r.status >= 200 && r.status < 300) return "ok";
  if (r.status === 409 && typeof r.body?.code === "string") return r.body.code;
  return `unexpected ${r.status} ${JSON.stringify(r.body)}`;
}

describe.each(backends)("incident races on %s", (backend) => {
  let l: Lantern;
  let api: Api;

  beforeAll(async () => {
    l = await startLantern(backend);
    api = l.api(await l.login("dispatcher"));
  });
  afterAll(() => l?.close());

  const newIncident = async (categoryCode: string): Promise<string> => {
    const r = await api("POST", "/api/v1/incidents", { channel: "call_110", categoryCode, location: KAIXUAN });
    expect(r.status).toBe(201);
    return r.body.id;
  };

  it("a dispatch racing a cancel never leaves a unit committed to the cancelled incident (40 rounds)", async () => {
    const rounds = 40;
    const broken: string[] = [];
    const outcomes = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const id = await newIncident("alarm.fight");
      const first = await api("POST", `/api/v1/incidents/${id}/dispatch`, { unitIds: [FIRST] });
      expect(first.status).toBe(200);
      expect(first.body.incident.status).toBe("dispatched");

      const [more, cancel] = await Promise.all([
        api("POST", `/api/v1/incidents/${id}/dispatch`, { unitIds: [SECOND] }),
        api("POST", `/api/v1/incidents/${id}/cancel`, { reason: "报警人称已无需出警" }),
      ]);
      const seen = `dispatch ${outcomeOf(more)} / cancel ${outcomeOf(cancel)}`;
      outcomes.set(seen, (outcomes.get(seen) ?? 0) + 1);
      for (const r of [more, cancel]) expect(outcomeOf(r), seen).toMatch(/^(ok|illegal_transition|unit_unavailable|conflict)$/);

      const inc = await api("GET", `/api/v1/incidents/${id}`);
      const assignments = await api("GET", `/api/v1/incidents/${id}/assignments`);
      const units = await Promise.all([FIRST, SECOND].map((u) => api("GET", `/api/v1/units/${u}`)));
      if (inc.body.status !== "cancelled") {
        broken.push(`round ${round}: incident ${inc.body.status} after ${seen}`);
        continue;
      }
      const active = assignments.body.filter((a: { status: string }) => !["cleared", "cancelled"].includes(a.status));
      const committed = units.filter((u) => u.body.status.baseType !== "available" || u.body.incidentId !== null);
      if (active.length || committed.length) {
        broken.push(
          `round ${round} (${seen}): active ${active.map((a: { unitId: string }) => a.unitId).join(",") || "-"}; ` +
            `units not released ${committed.map((u) => `${u.body.id}=${u.body.status.code}`).join(",") || "-"}`,
        );
        // Free the stuck unit by hand, so the next round starts from two available units.
        for (const a of active) await api("POST", `/api/v1/incidents/${id}/units/${a.unitId}/status`, { status: "cancelled" });
      }
      // The cancel either saw the second unit (and released it) or the dispatch was refused.
      if (outcomeOf(more) === "ok") expect(assignments.body.map((a: { unitId: string }) => a.unitId).sort()).toEqual([FIRST, SECOND]);
      else expect(assignments.body.map((a: { unitId: string }) => a.unitId)).toEqual([FIRST]);
    }
    expect(broken, JSON.stringify(Object.fromEntries(outcomes))).toEqual([]);
  });

  it("30 concurrent 12345 transfers of one incident: one transfer, 29 refusals with a code, no 500", async () => {
    const id = await newIncident("complaint.government");
    const all = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api("POST", `/api/v1/triage/incidents/${id}/transfer-12345`, { reason: `市民咨询社保政策（第 ${i + 1} 次点击）` }),
      ),
    );
    const outcomes = all.map(outcomeOf);
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "ok" && !o.startsWith("unexpected"))).toHaveLength(29);
    expect(outcomes.filter((o) => o.startsWith("unexpected"))).toEqual([]);

    const transfers = await api("GET", "/api/v1/transfers-12345");
    expect(transfers.body.filter((t: { incident_id: string }) => t.incident_id === id)).toHaveLength(1);
    const inc = await api("GET", `/api/v1/incidents/${id}`);
    expect(inc.body).toMatchObject({ status: "closed", disposition: { code: "transferred" } });
    const routed = (await api("GET", `/api/v1/incidents/${id}/timeline`)).body.filter(
      (e: { type: string }) => e.type === "incident.routed",
    );
    expect(routed).toHaveLength(1);
  });

  it("two dispatches listing the same two units in opposite orders: one wins, the other 409, never a deadlock (20 rounds)", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const [a, b] = [await newIncident("alarm.fight"), await newIncident("alarm.theft")];
      const [ra, rb] = await Promise.all([
        api("POST", `/api/v1/incidents/${a}/dispatch`, { unitIds: [FIRST, SECOND] }),
        api("POST", `/api/v1/incidents/${b}/dispatch`, { unitIds: [SECOND, FIRST] }),
      ]);
      const seen = [outcomeOf(ra), outcomeOf(rb)].sort();
      outcomes.push(seen.join(" / "));
      expect(seen, `round ${round}`).toEqual(["ok", "unit_unavailable"]);
      const winner = outcomeOf(ra) === "ok" ? a : b;
      for (const u of [FIRST, SECOND]) {
        const unit = await api("GET", `/api/v1/units/${u}`);
        expect(unit.body.incidentId).toBe(winner);
      }
      expect((await api("POST", `/api/v1/incidents/${winner}/cancel`, { reason: "测试轮次结束" })).status).toBe(200);
    }
    expect(outcomes).toHaveLength(20);
  });
});
