import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SIA_CODES } from "./codes.ts";
import { Dc09Error } from "./dc09-errors.ts";
import { decodeSiaData, encodeSiaData } from "./sia-dc03.ts";

describe("SIA DC-03 data block", () => {
  it("decodes account, area modifier and several events", () => {
    const d = decodeSiaData("#1234|Nri1/BA01/BA02");
    expect(d.account).toBe("1234");
    expect(d.events.map((e) => [e.code, e.zone, e.partition])).toEqual([
      ["BA", 1, 1],
      ["BA", 2, 1],
    ]);
    expect(d.events[0].category).toBe("intrusion");
    expect(d.events[0].descriptionZh).toBe("入侵报警");
  });

  it("reads user numbers for opening/closing and the id modifier", () => {
    const d = decodeSiaData("#1234|Nid3/ri2/OP3");
    expect(d.events[0]).toMatchObject({ code: "OP", kind: "opening", user: 3, zone: null, partition: 2 });
    expect(d.events[0].modifiers).toEqual({ id: "3", ri: "2" });
  });

  it("reads area numbers for area codes", () => {
    expect(decodeSiaData("NCG2").events[0]).toMatchObject({ code: "CG", partition: 2, zone: null, user: null });
  });

  it("handles ^text^, a missing '/', time modifiers and ASCII blocks", () => {
    const a = decodeSiaData("#123456|Nri1CL0^VX FRONTE ^");
    expect(a.events[0]).toMatchObject({ code: "CL", user: 0, partition: 1, text: "VX FRONTE " });
    const b = decodeSiaData("Nti20:50:26RP99");
    expect(b.events[0]).toMatchObject({ code: "RP", unit: "none", address: "99" });
    expect(b.events[0].modifiers.ti).toBe("20:50:26");
    const c = decodeSiaData("#1234|NRR|Atest");
    expect(c.events[0]).toMatchObject({ code: "RR", text: "test" });
  });

  it("passes unknown codes on, marked unknown", () => {
    const e = decodeSiaData("NZZ7").events[0];
    expect(e).toMatchObject({ code: "ZZ", known: false, category: "other", zone: 7 });
  });

  it.each(["#12|NBA1", "Nri1/b", "N1234", "XBA1", "NBA1234567890"])("rejects %j with a payload error", (data) => {
    try {
      decodeSiaData(data);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Dc09Error);
      expect((e as Dc09Error).kind).toBe("payload");
    }
  });

  it("decodes what encodeSiaData built (property)", () => {
    const codes = [...SIA_CODES.keys()];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            code: fc.constantFrom(...codes),
            address: fc.option(fc.integer({ min: 0, max: 9999 }).map(String), { nil: undefined }),
            area: fc.option(fc.integer({ min: 0, max: 99 }).map(String), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (events) => {
          const d = decodeSiaData(encodeSiaData("ABC", events));
          expect(d.account).toBe("ABC");
          expect(d.events.map((e) => [e.code, e.address])).toEqual(events.map((e) => [e.code, e.address ?? null]));
          let area: string | undefined;
          events.forEach((e, i) => {
            area = e.area ?? area;
            expect(d.events[i].modifiers.ri).toBe(area);
          });
        },
      ),
    );
  });

  it("throws only Dc09Error on arbitrary text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          decodeSiaData(s);
        } catch (e) {
          expect(e).toBeInstanceOf(Dc09Error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
