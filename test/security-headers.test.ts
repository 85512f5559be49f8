/**
 * Every response carries the security headers (a CSP the console works under, no framing, no
 * MIME sniffing, no referrer), and every API response is `Cache-Control: no-store`: the unmasked
 * caller, the audit trail and the follow-up list carry personal data, and a live command system
 * has nothing a browser or proxy should keep. A route that chooses its own caching (the road
 * layer) keeps its choice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/platform/config.ts";
import { createHttpApp } from "../src/platform/http.ts";
import { loadRoadNetwork } from "../src/travel.ts";
import { type Api, backends, type Lantern, startLantern } from "./harness.ts";

/** The policy's directives by name, from the header. */
function directives(csp: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

function expectSecurityHeaders(headers: Headers, imgSrc = ["'self'", "data:", "blob:", "https:"]): void {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("referrer-policy")).toBe("no-referrer");
  const csp = directives(headers.get("content-security-policy"));
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("script-src")).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("connect-src")).toEqual(["'self'"]);
  // By default a browser may be set to draw an HTTPS tile server's map (MAP_TILE_SOURCES narrows it).
  expect(csp.get("img-src")).toEqual(imgSrc);
  // Plain HTTP on a closed network must keep working: nothing is upgraded to HTTPS.
  expect(csp.has("upgrade-insecure-requests")).toBe(false);
}

describe.each(backends)("security headers on %s", (backend) => {
  let l: Lantern;
  let admin: Api;
  let incidentId: string;

  beforeAll(async () => {
    l = await startLantern(backend);
    admin = l.api(await l.login("admin"));
    const r = await admin("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.theft",
      caller: { name: "张三", phone: "13800000000" },
      location: { lat: 30.255, lon: 120.17 },
    });
    expect(r.status).toBe(201);
    incidentId = r.body.id;
  });
  afterAll(() => l?.close());

  it("marks every response that carries personal data no-store, with the security headers", async () => {
    const reads = [
      `/api/v1/incidents/${incidentId}/caller?reason=${encodeURIComponent("核实报警人")}`,
      "/api/v1/audit",
      "/api/v1/followups",
      `/api/v1/incidents/${incidentId}`,
      "/api/v1/incidents",
    ];
    for (const path of reads) {
      const r = await admin("GET", path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get("cache-control"), path).toBe("no-store");
      expectSecurityHeaders(r.headers);
    }
    const caller = await admin("GET", `/api/v1/incidents/${incidentId}/caller?reason=${encodeURIComponent("核实报警人")}`);
    expect(caller.body).toEqual({ name: "张三", phone: "13800000000" });
  });

  it("marks refusals and unknown API paths no-store too", async () => {
    const refused = await l.api(null)("GET", "/api/v1/incidents");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expectSecurityHeaders(refused.headers);
    const missing = await admin("GET", "/api/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
  });

  // Not a property of the database; loading the road graph takes seconds, so once is enough.
  it.runIf(backend === "sqlite")("keeps a route's own caching choice", async () => {
    // The road layer, which chooses to be cached for an hour, is served once a road graph is loaded.
    loadRoadNetwork(l.ctx, () => {});
    const roads = await admin("GET", "/api/v1/map/roads");
    expect(roads.status).toBe(200);
    expect(roads.headers.get("cache-control")).toBe("private, max-age=3600");
    expectSecurityHeaders(roads.headers);
  });

  it("sends the headers with the console page and the API browser", async () => {
    const page = await fetch(`${l.url}/`);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page.headers);
    const docs = await fetch(`${l.url}/docs/`);
    expect(docs.status).toBe(200);
    expectSecurityHeaders(docs.headers);
  });
});

describe("the map tile sources in the policy", () => {
  it("allows images only from the configured tile server", async () => {
    const config = loadConfig({ MAP_TILE_SOURCES: "https://tiles.example.org" });
    expect(config.mapTileSources).toEqual(["https://tiles.example.org"]);
    const app = await createHttpApp({ authenticate: async () => null, allows: () => false }, { mapTileSources: config.mapTileSources });
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const r = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/openapi.json`);
      expect(r.status).toBe(200);
      expectSecurityHeaders(r.headers, ["'self'", "data:", "blob:", "https://tiles.example.org"]);
    } finally {
      await app.close();
    }
    // Set but empty: no tile server at all.
    expect(loadConfig({ MAP_TILE_SOURCES: "" }).mapTileSources).toEqual([]);
  });
});
