import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeWord, tokenize, toUnits } from "./tokenize.ts";

describe("tokenize", () => {
  it("gives Chinese character unigrams and bigrams", () => {
    expect(new Set(tokenize("入室盗窃"))).toEqual(new Set(["入", "室", "盗", "窃", "入室", "室盗", "盗窃"]));
  });

  it("gives lower-cased English word unigrams and bigrams", () => {
    expect(new Set(tokenize("Theft from AUTO"))).toEqual(new Set(["theft", "from", "auto", "theft from", "from auto"]));
  });

  it("does not make bigrams across punctuation or across scripts", () => {
    const t = tokenize("我在Starbucks被偷了，门口");
    expect(t).toContain("被偷");
    expect(t).toContain("starbuck");
    expect(t).not.toContain("在starbuck");
    expect(t).not.toContain("starbuck被");
    expect(t).not.toContain("了门");
    expect(t).toContain("门口");
    expect(tokenize("fire. smoke")).not.toContain("fire smoke");
  });

  it("folds full-width characters and plurals", () => {
    expect(tokenize("ＴＨＥＦＴ")).toEqual(["theft"]);
    expect(normalizeWord("fights")).toBe("fight");
    expect(normalizeWord("injuries")).toBe("injury");
    expect(normalizeWord("address")).toBe("address");
    expect(normalizeWord("don't")).toBe("dont");
  });

  it("returns nothing for text without letters, digits or Han characters", () => {
    expect(tokenize("  ,.;!? ——  ")).toEqual([]);
    expect(tokenize("")).toEqual([]);
  });

  it("makes n unigrams and n-1 bigrams from an unbroken Chinese run", () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
    fc.assert(
      fc.property(fc.array(han, { minLength: 1, maxLength: 30 }), (chars) => {
        const t = tokenize(chars.join(""));
        expect(t.filter((x) => [...x].length === 1)).toEqual(chars);
        expect(t.filter((x) => [...x].length === 2).length).toBe(chars.length - 1);
      }),
    );
  });

  it("never throws and keeps units and flags aligned on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (s) => {
        const u = toUnits(s);
        expect(u.han.length).toBe(u.units.length);
        expect(u.breakBefore.length).toBe(u.units.length);
        for (const t of tokenize(s)) expect(t.length).toBeGreaterThan(0);
      }),
    );
  });
});
