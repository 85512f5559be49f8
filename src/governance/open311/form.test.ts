import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromJson, parseUrlEncoded, scalarText } from "./form.ts";

const code = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes("]") && !s.includes("["));
const value = fc.string({ maxLength: 40 });

describe("Open311 form parsing", () => {
  it("reads back any fields and attributes a client encodes", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !k.startsWith("attribute[")),
          value,
        ),
        fc.dictionary(code, fc.array(value, { minLength: 1, maxLength: 3 })),
        (fields, attributes) => {
          const p = new URLSearchParams();
          for (const [k, v] of Object.entries(fields)) p.append(k, v);
          for (const [c, vs] of Object.entries(attributes)) {
            for (const v of vs) p.append(vs.length > 1 ? `attribute[${c}][]` : `attribute[${c}]`, v);
          }
          const f = parseUrlEncoded(p.toString());
          expect({ ...f.fields }).toEqual({ ...fields });
          expect({ ...f.attributes }).toEqual({ ...attributes });
          expect(f.badFields).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("treats __proto__ as data", () => {
    const f = parseUrlEncoded("__proto__=x&attribute[__proto__]=y&service_code=noise");
    const key = "__proto__";
    expect(f.fields[key]).toBe("x");
    expect(f.attributes[key]).toEqual(["y"]);
    expect(Object.getPrototypeOf(f.fields)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("accepts numbers and strings, and names anything else", () => {
    expect(scalarText(30.25)).toBe("30.25");
    expect(scalarText("001")).toBe("001");
    expect(scalarText(Number.NaN)).toBeNull();
    const f = fromJson({ service_code: 1, lat: 30.2, long: "120.1", email: null, attribute: { A: ["x", 2] }, bad: { nested: 1 } });
    expect({ ...f.fields }).toEqual({ service_code: "1", lat: "30.2", long: "120.1" });
    expect({ ...f.attributes }).toEqual({ A: ["x", "2"] });
    expect(f.badFields).toEqual(["bad"]);
    expect(fromJson([1, 2]).badFields).toEqual(["body"]);
  });
});
