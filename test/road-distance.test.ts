/**
 * A recommendation on the road network gives every candidate shown its road distance: the
 * one-to-many search that ranks units yields times only, and the page used to print the missing
 * distance as 0.0 km. The road is never shorter than the straight line between its ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contract } from "../src/geo/ch.ts";
import { largestComponent } from "../src/geo/components.ts";
import { RoadNetwork } from "../src/geo/road-network.ts";
import { RoadTravelTimes } from "../src/geo/road-travel-times.ts";
import { DEMO_BBOX, syntheticCity } from "../src/geo/synthetic-city.ts";
import { haversineMeters } from "../src/platform/geodesy.ts";
import { type Api, type Lantern, startLantern } from "./harness.ts";

describe("road distances in a recommendation", () => {
  let l: Lantern;
  let api: Api;

  beforeAll(async () => {
    // A small generated city over the demo's box, so the demo's units sit near its roads.
    const { graph } = largestComponent(syntheticCity({ bbox: DEMO_BBOX, nodes: 3000, seed: 7 }));
    l = await startLantern("sqlite", { travel: new RoadTravelTimes(new RoadNetwork(graph, contract(graph))) });
    api = l.api(await l.login("dispatcher"));
  });
  afterAll(() => l?.close());

  it("names the road metres of every chosen unit and alternative", async () => {
    const scene = { lat: 30.255, lon: 120.17 };
    const created = await api("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.burglary",
      priority: "in_progress",
      location: { ...scene, address: "上城区湖滨路 1 号" },
    });
    expect(created.status).toBe(201);
    const rec = await api("GET", `/api/v1/incidents/${created.body.id}/recommendation`);
    expect(rec.status).toBe(200);
    expect(rec.body.travelMethod).toBe("road");
    const units = (await api("GET", "/api/v1/units")).body as { id: string; position: { lat: number; lon: number } | null }[];
    const at = new Map(units.map((u) => [u.id, u.position]));
    const shown = rec.body.requirements.flatMap((r: { chosen: unknown[]; alternatives: unknown[] }) => [...r.chosen, ...r.alternatives]);
    expect(shown.length).toBeGreaterThan(0);
    for (const c of shown as { unitId: string; meters: number | null }[]) {
      const pos = at.get(c.unitId);
      expect(pos).toBeTruthy();
      expect(c.meters).not.toBeNull();
      // Snapping onto the road at both ends can save a little; a road is never much shorter than the line.
      expect(c.meters as number).toBeGreaterThan(0.8 * haversineMeters(pos!, scene));
    }
  });
});
