/**
 * Two Lantern processes share one PostgreSQL database and each receives an alarm from a different
 * device of the same site at the same moment (each from its own broker connection). The site's
 * lease makes them take turns: one signal opens the incident, the other joins it.
 */
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SiteIngestion, startSiteIngestion } from "../src/sites/ingestion.ts";
import { createDevice, createSite } from "../src/sites/registry.ts";
import { configureSites, SITES_ACTOR } from "../src/sites/runtime.ts";
import { handleAlarmSignal, type SignalResult } from "../src/sites/signals.ts";
import { backends, type Lantern, startLantern } from "./harness.ts";

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

/**
 * Two Lantern processes connected to one MQTT broker at once, each with the default client id.
 * With a fixed id they took each other's session: the broker drops one when the other connects,
 * it reconnects a second later and drops the other, and each event reaches only whichever holds
 * the session at that moment. Each process has its own session now, so each receives every
 * event; on one PostgreSQL database a signal is still stored once (its idempotency key under the
 * site's lease), and the other process finds it already handled.
 */
const mqttUrl = process.env.MQTT_URL;
if (!mqttUrl) console.log("two-process broker suite skipped: set MQTT_URL (e.g. mqtt://127.0.0.1:1883) to run it.");

for (const backend of backends) {
  describe.skipIf(!mqttUrl)(`two processes on one MQTT broker (${backend})`, () => {
    // On PostgreSQL both share one database, as a cluster does; SQLite is one process's database,
    // so there each has its own (two deployments sharing a broker).
    const shared = backend === "postgres";
    const siteId = `twin-mq-${Math.random().toString(36).slice(2, 8)}`;
    const device = `${siteId}-smoke`;
    const topic = `lantern/sites/${siteId}/devices/${device}/events`;
    const messages = 10;
    let a: Lantern;
    let b: Lantern;
    const ingestions: SiteIngestion[] = [];
    const seen = [new Map<string, SignalResult>(), new Map<string, SignalResult>()];
    let pub: MqttClient;

    beforeAll(async () => {
      a = await startLantern(backend);
      b = shared ? await startLantern(backend, { seed: false, databaseUrl: a.databaseUrl! }) : await startLantern(backend);
      for (const l of shared ? [a] : [a, b]) {
        await createSite(l.ctx, SITES_ACTOR, {
          id: siteId,
          name: "双进程订阅小区",
          type: "compound",
          location: { lat: 30.25, lon: 120.17, address: "上城区测试路9号" },
        });
        await createDevice(l.ctx, SITES_ACTOR, siteId, { id: device, type: "smoke", name: "烟感", heartbeatS: 60 });
      }
      for (const [i, l] of [a, b].entries()) {
        // No clientId: what `lantern serve` does when MQTT_CLIENT_ID is unset.
        ingestions.push(
          await startSiteIngestion(l.ctx, {
            mqttUrl,
            sweeps: false,
            onSignal: (r, _topic, _at, payload) => void seen[i].set(JSON.parse(payload.toString("utf8")).id, r),
          }),
        );
      }
      pub = await mqtt.connectAsync(mqttUrl!, { clientId: `lantern-test-pub-${Math.random().toString(36).slice(2)}`, clean: true });
    });
    afterAll(async () => {
      await pub?.endAsync();
      for (const i of ingestions.splice(0)) await i.stop();
      await b?.close();
      await a?.close();
    });

    it("both stay connected, both receive every event, and an alarm makes one incident per database", async () => {
      const at = new Date().toISOString();
      for (let n = 0; n < messages; n++) {
        const payload = { id: `evt-${n}`, at, event: n === 0 ? "alarm" : "test" };
        await pub.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
      }
      // Bounded: each event is handled in milliseconds; with a shared session some never arrive.
      const deadline = Date.now() + 10_000;
      while (seen.some((s) => s.size < messages) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((s) => s.size)).toEqual([messages, messages]);
      expect(ingestions.map((i) => ({ disconnects: i.stats.disconnects, reconnects: i.stats.reconnects }))).toEqual([
        { disconnects: 0, reconnects: 0 },
        { disconnects: 0, reconnects: 0 },
      ]);
      expect(ingestions[0].clientId).not.toBe(ingestions[1].clientId);
      for (const i of ingestions) expect(i.clientId).toMatch(new RegExp(`^lantern-sites-.+-${process.pid}-[0-9a-f]{8}-events$`));
      for (let n = 0; n < messages; n++) {
        const [ra, rb] = seen.map((s) => s.get(`evt-${n}`)!);
        // One database: one process handled it, the other found its outcome. Two: each handled it.
        expect([ra.replayed, rb.replayed].sort()).toEqual(shared ? [false, true] : [false, false]);
        expect(ra.outcome).toBe(n === 0 ? "incident" : "status");
        expect(rb.outcome).toBe(ra.outcome);
      }
      for (const l of shared ? [a] : [a, b]) {
        const incidents = await l.ctx.db
          .selectFrom("site_signals")
          .select("incident_id")
          .distinct()
          .where("site_id", "=", siteId)
          .where("incident_id", "is not", null)
          .execute();
        expect(incidents).toHaveLength(1);
        const rows = await l.ctx.db.selectFrom("site_signals").select("key").where("site_id", "=", siteId).execute();
        expect(rows).toHaveLength(messages);
      }
    });

    it("removes its generated session from the broker when it stops", async () => {
      const ids = ingestions.map((i) => i.clientId);
      for (const i of ingestions.splice(0)) await i.stop();
      for (const clientId of ids) {
        // A persistent connect reports whether the broker still held a session for the id.
        const probe = mqtt.connect(mqttUrl!, { clientId, clean: false, reconnectPeriod: 0 });
        const connack = await new Promise<{ sessionPresent: boolean }>((resolve, reject) => {
          probe.once("connect", resolve);
          probe.once("error", reject);
        });
        await probe.endAsync();
        // The probe made a session of its own: leave none behind.
        await (await mqtt.connectAsync(mqttUrl!, { clientId, clean: true, reconnectPeriod: 0 })).endAsync();
        expect(connack.sessionPresent, clientId).toBe(false);
      }
    });
  });
}
