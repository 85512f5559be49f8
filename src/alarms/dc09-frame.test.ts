import { createCipheriv, createDecipheriv } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeContactIdData } from "./contact-id.ts";
import { DC09_ERROR_KINDS, Dc09Error, type Dc09ErrorKind } from "./dc09-errors.ts";
import { buildDc09Frame, type Dc09Message, openDc09Content, PROTOCOL_MAX_FRAME_BYTES, parseDc09Frame } from "./dc09-frame.ts";
import { fixtureFrames, frameOf } from "./fixtures/frames.ts";
import { encodeSiaData } from "./sia-dc03.ts";

function errorKind(fn: () => unknown): Dc09ErrorKind | "none" {
  try {
    fn();
    return "none";
  } catch (e) {
    if (!(e instanceof Dc09Error)) throw e;
    return e.kind;
  }
}

function bitwiseCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

const KEY16 = Buffer.from("0123456789ABCDEF");

describe("DC-09 frame parsing", () => {
  it("reads every header field of a clear-text frame", () => {
    const f = parseDc09Frame(frameOf('"SIA-DCS"0042R12L3#7788[#7788|Nri2/FA12][XE120.15][YN30.27]_03:00:00,11-29-2026'));
    expect(f).toMatchObject({
      token: "SIA-DCS",
      encrypted: false,
      sequence: "0042",
      receiver: "12",
      line: "3",
      account: "7788",
    });
    const c = openDc09Content(f);
    expect(c.data).toBe("#7788|Nri2/FA12");
    expect(c.extended).toEqual([
      { id: "X", value: "E120.15" },
      { id: "Y", value: "N30.27" },
    ]);
    expect(c.timestamp).toBe(Date.UTC(2026, 10, 29, 3, 0, 0));
  });

  it("accepts frames without receiver, account prefix or timestamp", () => {
    const f = parseDc09Frame(frameOf('"NULL"0001#ABC[]'));
    expect(f).toMatchObject({ token: "NULL", receiver: null, line: null, account: "ABC" });
    expect(openDc09Content(f)).toEqual({ data: "", extended: [], timestamp: null });
  });

  it("decodes the repository's fixture frames to what they were built to say", () => {
    for (const fx of fixtureFrames()) {
      const bytes = Buffer.from(fx.frame, "latin1");
      // The CRC in the file must match the bitwise definition, not just our table.
      expect(Number.parseInt(fx.frame.slice(1, 5), 16), fx.name).toBe(bitwiseCrc(bytes.subarray(9, bytes.length - 1)));
      const f = parseDc09Frame(bytes);
      expect(f.token).toBe(fx.sent.token);
      expect(f.encrypted).toBe(!!fx.sent.encrypted);
      expect(f.account).toBe(fx.sent.account);
      const c = openDc09Content(f, fx.keyAscii ? Buffer.from(fx.keyAscii) : null);
      expect(c.data, fx.name).toBe(fx.sent.data ?? "");
      expect(c.extended).toEqual(fx.sent.extended ?? []);
      expect(c.timestamp).toBe(fx.sent.timestamp ? Date.parse(fx.sent.timestamp) : null);
    }
  });

  it("encrypts as AES-CBC with a zero IV, pad first, then '|' and the data", () => {
    const fx = fixtureFrames().find((x) => x.name.includes("AES-128"));
    if (!fx) throw new Error("fixture missing");
    const hex = fx.frame.slice(fx.frame.indexOf("[") + 1, -1);
    const d = createDecipheriv("aes-128-cbc", Buffer.from(fx.keyAscii ?? ""), Buffer.alloc(16));
    d.setAutoPadding(false);
    const plain = Buffer.concat([d.update(Buffer.from(hex, "hex")), d.final()]).toString("latin1");
    expect(plain.length % 16).toBe(0);
    expect(plain).toMatch(/^P+\|#BEEF\|NPA5\]\[XE120\.1551\]\[YN30\.2741\]_03:00:00,11-29-2026$/);
  });

  it("decrypts what other senders produce: control characters in the pad, '|' before an empty NULL", () => {
    // Built by hand with node:crypto, not with Lantern's builder: one sender pads with bytes from
    // 0x14 upwards and always puts '|' after the pad.
    const encrypt = (plain: string) => {
      const c = createCipheriv("aes-128-cbc", KEY16, Buffer.alloc(16));
      c.setAutoPadding(false);
      return Buffer.concat([c.update(plain, "latin1"), c.final()])
        .toString("hex")
        .toUpperCase();
    };
    const ts = "_03:00:00,11-29-2026";
    const nullPlain = `\x14\x15\x16abcdefg|]${ts}`; // 10 pad + "|]" + 20 = 32 bytes, two blocks
    expect(nullPlain.length % 16).toBe(0);
    const nullFrame = parseDc09Frame(frameOf(`"*NULL"0002L0#ABC[${encrypt(nullPlain)}`));
    expect(openDc09Content(nullFrame, KEY16)).toEqual({
      data: "",
      extended: [],
      timestamp: Date.UTC(2026, 10, 29, 3, 0, 0),
    });
    const data = "#ABC|Nri1/BA3";
    const body = `|${data}]${ts}`;
    const pad = "\x14".repeat(16 - (body.length % 16));
    const sia = parseDc09Frame(frameOf(`"*SIA-DCS"0003L0#ABC[${encrypt(pad + body)}`));
    expect(openDc09Content(sia, KEY16).data).toBe(data);
  });

  const bad: Array<[string, Dc09ErrorKind, Buffer]> = [
    ["no LF", "framing", frameOf('"NULL"0001#ABC[]').subarray(1)],
    ["no CR", "framing", frameOf('"NULL"0001#ABC[]').subarray(0, -1)],
    ["stray LF inside", "framing", Buffer.from('\n00000010"NULL"\n001#ABC[]\r', "latin1")],
    ["too short", "framing", Buffer.from("\n0000\r")],
    [
      "length field not 0LLL",
      "length",
      Buffer.from(`\n${frameOf('"NULL"0001#ABC[]').toString("latin1").slice(1, 5)}1010"NULL"0001#ABC[]\r`, "latin1"),
    ],
    ["length off by one", "length", Buffer.from(frameOf('"NULL"0001#ABC[]').toString("latin1").replace("0010", "0011"), "latin1")],
    ["CRC wrong", "crc", Buffer.from(`\nFFFF${frameOf('"NULL"0001#ABC[]').toString("latin1").slice(5)}`, "latin1")],
    ["CRC not hex", "crc", Buffer.from(`\nZZZZ${frameOf('"NULL"0001#ABC[]').toString("latin1").slice(5)}`, "latin1")],
    ["sequence not digits", "header", frameOf('"NULL"00A1#ABC[]')],
    ["account too short", "header", frameOf('"NULL"0001#AB[]')],
    ["no '[' after header", "header", frameOf('"NULL"0001#ABCX[]')],
    ["token not closed", "header", frameOf('"NULLLLLLLLLLLLLLLLLL')],
    ["unknown token", "token", frameOf('"RSP"0001#ABC[]')],
    ["NAK cannot be encrypted", "token", frameOf('"*NAK"0001#ABC[]')],
  ];
  it.each(bad)("rejects a frame with %s as %s", (_name, kind, bytes) => {
    expect(errorKind(() => parseDc09Frame(bytes))).toBe(kind);
  });

  it("says which size limit an oversized frame broke", () => {
    const big = frameOf(`"SIA-DCS"0001#ABC[${"N".repeat(2000)}]`);
    expect(() => parseDc09Frame(big)).toThrow(/receiver limit maxFrameBytes of 1024/);
    expect(() => parseDc09Frame(big, { maxFrameBytes: 100_000 })).not.toThrow();
    const huge = Buffer.alloc(PROTOCOL_MAX_FRAME_BYTES + 1, 0x41);
    expect(() => parseDc09Frame(huge, { maxFrameBytes: 100_000 })).toThrow(/protocol maximum of 4105/);
  });

  it("names the unknown token and keeps the header for a DUH", () => {
    try {
      parseDc09Frame(frameOf('"RSP"0007R1L2#ABC[]'));
      expect.unreachable();
    } catch (e) {
      expect((e as Dc09Error).message).toContain('"RSP"');
      expect((e as Dc09Error).header).toEqual({ sequence: "0007", receiver: "1", line: "2", account: "ABC" });
    }
  });

  const badBodies: Array<[string, Dc09ErrorKind, string]> = [
    ["data not closed", "body", '"SIA-DCS"0001#ABC[NBA1'],
    ["'[' inside data", "body", '"SIA-DCS"0001#ABC[N[BA1]'],
    ["lower-case extended id", "body", '"SIA-DCS"0001#ABC[NBA1][x12]'],
    ["empty extended data", "body", '"SIA-DCS"0001#ABC[NBA1][]'],
    ["junk after data", "body", '"SIA-DCS"0001#ABC[NBA1]junk'],
    ["hour 25", "timestamp", '"SIA-DCS"0001#ABC[NBA1]_25:00:00,11-29-2026'],
    ["30 February", "timestamp", '"SIA-DCS"0001#ABC[NBA1]_10:00:00,02-30-2026'],
    ["short timestamp", "timestamp", '"SIA-DCS"0001#ABC[NBA1]_10:00:00,02-3-2026'],
  ];
  it.each(badBodies)("rejects content with %s as %s", (_name, kind, span) => {
    const f = parseDc09Frame(frameOf(span));
    expect(errorKind(() => openDc09Content(f))).toBe(kind);
  });

  it("refuses to decrypt without a key, with a wrong key, or non-hex ciphertext", () => {
    const bytes = buildDc09Frame(
      { token: "SIA-DCS", encrypted: true, sequence: 1, line: "0", account: "ABC", data: "NBA1", timestamp: 0 },
      { key: KEY16 },
    );
    const f = parseDc09Frame(bytes);
    expect(errorKind(() => openDc09Content(f))).toBe("decrypt");
    expect(errorKind(() => openDc09Content(f, Buffer.from("FEDCBA9876543210")))).toBe("decrypt");
    expect(errorKind(() => openDc09Content(f, Buffer.from("short")))).toBe("decrypt");
    expect(errorKind(() => openDc09Content(parseDc09Frame(frameOf('"*SIA-DCS"0001#ABC[ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ')), KEY16))).toBe(
      "decrypt",
    );
    expect(errorKind(() => openDc09Content(parseDc09Frame(frameOf('"*SIA-DCS"0001#ABC[ABC')), KEY16))).toBe("decrypt");
    expect(openDc09Content(f, KEY16).data).toBe("NBA1");
  });

  it("lists each error kind once", () => {
    expect(new Set(DC09_ERROR_KINDS).size).toBe(DC09_ERROR_KINDS.length);
  });
});

// --- Properties -------------------------------------------------------------------------------

const hex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789ABCDEF"), minLength: min, maxLength: max });
const KEYS = [Buffer.from("0123456789ABCDEF"), Buffer.from("0123456789ABCDEF01234567"), Buffer.from("0123456789ABCDEF0123456789ABCDEF")];

const siaData = fc
  .array(
    fc.record({
      code: fc.constantFrom("BA", "FA", "PA", "MA", "GA", "TA", "OP", "CL", "RP", "AT", "YT", "ZZ"),
      address: fc.integer({ min: 0, max: 9999 }).map(String),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((events) => ({ token: "SIA-DCS" as const, data: (account: string) => encodeSiaData(account, events) }));
const cidData = fc
  .record({
    qualifier: fc.constantFrom(1 as const, 3 as const, 6 as const),
    event: fc.integer({ min: 100, max: 999 }).map(String),
    partition: fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0")),
    zoneOrUser: fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, "0")),
  })
  .map((f) => ({ token: "ADM-CID" as const, data: (account: string) => encodeContactIdData(account, f) }));

const message = fc.record({
  payload: fc.oneof(siaData, cidData, fc.constant({ token: "NULL" as const, data: (_: string) => "" })),
  encrypted: fc.boolean(),
  keyIndex: fc.integer({ min: 0, max: 2 }),
  sequence: fc.integer({ min: 0, max: 9999 }),
  receiver: fc.option(hex(1, 6), { nil: null }),
  line: fc.option(hex(1, 6), { nil: null }),
  account: hex(3, 16),
  extended: fc.array(
    fc.record({
      id: fc.constantFrom(..."XYZMHILV"),
      value: fc.string({ unit: fc.constantFrom(..."abcXYZ019 .,:-"), maxLength: 20 }),
    }),
    { maxLength: 3 },
  ),
  timestamp: fc.option(
    fc.integer({ min: 0, max: 4_000_000_000 }).map((s) => s * 1000),
    { nil: null },
  ),
});

describe("DC-09 codec properties", () => {
  it("parse(build(m)) gives back m, encrypted or not", () => {
    fc.assert(
      fc.property(message, (m) => {
        const key = KEYS[m.keyIndex];
        const timestamp = m.encrypted ? (m.timestamp ?? 0) : m.timestamp;
        const msg: Dc09Message = {
          token: m.payload.token,
          encrypted: m.encrypted,
          sequence: m.sequence,
          receiver: m.receiver,
          line: m.line,
          account: m.account,
          data: m.payload.data(m.account),
          extended: m.extended,
          timestamp,
        };
        const bytes = buildDc09Frame(msg, { key });
        const f = parseDc09Frame(bytes);
        expect(f).toMatchObject({
          token: msg.token,
          encrypted: m.encrypted,
          sequence: String(m.sequence).padStart(4, "0"),
          receiver: m.receiver,
          line: m.line,
          account: m.account,
        });
        const c = openDc09Content(f, m.encrypted ? key : null);
        expect(c).toEqual({ data: msg.data, extended: m.extended, timestamp });
      }),
      { numRuns: 500 },
    );
  });

  it("never throws anything but Dc09Error on mutated frames", () => {
    const base = fixtureFrames().map((x) => ({
      bytes: Buffer.from(x.frame, "latin1"),
      key: x.keyAscii ? Buffer.from(x.keyAscii) : KEY16,
    }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: base.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "delete")), {
          minLength: 1,
          maxLength: 6,
        }),
        (which, edits) => {
          const bytes = [...base[which].bytes];
          for (const [at, value, op] of edits) {
            const i = at % (bytes.length + 1);
            if (op === "set" && i < bytes.length) bytes[i] = value;
            else if (op === "insert") bytes.splice(i, 0, value);
            else if (op === "delete") bytes.splice(i, 1);
          }
          try {
            const f = parseDc09Frame(Uint8Array.from(bytes));
            openDc09Content(f, base[which].key);
          } catch (e) {
            expect(e).toBeInstanceOf(Dc09Error);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("never throws anything but Dc09Error on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.boolean(), (raw, wrap) => {
        const bytes = wrap ? Uint8Array.from([0x0a, ...raw, 0x0d]) : raw;
        try {
          openDc09Content(parseDc09Frame(bytes), KEY16);
        } catch (e) {
          expect(e).toBeInstanceOf(Dc09Error);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
