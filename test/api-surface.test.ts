/** Health, OpenAPI, docs, the live stream's scope filter and catch-up, and the CLI's --help. */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Lantern, startLantern } from "./harness.ts";

describe("API surface", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("answers /healthz without a session", async () => {
    const r = await l.api(null)("GET", "/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", database: "sqlite" });
  });

  it("describes every route in /openapi.json, and serves /docs", async () => {
    const r = await l.api(null)("GET", "/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, object>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    // Every route the server has, in OpenAPI's {param} form, is documented.
    const routes = (l.app as unknown as { routeList: { method: string; url: string; hidden: boolean }[] }).routeList.filter(
      (r) => !r.hidden && r.method !== "HEAD" && (r.url.startsWith("/api/") || r.url === "/healthz"),
    );
    expect(routes.length).toBeGreaterThan(30);
    const undocumented = routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, "{$1}")}`).filter((r) => !documented.has(r));
    expect(undocumented).toEqual([]);
    for (const e of ["POST /api/v1/incidents", "POST /api/v1/incidents/{id}/dispatch", "GET /api/v1/stream", "GET /healthz"]) {
      expect(documented).toContain(e);
    }
    // Each documented operation states its error shape.
    const create = r.body.paths["/api/v1/incidents"].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409", "422"]));
    const docs = await fetch(`${l.url}/docs`, { redirect: "follow" });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it("streams only in-scope events, and catches up after a reconnect with no gap", async () => {
    const admin = l.api(await l.login("admin"));
    const scToken = await l.login("dispatcher-sc");
    const open = (since?: number) =>
      new Promise<{ ws: WebSocket; messages: any[]; hello: any }>((resolve) => {
        const ws = new WebSocket(
          `${l.url.replace("http", "ws")}/api/v1/stream?token=${scToken}${since !== undefined ? `&since=${since}` : ""}`,
        );
        const messages: any[] = [];
        ws.on("message", (m) => {
          const msg = JSON.parse(String(m));
          if (msg.kind === "hello") resolve({ ws, messages, hello: msg });
          else if (msg.kind === "event") messages.push(msg.event);
        });
      });
    const waitFor = async (messages: any[], pred: (e: any) => boolean) => {
      while (!messages.some(pred)) await new Promise((r) => setImmediate(r));
    };
    const first = await open();
    const inside = await admin("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.theft",
      location: { lat: 30.2898, lon: 120.1874 },
    });
    const outside = await admin("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.theft",
      location: { lat: 30.3, lon: 120.08 },
    });
    await waitFor(first.messages, (e) => e.streamId === inside.body.id);
    // A marker inside scope, created after the outside one, proves the outside one was filtered, not late.
    const marker = await admin("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.fraud",
      location: { lat: 30.256, lon: 120.171 },
    });
    await waitFor(first.messages, (e) => e.streamId === marker.body.id);
    expect(first.messages.some((e) => e.streamId === outside.body.id)).toBe(false);
    const lastSeen = Math.max(...first.messages.map((e) => e.seq));
    first.ws.close();

    // While disconnected, two changes happen in scope; the reconnect replays them in order.
    const missed1 = await admin("POST", "/api/v1/incidents", {
      channel: "app",
      categoryCode: "alarm.theft",
      location: { lat: 30.3, lon: 120.19 },
    });
    const missed2 = await admin("PATCH", `/api/v1/incidents/${missed1.body.id}`, { narrative: "补充描述" });
    expect(missed2.status).toBe(200);
    const second = await open(lastSeen);
    await waitFor(second.messages, (e) => e.type === "incident.updated" && e.streamId === missed1.body.id);
    const seqs = second.messages.map((e) => e.seq);
    expect(seqs[0]).toBeGreaterThan(lastSeen);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(second.messages.map((e) => e.type)).toEqual(["incident.created", "incident.updated"]);
    second.ws.close();
  });
});

describe("a refused stream upgrade", () => {
  it("is answered and closed, so the refused socket does not keep the server from shutting down", async () => {
    const l = await startLantern("sqlite", { seed: false });
    let closed = false;
    try {
      // The client keeps its end open after the refusal, as a browser retrying does: only the
      // server closing the socket ends the connection.
      const answers = await Promise.all(
        ["not-a-token", ""].map(
          (token) =>
            new Promise<number>((resolve) => {
              const ws = new WebSocket(`${l.url.replace("http", "ws")}/api/v1/stream?token=${token}`);
              ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
              ws.on("error", () => resolve(-1));
            }),
        ),
      );
      expect(answers).toEqual([401, 401]);
      // Without the fix this close waits for the leaked sockets forever (the test then times out).
      await l.close();
      closed = true;
    } finally {
      if (!closed) await l.close();
    }
  }, 30_000);
});

describe("CLI", () => {
  for (const cmd of [[], ["serve"], ["migrate"], ["seed-demo"], ["user", "add"], ["triage", "eval"]]) {
    it(`lantern ${cmd.join(" ")} --help`, () => {
      const r = spawnSync(process.execPath, ["bin/lantern.js", ...cmd, "--help"], { encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: lantern/);
    });
  }
});

describe("call-taker helpers", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("finds standard addresses by type-ahead, prefix matches first", async () => {
    const api = l.api(await l.login("calltaker"));
    const r = await api("GET", `/api/v1/addresses?q=${encodeURIComponent("延安路 1")}`);
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(0);
    expect(r.body.length).toBeLessThanOrEqual(10);
    for (const a of r.body) expect(a.text.startsWith("延安路1")).toBe(true);
    expect(r.body[0].text).toBe("延安路1号");
    expect(r.body[0].zoneId).toMatch(/-z[1-4]$/);
    const none = await api("GET", `/api/v1/addresses?q=${encodeURIComponent("不存在的路")}`);
    expect(none.body).toEqual([]);
    const bad = await api("GET", "/api/v1/addresses?q=");
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("q");
  });

  it("hints at open incidents nearby, similar ones first", async () => {
    const api = l.api(await l.login("dispatcher"));
    const mk = (categoryCode: string, lat: number, lon: number) =>
      api("POST", "/api/v1/incidents", { channel: "call_110", categoryCode, location: { lat, lon } });
    const near = await mk("alarm.fight", 30.2899, 120.1875);
    const nearOther = await mk("complaint.noise", 30.2897, 120.1873);
    const far = await mk("alarm.fight", 30.3, 120.2);
    const r = await api("GET", "/api/v1/incidents/nearby?lat=30.2898&lon=120.1874&radiusM=300&categoryCode=alarm.fight");
    expect(r.status).toBe(200);
    const ids = r.body.map((i: { id: string }) => i.id);
    expect(ids).toEqual([near.body.id, nearOther.body.id]);
    expect(ids).not.toContain(far.body.id);
    expect(r.body[0]).toMatchObject({ similar: "same_category" });
    expect(r.body[0].distanceM).toBeLessThan(30);
    expect(r.body[1].similar).toBeNull();
  });
});

describe("incident notes", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("lets an officer on the incident add a note to its timeline, and nobody else outside scope", async () => {
    const dispatcher = l.api(await l.login("dispatcher"));
    const inc = await dispatcher("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.fight",
      location: { lat: 30.3, lon: 120.08 },
    });
    const officer = l.api(await l.login("officer-kaixuan-c1"));
    expect((await officer("POST", `/api/v1/incidents/${inc.body.id}/notes`, { text: "现场两人已分开" })).status).toBe(403);
    await dispatcher("POST", `/api/v1/incidents/${inc.body.id}/dispatch`, { unitIds: ["kaixuan-c1"] });
    const added = await officer("POST", `/api/v1/incidents/${inc.body.id}/notes`, { text: "  现场两人已分开  " });
    expect(added.status).toBe(201);
    const empty = await officer("POST", `/api/v1/incidents/${inc.body.id}/notes`, { text: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe("text");
    const tl = await dispatcher("GET", `/api/v1/incidents/${inc.body.id}/timeline`);
    const notes = tl.body.filter((e: { type: string }) => e.type === "incident.note_added");
    expect(notes).toHaveLength(1);
    expect(notes[0].data).toMatchObject({ text: "现场两人已分开", unitId: "kaixuan-c1" });
  });
});
