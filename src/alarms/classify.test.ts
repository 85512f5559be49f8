import { createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type AccountConfig, classify } from "./classify.ts";
import { buildDc09Frame, type Dc09Message, openDc09Content, parseDc09Frame } from "./dc09-frame.ts";
import { buildAck, buildDuh, buildNak } from "./dc09-response.ts";
import { fixtureFrames, frameOf } from "./fixtures/frames.ts";
import { ReplayGuard } from "./replay-guard.ts";

const NOW = Date.UTC(2026, 10, 29, 3, 0, 0);
const KEY = Buffer.from("0123456789ABCDEF");
const accounts: Record<string, AccountConfig> = { "1234": {}, BEEF: { key: KEY } };
const lookup = (a: string) => accounts[a] ?? null;

function frame(m: Partial<Dc09Message>, key?: Buffer): Buffer {
  return buildDc09Frame(
    { token: "SIA-DCS", sequence: 5, line: "0", account: "1234", data: "#1234|Nri1/BA3", timestamp: NOW, ...m },
    { key },
  );
}

function text(b: Buffer | null): string | null {
  return b ? b.toString("latin1") : null;
}

describe("responses", () => {
  it("builds the NAK exactly as an independent DC-09 implementation does", () => {
    // fioletoven/dc09 test parse_nak_test (MIT): "\nE4410025\"NAK\"0000R0L0A0[]_16:20:01,09-24-2025\r"
    expect(text(buildNak(Date.UTC(2025, 8, 24, 16, 20, 1)))).toBe('\nE4410025"NAK"0000R0L0A0[]_16:20:01,09-24-2025\r');
  });

  it("ACK and DUH echo sequence, receiver, prefix and account", () => {
    const echo = { sequence: "0042", receiver: "12", line: "3", account: "7788" };
    const ack = parseDc09Frame(buildAck(echo, NOW));
    expect(ack).toMatchObject({ token: "ACK", encrypted: false, ...echo });
    expect(openDc09Content(ack)).toEqual({ data: "", extended: [], timestamp: null });
    expect(parseDc09Frame(buildDuh(echo))).toMatchObject({ token: "DUH", encrypted: false, ...echo });
  });

  it("encrypts the ACK to an encrypted message and puts the receiver's time in it", () => {
    const ack = buildAck({ sequence: "0009", receiver: null, line: "0", account: "BEEF" }, NOW + 1000, KEY);
    const f = parseDc09Frame(ack);
    expect(f).toMatchObject({ token: "ACK", encrypted: true, sequence: "0009", account: "BEEF" });
    const d = createDecipheriv("aes-128-cbc", KEY, Buffer.alloc(16));
    d.setAutoPadding(false);
    const plain = Buffer.concat([d.update(Buffer.from(f.payload, "hex")), d.final()]).toString("latin1");
    expect(plain).toMatch(/^[A-Za-z0-9]+\]_03:00:01,11-29-2026$/);
  });
});

describe("classify", () => {
  it("accepts a clear intrusion alarm and returns the ACK to send after commit", () => {
    const c = classify(frame({}), NOW, lookup);
    expect(c.outcome).toBe("accept");
    if (c.outcome !== "accept") return;
    expect(c.signal).toMatchObject({
      protocol: "SIA-DCS",
      account: "1234",
      sequence: "0005",
      sentAt: NOW,
      receivedAt: NOW,
      linkTest: false,
    });
    expect(c.signal.events[0]).toMatchObject({
      code: "BA",
      category: "intrusion",
      kind: "alarm",
      zone: 3,
      partition: 1,
    });
    expect(parseDc09Frame(c.response)).toMatchObject({ token: "ACK", sequence: "0005", line: "0", account: "1234" });
  });

  it("decodes every fixture frame with its key", () => {
    const keyed: Record<string, AccountConfig> = {};
    for (const fx of fixtureFrames()) keyed[fx.expect.account] = { key: fx.keyAscii ? Buffer.from(fx.keyAscii) : null };
    for (const fx of fixtureFrames()) {
      const c = classify(Buffer.from(fx.frame, "latin1"), Date.parse(fx.now), (a) => keyed[a] ?? null);
      expect(c.outcome, fx.name).toBe("accept");
      if (c.outcome !== "accept") continue;
      expect(c.signal.account).toBe(fx.expect.account);
      expect(c.signal.events).toHaveLength(fx.expect.events.length);
      for (const [i, e] of fx.expect.events.entries()) expect(c.signal.events[i], fx.name).toMatchObject(e);
      const ack = parseDc09Frame(c.response);
      expect(ack.token).toBe("ACK");
      expect(ack.encrypted).toBe(!!fx.keyAscii);
    }
  });

  it("NAKs a stale or future timestamp, with the receiver's time", () => {
    const stale = classify(frame({ timestamp: NOW - 41_000 }), NOW, lookup);
    expect(stale).toMatchObject({ outcome: "reject", reason: "stale-timestamp", responseType: "NAK" });
    if (stale.outcome === "reject") expect(text(stale.response)).toContain("_03:00:00,11-29-2026");
    expect(classify(frame({ timestamp: NOW - 39_000 }), NOW, lookup).outcome).toBe("accept");
    expect(classify(frame({ timestamp: NOW + 21_000 }), NOW, lookup)).toMatchObject({
      reason: "future-timestamp",
      responseType: "NAK",
    });
    expect(classify(frame({ timestamp: NOW + 19_000 }), NOW, lookup).outcome).toBe("accept");
    const wide = { window: { pastMs: 120_000, futureMs: 0 } };
    expect(classify(frame({ timestamp: NOW - 100_000 }), NOW, lookup, wide).outcome).toBe("accept");
    expect(classify(frame({ timestamp: NOW + 1000 }), NOW, lookup, wide).outcome).toBe("reject");
  });

  it("NAKs an encrypted message without a timestamp; clear ones may omit it unless required", () => {
    const enc = frame({ account: "BEEF", encrypted: true, timestamp: null, data: "NBA1" }, KEY);
    expect(classify(enc, NOW, lookup)).toMatchObject({ reason: "missing-timestamp", responseType: "NAK" });
    expect(classify(frame({ timestamp: null }), NOW, lookup).outcome).toBe("accept");
    expect(classify(frame({ timestamp: null }), NOW, lookup, { requireTimestamp: true })).toMatchObject({
      reason: "missing-timestamp",
    });
  });

  it("DUHs unknown accounts, wrong keys, clear text from keyed accounts and bad payloads", () => {
    const cases: Array<[Buffer, string]> = [
      [frame({ account: "9999", data: "NBA1" }), "unknown-account"],
      [frame({ account: "BEEF", encrypted: true, data: "NBA1" }, Buffer.from("FEDCBA9876543210")), "decrypt"],
      [frame({ account: "BEEF", data: "NBA1" }), "unencrypted-for-keyed-account"],
      [frame({ data: "Nri1/b" }), "payload"],
      [frame({ data: "" }), "no-events"],
      [frame({ token: "ADM-CID", data: "1130 01" }), "payload"],
      [frameOf('"RSP"0005L0#1234[]'), "token"],
      [frame({ account: null, data: "NBA1" }), "no-account"],
    ];
    for (const [bytes, reason] of cases) {
      const c = classify(bytes, NOW, lookup);
      expect(c, reason).toMatchObject({ outcome: "reject", reason, responseType: "DUH" });
      if (c.outcome === "reject" && c.response) expect(parseDc09Frame(c.response)).toMatchObject({ token: "DUH", sequence: "0005" });
    }
  });

  it("takes the account from the data block when the header has none", () => {
    const c = classify(frame({ account: null, data: "#1234|NBA1" }), NOW, lookup);
    expect(c.outcome).toBe("accept");
    if (c.outcome === "accept") expect(parseDc09Frame(c.response).account).toBe("1234");
  });

  it("stays silent on integrity failures and on responses from peers", () => {
    const good = frame({});
    const badCrc = Buffer.from(good);
    badCrc[1] = badCrc[1] === 0x30 ? 0x31 : 0x30;
    for (const bytes of [
      badCrc,
      good.subarray(0, -1),
      Buffer.concat([good, Buffer.from("x")]),
      buildNak(NOW),
      buildAck({ sequence: "0001", receiver: null, line: "0", account: "1234" }, NOW),
    ]) {
      const c = classify(bytes, NOW, lookup);
      expect(c.outcome).toBe("reject");
      if (c.outcome === "reject") expect(c.response).toBeNull();
    }
  });

  it("recognises a retransmission once the first copy is remembered", () => {
    const guard = new ReplayGuard(60_000);
    const first = classify(frame({}), NOW, lookup, { guard });
    expect(first.outcome).toBe("accept");
    if (first.outcome !== "accept") return;
    guard.remember(first.signal.idempotencyKey, NOW);
    const again = classify(frame({ timestamp: NOW + 5000 }), NOW + 5000, lookup, { guard });
    expect(again.outcome).toBe("duplicate");
    expect(again.responseType).toBe("ACK");
    // Same sequence, different event: a panel that restarted its counter, not a repeat.
    expect(classify(frame({ data: "#1234|Nri1/FA3" }), NOW + 5000, lookup, { guard }).outcome).toBe("accept");
    // After the duplicate window the same message is new again.
    expect(classify(frame({ timestamp: NOW + 61_000 }), NOW + 61_000, lookup, { guard }).outcome).toBe("accept");
  });

  it("treats an encrypted NULL as a link test", () => {
    const c = classify(frame({ token: "NULL", account: "BEEF", encrypted: true, data: "" }, KEY), NOW, lookup);
    expect(c).toMatchObject({ outcome: "accept", signal: { protocol: "NULL", linkTest: true, events: [] } });
  });
});
