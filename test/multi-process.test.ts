/**
 * Two Lantern servers share one PostgreSQL database and fan events out through NATS: a console
 * connected to one sees, live, an incident created through the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { bridgeToNats, type NatsBridge } from "../src/platform/bus-nats.ts";
import { type Lantern, startLantern } from "./harness.ts";

const natsUrl = process.env.NATS_URL;
const pgUrl = process.env.TEST_DATABASE_URL;
if (!natsUrl || !pgUrl) console.log("multi-process suite skipped: set NATS_URL and TEST_DATABASE_URL to run it.");

describe.skipIf(!natsUrl || !pgUrl)("two processes, one database, NATS between them", () => {
  let a: Lantern;
  let b: Lantern;
  const bridges: NatsBridge[] = [];
  beforeAll(async () => {
    a = await startLantern("postgres");
    b = await startLantern("postgres", { seed: false, databaseUrl: a.databaseUrl! });
    // Each server gets its own subject namespace per run, so parallel suites do not cross.
    const subject = `lantern.test.${Date.now()}.${Math.random().toString(36).slice(2)}`;
    bridges.push(await bridgeToNats(a.ctx.bus, natsUrl!, subject), await bridgeToNats(b.ctx.bus, natsUrl!, subject));
  });
  afterAll(async () => {
    for (const br of bridges) await br.close();
    await b?.close();
    await a?.close();
  });

  it("delivers a change committed on A to a stream client on B", async () => {
    const tokenB = await b.login("dispatcher");
    const messages: { type: string; streamId: string }[] = [];
    let arrived: () => void = () => {};
    const ws = new WebSocket(`${b.url.replace("http", "ws")}/api/v1/stream?token=${tokenB}`);
    await new Promise<void>((resolve) => ws.on("message", (m) => JSON.parse(String(m)).kind === "hello" && resolve()));
    ws.on("message", (m) => {
      const msg = JSON.parse(String(m));
      if (msg.kind === "event") {
        messages.push(msg.event);
        arrived();
      }
    });
    const created = await a.api(await a.login("dispatcher"))("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.theft",
      location: { lat: 30.255, lon: 120.17 },
    });
    expect(created.status).toBe(201);
    while (!messages.some((e) => e.streamId === created.body.id)) await new Promise<void>((r) => (arrived = r));
    expect(messages.find((e) => e.streamId === created.body.id)?.type).toBe("incident.created");
    // B reads the same row from the shared database.
    const read = await b.api(tokenB)("GET", `/api/v1/incidents/${created.body.id}`);
    expect(read.body.number).toBe(created.body.number);
    ws.close();
  });
});
