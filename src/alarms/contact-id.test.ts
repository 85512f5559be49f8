import { describe, expect, it } from "vitest";
import { buildContactIdMessage, contactIdChecksum, decodeContactIdData, encodeContactIdData, parseContactIdMessage } from "./contact-id.ts";
import { Dc09Error } from "./dc09-errors.ts";
import { hasSiaData, readSiaJson, skipNote } from "./fixtures/shared-data.ts";

describe("Contact ID data block (ADM-CID)", () => {
  it("decodes qualifier, event, partition and zone, and maps to SIA", () => {
    const d = decodeContactIdData("#12345A|1110 00 129");
    expect(d.account).toBe("12345A");
    expect(d.events).toHaveLength(1);
    const e = d.events[0];
    expect(e.contactId).toEqual({ qualifier: 1, event: "110", partition: "00", zoneOrUser: "129" });
    expect(e.code).toBe("FA");
    expect(e.category).toBe("fire");
    expect(e.kind).toBe("alarm");
    expect(e.zone).toBe(129);
    expect(e.partition).toBe(0);
  });

  it("reads qualifier 3 as restore, and open/close numbers as users", () => {
    const restore = decodeContactIdData("3130 01 004").events[0];
    expect(restore.code).toBe("BH");
    expect(restore.kind).toBe("restore");
    expect(restore.zone).toBe(4);
    const closing = decodeContactIdData("|3401 01 057").events[0];
    expect(closing.code).toBe("CL");
    expect(closing.kind).toBe("closing");
    expect(closing.user).toBe(57);
    expect(closing.zone).toBeNull();
    const opening = decodeContactIdData("1401 02 003").events[0];
    expect(opening.code).toBe("OP");
    expect(opening.user).toBe(3);
    expect(opening.partition).toBe(2);
  });

  it("treats qualifier 6 (status) like a new event and keeps the qualifier", () => {
    const e = decodeContactIdData("6301 00 000").events[0];
    expect(e.code).toBe("AT");
    expect(e.contactId?.qualifier).toBe(6);
  });

  it("keeps unmapped event codes with a null SIA code", () => {
    const e = decodeContactIdData("1999 00 001").events[0];
    expect(e.code).toBeNull();
    expect(e.known).toBe(false);
    expect(e.category).toBe("other");
    expect(e.contactId?.event).toBe("999");
  });

  it.each(["", "1110 00 12", "2110 00 129", "1110-00-129", "11A0 00 129", "#ZZ|1110 00 129"])(
    "rejects malformed %j with a payload error",
    (data) => {
      try {
        decodeContactIdData(data);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(Dc09Error);
        expect((e as Dc09Error).kind).toBe("payload");
      }
    },
  );

  it("encodes what it decodes", () => {
    const f = { qualifier: 1 as const, event: "151", partition: "02", zoneOrUser: "004" };
    expect(decodeContactIdData(encodeContactIdData("123F", f)).events[0].contactId).toEqual(f);
  });
});

describe("Contact ID 16-digit message and checksum", () => {
  it("computes a checksum worked out by hand", () => {
    // 1234 18 1 602 00 000: values 1+2+3+4 +1+8 +1 +6+10+2 +10+10 +10+10+10 = 88; 90 - 88 = 2.
    expect(contactIdChecksum("123418160200000")).toBe("2");
    expect(parseContactIdMessage("1234181602000002").event).toBe("602");
  });

  it("sends a needed 10 as 0 and a needed 15 as F", () => {
    // 1111 18 1 130 01 001: 4 + 9 + 1 + 1+3+10 + 10+1 + 10+10+1 = 60 → needs 15 → 'F'.
    expect(contactIdChecksum("111118113001001")).toBe("F");
    // 1111 18 1 130 01 006: 65 → needs 10 → '0'.
    expect(contactIdChecksum("111118113001006")).toBe("0");
  });

  it("rejects a wrong checksum and bad digits", () => {
    expect(() => parseContactIdMessage("1234181602000003")).toThrow(/checksum/);
    expect(() => parseContactIdMessage("12341816020000")).toThrow(/16 digits/);
    expect(() => parseContactIdMessage("12341816A2000002")).toThrow(/invalid digits/);
  });

  it("round-trips build → parse", () => {
    const m = buildContactIdMessage({
      account: "B2C4",
      qualifier: 3,
      event: "401",
      partition: "03",
      zoneOrUser: "005",
    });
    expect(m).toHaveLength(16);
    expect(parseContactIdMessage(m)).toMatchObject({
      account: "B2C4",
      messageType: "18",
      qualifier: 3,
      event: "401",
      partition: "03",
      zoneOrUser: "005",
    });
  });
});

interface ChecksumVectors {
  negative_fields: { acct: string; mt: string; q: string; xyz: string; gg: string; ccc: string };
  vectors: Array<{
    fields: { acct: string; mt: string; q: string; xyz: string; gg: string; ccc: string };
    message_16_digits: string;
  }>;
}

describe.skipIf(!hasSiaData)("Contact ID checksum against the shared vectors", () => {
  skipNote("Contact ID checksum vectors");
  it("builds and parses every vector", () => {
    const v = readSiaJson<ChecksumVectors>("contactid-checksum-vectors.DERIVED.json");
    for (const x of v.vectors) {
      const f = x.fields;
      const built = buildContactIdMessage({
        account: f.acct,
        messageType: f.mt,
        qualifier: f.q,
        event: f.xyz,
        partition: f.gg,
        zoneOrUser: f.ccc,
      });
      expect(built).toBe(x.message_16_digits);
      expect(parseContactIdMessage(x.message_16_digits)).toMatchObject({
        account: f.acct,
        event: f.xyz,
        partition: f.gg,
        zoneOrUser: f.ccc,
      });
    }
  });

  it("refuses to encode the negative case (hex in the event code)", () => {
    const f = readSiaJson<ChecksumVectors>("contactid-checksum-vectors.DERIVED.json").negative_fields;
    expect(() =>
      buildContactIdMessage({
        account: f.acct,
        messageType: f.mt,
        qualifier: f.q,
        event: f.xyz,
        partition: f.gg,
        zoneOrUser: f.ccc,
      }),
    ).toThrow(Dc09Error);
  });
});
