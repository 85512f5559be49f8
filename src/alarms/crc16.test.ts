import { describe, expect, it } from "vitest";
import { crc16Arc, crc16ArcHex } from "./crc16.ts";
import { hasSiaData, readSiaJson, skipNote } from "./fixtures/shared-data.ts";

// The textbook bit-at-a-time CRC-16/ARC, to check the table-driven one against.
function bitwise(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

describe("CRC-16/ARC", () => {
  it("gives the catalogue check value 0xBB3D for '123456789'", () => {
    expect(crc16Arc(Buffer.from("123456789"))).toBe(0xbb3d);
    expect(crc16ArcHex(Buffer.from("123456789"))).toBe("BB3D");
  });

  it("is 0 for no bytes and honours start/end", () => {
    expect(crc16Arc(new Uint8Array(0))).toBe(0);
    const b = Buffer.from("xx123456789yy");
    expect(crc16Arc(b, 2, 11)).toBe(0xbb3d);
  });

  it("matches the bitwise definition on random bytes", () => {
    let seed = 1;
    for (let round = 0; round < 200; round++) {
      const b = new Uint8Array(round);
      for (let i = 0; i < b.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        b[i] = seed & 0xff;
      }
      expect(crc16Arc(b)).toBe(bitwise(b));
    }
  });
});

describe.skipIf(!hasSiaData)("CRC-16/ARC against the shared DC-09 vectors", () => {
  skipNote("CRC vectors");
  it("reproduces computed_crc_arc for every vector", () => {
    const v = readSiaJson<{ vectors: Array<{ frame_without_LF_CR: string; computed_crc_arc: string }> }>("dc09-test-vectors.json");
    for (const x of v.vectors) {
      const span = Buffer.from(x.frame_without_LF_CR.slice(8), "latin1");
      expect(crc16ArcHex(span)).toBe(x.computed_crc_arc);
    }
  });
});
