import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEventPayload, checkHeartbeatPayload, EVENT_KINDS, heartbeatTopicIds, parseTopic } from "./payload.ts";

const NOW = Date.parse("2026-11-29T03:00:00Z");
const TOL = 300_000;

describe("MQTT topics", () => {
  it("parses the two topic forms and nothing else", () => {
    expect(parseTopic("lantern/sites/s1/devices/d-1/events")).toEqual({ siteId: "s1", deviceId: "d-1", channel: "events" });
    expect(parseTopic("lantern/sites/s1/devices/d-1/heartbeat")).toEqual({ siteId: "s1", deviceId: "d-1", channel: "heartbeat" });
    for (const bad of [
      "lantern/sites/s1/devices/d-1",
      "lantern/sites/s1/devices/d-1/events/x",
      "lantern/sites/+/devices/d/events",
      "other/sites/s/devices/d/events",
      "lantern/sites/s/device/d/events",
      "lantern/sites//devices/d/events",
    ]) {
      expect(parseTopic(bad)).toBeNull();
    }
  });
  it("the heartbeat fast path agrees with parseTopic on any topic", () => {
    const seg = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
      fc.string({ unit: fc.constantFrom("a", "/", "+", "#", "-", ".", "_", "小", "Z", "9"), maxLength: 70 }),
    );
    const topic = fc.oneof(
      fc
        .tuple(seg, seg, fc.constantFrom("heartbeat", "events", "heartbeats", ""))
        .map(([s, d, c]) => `lantern/sites/${s}/devices/${d}/${c}`),
      fc.string({ maxLength: 120 }),
    );
    fc.assert(
      fc.property(topic, (t) => {
        const out = { siteId: "", deviceId: "" };
        const fast = heartbeatTopicIds(Buffer.from(t, "utf8"), out);
        const slow = parseTopic(t);
        const expected = slow?.channel === "heartbeat" ? { siteId: slow.siteId, deviceId: slow.deviceId } : null;
        expect(fast ? out : null).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws on arbitrary topics", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (t) => void parseTopic(t)),
      { numRuns: 1000 },
    );
  });
});

describe("MQTT event payloads", () => {
  const valid = fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 128 }),
      at: fc.integer({ min: NOW - 86400_000 * 30, max: NOW + TOL }).map((t) => new Date(t).toISOString()),
      event: fc.constantFrom(...EVENT_KINDS),
      code: fc.stringMatching(/^[A-Za-z0-9_]{1,32}$/),
      zone: fc.oneof(fc.nat(), fc.string({ maxLength: 16 })),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }),
      note: fc.string({ maxLength: 500 }),
    },
    { requiredKeys: ["at", "event"] },
  );

  it("accepts every well-formed payload and returns its fields unchanged, extra fields tolerated", () => {
    fc.assert(
      fc.property(valid, fc.dictionary(fc.constantFrom("battery", "rssi", "fw"), fc.jsonValue()), (p, extra) => {
        const r = checkEventPayload(JSON.stringify({ ...extra, ...p }), NOW, TOL);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(JSON.stringify(p)));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary text and JSON, and gives a reason when it refuses", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
        ),
        (text) => {
          const r = checkEventPayload(text, NOW, TOL);
          if (!r.ok) expect(r.reason.length).toBeGreaterThan(3);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("refuses a payload that breaks one rule, naming it", () => {
    fc.assert(
      fc.property(
        valid,
        fc.constantFrom(
          ["at", "2026-13-45T99:00:00Z", /at/],
          ["at", new Date(NOW + TOL + 1000).toISOString(), /in the future/],
          ["event", "explode", /event/],
          ["code", "B A", /code/],
          ["zone", -3, /zone/],
          ["value", "hot", /value/],
          ["id", "", /id/],
        ),
        (p, [field, bad, reason]) => {
          const r = checkEventPayload(JSON.stringify({ ...p, [field as string]: bad }), NOW, TOL);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.reason).toMatch(reason as RegExp);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts the 16 KB limit in UTF-8 bytes, not characters: a Chinese payload just over is refused, just under is accepted", () => {
    /** A valid event padded with a tolerated field of Chinese text (3 bytes a character) to exactly `bytes`. */
    const chinesePayload = (bytes: number) => {
      const head = JSON.stringify({ at: new Date(NOW).toISOString(), event: "alarm", memo: "" });
      const room = bytes - Buffer.byteLength(head);
      const text = `${head.slice(0, -2)}${"烟".repeat(Math.floor(room / 3))}${"x".repeat(room % 3)}"}`;
      expect(Buffer.byteLength(text)).toBe(bytes);
      return text;
    };
    const LIMIT = 16 * 1024; // docs/alarms.md: "UTF-8 JSON object, at most 16 KB"
    const under = chinesePayload(LIMIT);
    const over = chinesePayload(LIMIT + 1);
    // Far fewer characters than bytes: a character count would let the larger one through.
    expect(over.length).toBeLessThan(LIMIT / 2);
    for (const form of [(t: string) => t, (t: string) => Buffer.from(t, "utf8")]) {
      expect(checkEventPayload(form(under), NOW, TOL).ok).toBe(true);
      const refused = checkEventPayload(form(over), NOW, TOL);
      expect(refused).toEqual({ ok: false, reason: `payload larger than ${LIMIT} bytes` });
    }
  });

  it("heartbeats may be empty or a JSON object whose optional time is checked", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(checkHeartbeatPayload(enc(""), NOW, TOL)).toBeNull();
    expect(checkHeartbeatPayload(enc('{"battery":80}'), NOW, TOL)).toBeNull();
    expect(checkHeartbeatPayload(enc("beat"), NOW, TOL)).toBe("not JSON");
    expect(checkHeartbeatPayload(enc(`{"at":"${new Date(NOW + 3600_000).toISOString()}"}`), NOW, TOL)).toMatch(/future/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void checkHeartbeatPayload(b, NOW, TOL)),
      { numRuns: 1000 },
    );
  });
});
