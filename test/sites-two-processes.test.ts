/**
 * Two Lantern processes share one PostgreSQL database and each receives an alarm from a different
 * device of the same site at the same moment (each from its own broker connection). The site's
 * lease makes them take turns: one signal opens the incident, the other joins it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createSite } from "../src/sites/registry.ts";
import { configureSites, SITES_ACTOR } from "../src/sites/runtime.ts";
import { handleAlarmSignal } from "../src/sites/signals.ts";
import { type Lantern, startLantern } from "./harness.ts";

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.log("two-process site suite skipped: set TEST_DATABASE_URL to run it.");

describe.skipIf(!pgUrl)("one site, two processes, simultaneous first alarms", () => {
  let a: Lantern;
  let b: Lantern;
  beforeAll(async () => {
    a = await startLantern("postgres");
    b = await startLantern("postgres", { seed: false, databaseUrl: a.databaseUrl! });
    for (const l of [a, b]) configureSites(l.ctx, { correlationWindowS: 300 });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("opens one incident per site, whichever process hears first", async () => {
    const rounds = 6;
    for (let i = 0; i < rounds; i++) {
      const siteId = `twin-${i}`;
      await createSite(a.ctx, SITES_ACTOR, {
        id: siteId,
        name: `双进程小区${i}`,
        type: "compound",
        location: { lat: 30.25, lon: 120.17, address: `上城区测试路${i}号` },
        contacts: [{ role: "guard", name: "张保安", phone: "13800005678" }],
      });
      for (const d of ["east", "west"])
        await createDevice(a.ctx, SITES_ACTOR, siteId, {
          id: `${siteId}-${d}`,
          type: "smoke",
          name: d,
          location: `${d}门`,
          heartbeatS: 60,
        });
    }
    const at = new Date().toISOString();
    const results = await Promise.all(
      Array.from({ length: rounds }, (_, i) =>
        Promise.all(
          (["east", "west"] as const).map((d, k) =>
            handleAlarmSignal(k === 0 ? a.ctx : b.ctx, {
              source: "mqtt",
              siteId: `twin-${i}`,
              deviceId: `twin-${i}-${d}`,
              eventCode: "smoke",
              qualifier: "new",
              at,
              raw: { d },
            }),
          ),
        ),
      ),
    );
    for (const [i, pair] of results.entries()) {
      expect(pair.map((r) => r.outcome).sort(), `site twin-${i}`).toEqual(["correlated", "incident"]);
      expect(pair[0].incident?.id).toBe(pair[1].incident?.id);
    }
    const incidents = await a.ctx.db.selectFrom("incidents").select("id").where("channel", "=", "sensor").execute();
    expect(incidents).toHaveLength(rounds);
    // Every lease was given back.
    expect(await a.ctx.db.selectFrom("site_leases").selectAll().execute()).toEqual([]);
  });
});
