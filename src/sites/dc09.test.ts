/**
 * The headline case through real sockets: a DC-09 intrusion frame from a client socket → ACK →
 * in-progress incident with the response plan recommended → on the live event bus, under 1 s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { backends, type Lantern, ManualClock, startLantern } from "../../test/harness.ts";
import { sendFrame } from "../alarms/cli.ts";
import { buildDc09Frame } from "../alarms/dc09-frame.ts";
import { AlarmReceiver } from "../alarms/receiver.ts";
import type { BusEvent } from "../platform/events.ts";
import { handleDc09Signal } from "./dc09.ts";
import { createDevice, createSite } from "./registry.ts";
import { SITES_ACTOR } from "./runtime.ts";
import { dc09AccountLookup } from "./signals.ts";

const T = Date.parse("2026-11-28T19:00:00.000Z"); // 03:00 in Hangzhou
const KEY = "000102030405060708090a0b0c0d0e0f";

for (const backend of backends) {
  describe(`DC-09 panel → sites (${backend})`, () => {
    let l: Lantern;
    let clock: ManualClock;
    let receiver: AlarmReceiver;
    let port: number;
    beforeAll(async () => {
      clock = new ManualClock(T);
      l = await startLantern(backend, { clock });
      await createSite(l.ctx, SITES_ACTOR, {
        id: "dc09-site",
        name: "湖滨智安小区",
        type: "compound",
        location: { lat: 30.25, lon: 120.17, address: "上城区湖滨路8号" },
        contacts: [{ role: "guard", name: "钱保安", phone: "13611112222" }],
      });
      await createDevice(l.ctx, SITES_ACTOR, "dc09-site", {
        id: "dc09-panel",
        type: "alarm_panel",
        name: "门岗报警主机",
        dc09Account: "1A2B",
        dc09KeyHex: KEY,
      });
      const lookupAccount = await dc09AccountLookup(l.ctx);
      receiver = new AlarmReceiver({
        lookupAccount,
        onSignal: (s) => handleDc09Signal(l.ctx, s).then(() => {}),
        host: "127.0.0.1",
        tcpPort: 0,
        udpPort: 0,
        now: () => clock.now().getTime(),
      });
      ({ tcpPort: port } = (await receiver.start()) as { tcpPort: number });
    });
    afterAll(async () => {
      await receiver?.stop();
      await l?.close();
    });

    const frame = (sequence: number, data: string) =>
      buildDc09Frame(
        { token: "SIA-DCS", encrypted: true, sequence, line: "0", account: "1A2B", data, timestamp: clock.now().getTime() },
        { key: Buffer.from(KEY, "hex") },
      );

    it("a night intrusion frame is ACKed, becomes an in-progress incident with the plan, and reaches the live stream in under 1 s", async () => {
      // The console's live stream: a real WebSocket client signed in as the city dispatcher.
      const token = await l.login("dispatcher");
      const seen: BusEvent[] = [];
      let heard: () => void = () => {};
      const ws = new WebSocket(`${l.url.replace("http", "ws")}/api/v1/stream?token=${token}`);
      await new Promise<void>((resolve) => ws.on("message", (m) => JSON.parse(String(m)).kind === "hello" && resolve()));
      ws.on("message", (m) => {
        const msg = JSON.parse(String(m));
        if (msg.kind === "event") {
          seen.push(msg.event);
          heard();
        }
      });
      const started = performance.now();
      const answer = await sendFrame(frame(1, "#1A2B|Nri1/BA3"), { host: "127.0.0.1", port, udp: false, timeoutMs: 5000 });
      while (!seen.some((e) => e.type === "incident.plan_recommended")) await new Promise<void>((r) => (heard = r));
      const elapsed = performance.now() - started;
      ws.close();
      expect(answer?.toString("latin1")).toContain('"*ACK"0001');
      const alarm = seen.find((e) => e.type === "incident.site_alarm");
      const plan = seen.find((e) => e.type === "incident.plan_recommended");
      expect(alarm).toBeDefined();
      expect(plan?.streamId).toBe(alarm?.streamId);
      expect((plan!.data.unitIds as string[]).length).toBeGreaterThan(0);
      expect(elapsed).toBeLessThan(1000);
      const inc = await l.ctx.db.selectFrom("incidents").selectAll().where("id", "=", alarm!.streamId).executeTakeFirstOrThrow();
      expect(inc).toMatchObject({ category_code: "alarm.intrusion_alarm", priority: "in_progress", channel: "alarm_device" });
      expect((alarm!.data.signal as any).zone).toBe(3);

      // The panel did not hear the ACK and sends the frame again: ACK again, no second incident.
      const again = await sendFrame(frame(1, "#1A2B|Nri1/BA3"), { host: "127.0.0.1", port, udp: false, timeoutMs: 5000 });
      expect(again?.toString("latin1")).toContain('"*ACK"0001');
      const n = await l.ctx.db
        .selectFrom("incidents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
    });

    it("a restoral over DC-09 clears the device alarm and joins the incident's timeline", async () => {
      clock.advance(20);
      const answer = await sendFrame(frame(2, "#1A2B|Nri1/BR3"), { host: "127.0.0.1", port, udp: false, timeoutMs: 5000 });
      expect(answer?.toString("latin1")).toContain('"*ACK"0002');
      const dev = await l.ctx.db.selectFrom("site_devices").select("state").where("id", "=", "dc09-panel").executeTakeFirstOrThrow();
      expect(dev.state).toBe("normal");
      const last = await l.ctx.db
        .selectFrom("site_signals")
        .selectAll()
        .where("device_id", "=", "dc09-panel")
        .orderBy("received_at", "desc")
        .executeTakeFirstOrThrow();
      expect(last.outcome).toBe("restore");
      expect(last.incident_id).not.toBeNull();
    });
  });
}
