import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findForbiddenText, textFault } from "./text-guard.ts";

/** Any sequence of UTF-16 code units: NULs, paired and unpaired surrogates included. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));

/** The plain definition the guard must agree with, one code unit at a time: the first fault, left to right. */
function oracle(s: string): "nul" | "surrogate" | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return "nul";
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    if (high) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return "surrogate";
    }
    if (low) return "surrogate";
  }
  return null;
}

/** Follows a dotted field path into a value; the last step may name a key instead of a value. */
function resolve(value: unknown, field: string): { value: unknown } | { key: string } {
  const parts = field.split(".");
  let v = value as Record<string, unknown>;
  for (const [i, part] of parts.entries()) {
    if (!Object.hasOwn(v, part)) {
      // A key shown escaped: the path's last part is the key's JSON escape.
      const key = Object.keys(v).find((k) => JSON.stringify(k).slice(1, -1) === part);
      expect(i).toBe(parts.length - 1);
      expect(key).toBeDefined();
      return { key: key! };
    }
    v = v[part] as Record<string, unknown>;
  }
  return { value: v };
}

describe("the text guard", () => {
  it("flags exactly the strings holding a NUL or an unpaired surrogate, and says which", () => {
    fc.assert(
      fc.property(codeUnits, (s) => {
        expect(textFault(s)).toBe(oracle(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves well-formed text alone, however exotic", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (s) => {
        fc.pre(!s.includes("\u0000"));
        // Prototype keys are refused by design (their own test below); as a key the text must be an ordinary one.
        fc.pre(!["__proto__", "constructor", "prototype"].includes(s));
        expect(findForbiddenText({ narrative: s, list: [s], nested: { [s]: s } })).toBeNull();
      }),
    );
  });

  it("finds a forbidden string or key anywhere in a JSON body and names the path to it", () => {
    const body = fc
      .jsonValue({ maxDepth: 4 })
      .chain((clean) => fc.record({ clean: fc.constant(clean), bad: codeUnits.filter((s) => oracle(s) !== null) }));
    fc.assert(
      fc.property(body, fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), fc.boolean(), ({ clean, bad }, path, asKey) => {
        // A parsed body is built from JSON text, so prototype-looking keys arrive as own keys.
        const parsed = JSON.parse(JSON.stringify(clean) ?? "null");
        fc.pre(!/\\u0000|__proto__|"constructor"/.test(JSON.stringify(parsed) ?? ""));
        const cleanKeys = path.filter((k) => k !== "__proto__" && k !== "constructor" && k !== "prototype" && !k.includes("."));
        let body: unknown = asKey ? { [bad]: 1 } : bad;
        for (const k of [...cleanKeys].reverse()) body = { [k]: body };
        const whole = { ...(typeof parsed === "object" && parsed && !Array.isArray(parsed) ? parsed : {}), zzz: body };
        const found = findForbiddenText(JSON.parse(JSON.stringify(whole)));
        expect(found).not.toBeNull();
        const at = resolve(JSON.parse(JSON.stringify(whole)), found!.field);
        const text = "key" in at ? at.key : at.value;
        expect(typeof text).toBe("string");
        expect(textFault(text as string)).toBe(found!.fault);
      }),
      { numRuns: 500 },
    );
  });

  it("finds nothing in a clean JSON body", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const parsed = JSON.parse(JSON.stringify(v) ?? "null");
        const text = JSON.stringify(parsed) ?? "";
        fc.pre(!/\\u0000|__proto__|"constructor"/.test(text) && textFault(text) === null);
        expect(findForbiddenText(parsed)).toBeNull();
      }),
    );
  });

  it("refuses prototype keys with their path", () => {
    expect(findForbiddenText(JSON.parse('{"__proto__":{"x":1}}'))).toEqual({ field: "__proto__", fault: "prototype_key" });
    expect(findForbiddenText(JSON.parse('{"narrative":"x","flags":{"__proto__":{}}}'))).toEqual({
      field: "flags.__proto__",
      fault: "prototype_key",
    });
    expect(findForbiddenText(JSON.parse('{"a":[{"constructor":{"prototype":{}}}]}'))).toEqual({
      field: "a.0.constructor.prototype",
      fault: "prototype_key",
    });
    // A key named constructor is harmless when it holds no prototype.
    expect(findForbiddenText({ constructor: "x" })).toBeNull();
  });

  it("names a bare string body, and skips binary bodies", () => {
    expect(findForbiddenText("a\u0000b")).toEqual({ field: "body", fault: "nul" });
    expect(findForbiddenText(Buffer.from([0, 0xd8, 0]))).toBeNull();
  });

  it("walks a deeply nested body without exhausting the stack", () => {
    const depth = 200_000;
    const text = `${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`;
    const found = findForbiddenText(JSON.parse(text));
    expect(found?.fault).toBe("nul");
    expect(found?.field.split(".")).toHaveLength(depth);
  });
});
