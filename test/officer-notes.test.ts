/**
 * Who may add a note to an incident's timeline: anyone with incident:update within their org
 * subtree (call-takers, dispatchers, commanders), and an officer only on an incident his unit is
 * or was assigned to, even one inside his own station.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, backends, type Lantern, startLantern } from "./harness.ts";

const KAIXUAN = { lat: 30.2847, lon: 120.1949 };
const BEISHAN = { lat: 30.3, lon: 120.08 };

describe.each(backends)("incident notes by role on %s", (backend) => {
  let l: Lantern;
  let dispatcher: Api;
  let officer: Api;
  let calltaker: Api;
  let commander: Api;

  beforeAll(async () => {
    l = await startLantern(backend);
    [dispatcher, officer, calltaker, commander] = await Promise.all(
      ["dispatcher", "officer-kaixuan-c1", "calltaker", "commander-kaixuan"].map(async (u) => l.api(await l.login(u))),
    );
  });
  afterAll(() => l?.close());

  const newIncident = async (location: { lat: number; lon: number }): Promise<string> => {
    const r = await dispatcher("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.fight", location });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const notesOf = async (id: string) =>
    (await dispatcher("GET", `/api/v1/incidents/${id}/timeline`)).body.filter((e: { type: string }) => e.type === "incident.note_added");

  it("refuses an officer's note on an incident of his station that his unit was never sent to", async () => {
    const id = await newIncident(KAIXUAN);
    expect((await officer("GET", `/api/v1/incidents/${id}`)).status).toBe(200);
    const r = await officer("POST", `/api/v1/incidents/${id}/notes`, { text: "路过看了一眼" }, { "accept-language": "en" });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: "forbidden", permission: "incident:update" });
    expect(r.body.titles["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.title).toBe(r.body.titles.en);
    expect(await notesOf(id)).toEqual([]);
  });

  it("refuses an officer's note outside his station as out of scope", async () => {
    const id = await newIncident(BEISHAN);
    const r = await officer("POST", `/api/v1/incidents/${id}/notes`, { text: "我不在这个警情上" });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("out_of_scope");
    expect(await notesOf(id)).toEqual([]);
  });

  it("lets the officer note an incident his unit is on, and still after it was released", async () => {
    const id = await newIncident(KAIXUAN);
    expect((await dispatcher("POST", `/api/v1/incidents/${id}/dispatch`, { unitIds: ["kaixuan-c1"] })).status).toBe(200);
    expect((await officer("POST", `/api/v1/incidents/${id}/notes`, { text: "已到达路口" })).status).toBe(201);
    expect((await dispatcher("POST", `/api/v1/incidents/${id}/cancel`, { reason: "双方已离开" })).status).toBe(200);
    expect((await officer("POST", `/api/v1/incidents/${id}/notes`, { text: "补记：双方已离开" })).status).toBe(201);
    expect((await notesOf(id)).map((e: { data: { text: string; unitId: string } }) => [e.data.text, e.data.unitId])).toEqual([
      ["已到达路口", "kaixuan-c1"],
      ["补记：双方已离开", "kaixuan-c1"],
    ]);
  });

  it("keeps call-takers, dispatchers and commanders as they were", async () => {
    const id = await newIncident(KAIXUAN);
    for (const [user, api] of [
      ["calltaker", calltaker],
      ["commander", commander],
      ["dispatcher", dispatcher],
    ] as const) {
      expect((await api("POST", `/api/v1/incidents/${id}/notes`, { text: `${user} 备注` })).status).toBe(201);
    }
    expect(await notesOf(id)).toHaveLength(3);
    const outside = await commander("POST", `/api/v1/incidents/${await newIncident(BEISHAN)}/notes`, { text: "越界" });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe("out_of_scope");
  });
});
