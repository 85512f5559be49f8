/**
 * The shared DC-09 vectors are frames from two independent open-source implementations, with
 * crc_ok/length_ok flags recomputed. Good frames must decode; frames with a bad CRC or length must
 * be rejected with no answer (DC-09 answers only messages received without errors).
 */
import { describe, expect, it } from "vitest";
import { classify } from "./classify.ts";
import { openDc09Content, parseDc09Frame } from "./dc09-frame.ts";
import { parseDc09Timestamp } from "./dc09-timestamp.ts";
import { hasSiaData, readSiaJson, skipNote } from "./fixtures/shared-data.ts";

interface Vector {
  name: string;
  frame_without_LF_CR: string;
  computed_crc_arc: string;
  computed_length: string;
  crc_ok: boolean;
  length_ok: boolean;
  expected: {
    account?: string;
    code?: string;
    cid?: string;
    xdata?: string;
    token?: string;
    aes_key_ascii?: string;
    decrypted_plaintext?: string;
  };
}

function nowFor(frame: string): number {
  const m = /_\d\d:\d\d:\d\d,\d\d-\d\d-\d{4}/.exec(frame);
  return m ? parseDc09Timestamp(m[0]) : Date.UTC(2024, 0, 1);
}

describe.skipIf(!hasSiaData)("shared DC-09 test vectors", () => {
  skipNote("DC-09 test vectors");
  const vectors = hasSiaData ? readSiaJson<{ vectors: Vector[] }>("dc09-test-vectors.json").vectors : [];

  it("has both good and bad vectors", () => {
    expect(vectors.filter((v) => v.crc_ok && v.length_ok).length).toBeGreaterThan(0);
    expect(vectors.filter((v) => !v.crc_ok || !v.length_ok).length).toBeGreaterThan(0);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const bytes = Buffer.from(`\n${v.frame_without_LF_CR}\r`, "latin1");
    const key = v.expected.aes_key_ascii ? Buffer.from(v.expected.aes_key_ascii, "latin1") : null;
    const now = v.expected.decrypted_plaintext ? Date.UTC(2020, 6, 5, 18, 24, 52) : nowFor(v.frame_without_LF_CR);
    const c = classify(bytes, now, () => ({ key }));
    if (!v.length_ok || !v.crc_ok) {
      expect(c.outcome).toBe("reject");
      if (c.outcome !== "reject") return;
      expect(c.reason).toBe(v.length_ok ? "crc" : "length");
      expect(c.response).toBeNull();
      // The same frame with the recomputed CRC and length is a good frame: its content decodes.
      const fixed = Buffer.from(`\n${v.computed_crc_arc}${v.computed_length}${v.frame_without_LF_CR.slice(8)}\r`, "latin1");
      const f = parseDc09Frame(fixed);
      if (v.expected.account && f.account) expect(f.account).toBe(v.expected.account);
      if (!f.encrypted) {
        const fc = classify(fixed, now, () => ({}));
        expect(fc.outcome, fc.outcome === "reject" ? fc.detail : "").toBe("accept");
        if (fc.outcome === "accept") {
          expect(fc.signal.account).toBe(v.expected.account);
          if (v.expected.code) expect(fc.signal.events[0].code).toBe(v.expected.code);
          if (v.expected.xdata) expect(fc.signal.extended.map((x) => x.id).join(",")).toBe(v.expected.xdata);
          if (v.expected.cid) {
            const cid = fc.signal.events[0].contactId;
            expect(`${cid?.qualifier}${cid?.event} ${cid?.partition} ${cid?.zoneOrUser}`).toBe(v.expected.cid);
          }
        }
      }
      return;
    }
    const f = parseDc09Frame(bytes);
    if (v.expected.account) expect(f.account).toBe(v.expected.account);
    if (v.expected.token) {
      // A receiver's NAK decodes, and a receiver never answers it.
      expect(f.token).toBe(v.expected.token);
      expect(openDc09Content(f).timestamp).toBe(Date.UTC(2025, 8, 24, 16, 20, 1));
      expect(c).toMatchObject({ outcome: "reject", reason: "unexpected-response-token", response: null });
      return;
    }
    if (f.encrypted && !key) {
      // Key not published: correctly received but undecryptable, so DUH.
      expect(c).toMatchObject({ outcome: "reject", reason: "decrypt", responseType: "DUH" });
      return;
    }
    if (v.expected.decrypted_plaintext) {
      expect(openDc09Content(f, key).timestamp).toBe(Date.UTC(2020, 6, 5, 18, 24, 52));
      expect(c).toMatchObject({ outcome: "accept", signal: { linkTest: true, account: "AAAB" } });
      return;
    }
    if (f.token === "SIA-DCS" && openDc09Content(f).data === "") {
      // A well-formed message without any event: nothing to process, DUH.
      expect(c).toMatchObject({ outcome: "reject", reason: "no-events", responseType: "DUH" });
      return;
    }
    expect(c.outcome).toBe("accept");
    if (c.outcome === "accept") expect(c.signal.account).toBe(v.expected.account);
  });
});
