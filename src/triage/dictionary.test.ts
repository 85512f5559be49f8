import { describe, expect, it } from "vitest";
import { defaultDictionary } from "./default-dictionary.ts";
import { KeywordMatcher, validateDictionary } from "./dictionary.ts";

const REQUIRED = [
  "alarm.burglary",
  "alarm.robbery",
  "alarm.theft",
  "alarm.fraud",
  "alarm.assault",
  "alarm.fight",
  "alarm.domestic_violence",
  "alarm.traffic_accident",
  "alarm.fire",
  "alarm.intrusion_alarm",
  "help.missing_person",
  "help.suicide_risk",
  "help.medical",
  "help.lockout",
  "help.drunk_person",
  "help.rescue",
  "complaint.noise",
  "complaint.dispute",
  "complaint.obstruction",
  "complaint.police_conduct",
  "complaint.government",
];

describe("default dictionary", () => {
  it("is valid and survives a JSON round trip", () => {
    expect(validateDictionary(JSON.parse(JSON.stringify(defaultDictionary)))).toEqual(defaultDictionary);
  });

  it("has every shared code, with Chinese names, and several keywords in both languages", () => {
    const byCode = new Map(defaultDictionary.categories.map((c) => [c.code, c]));
    for (const code of REQUIRED) {
      const c = byCode.get(code);
      expect(c, code).toBeDefined();
      expect(c?.keywords.zh.length, code).toBeGreaterThanOrEqual(4);
      expect(c?.keywords.en.length, code).toBeGreaterThanOrEqual(4);
    }
    expect(byCode.get("alarm.burglary")?.name.zh).toBe("入室盗窃");
    expect(byCode.get("complaint.noise")?.name.zh).toBe("噪音扰民");
  });
});

describe("validateDictionary", () => {
  it("names every problem at once", () => {
    const bad = {
      version: 1,
      categories: [
        { code: "theft", name: { zh: "盗窃", en: "Theft" }, keywords: { zh: ["偷"], en: [] } },
        { code: "alarm.x", name: { zh: "x" }, keywords: { zh: [""], en: ["x"] } },
        { code: "alarm.x", name: { zh: "x", en: "x" }, keywords: { zh: ["x"], en: ["x"] } },
      ],
    };
    expect(() => validateDictionary(bad)).toThrowError(/categories\[0\]\.code "theft"/);
    expect(() => validateDictionary(bad)).toThrowError(/categories\[1\]\.name/);
    expect(() => validateDictionary(bad)).toThrowError(/categories\[1\]\.keywords\.zh/);
    expect(() => validateDictionary(bad)).toThrowError(/categories\[2\]\.code alarm\.x is duplicated/);
    expect(() => validateDictionary({ version: 2, categories: [] })).toThrowError(/version must be 1/);
    expect(() => validateDictionary(null)).toThrowError(/JSON object/);
  });
});

describe("KeywordMatcher", () => {
  const m = new KeywordMatcher(defaultDictionary);

  it("matches whole words only", () => {
    expect(m.match("he has a firearm").map((h) => h.code)).not.toContain("alarm.fire");
    expect(m.match("there is a fire").map((h) => h.code)).toContain("alarm.fire");
  });

  it("counts a keyword inside a longer keyword only once, for the longer one", () => {
    const hits = m.match("家里被入室盗窃");
    expect(hits.map((h) => h.keyword)).toContain("入室盗窃");
    expect(hits.map((h) => h.code)).not.toContain("alarm.theft");
  });

  it("finds Chinese keywords inside a sentence and English ones regardless of case", () => {
    expect(m.match("楼上半夜施工太吵了").map((h) => h.code)).toEqual(["complaint.noise", "complaint.noise"]);
    expect(m.match("LOUD MUSIC next door").map((h) => h.keyword)).toEqual(["loud music"]);
  });
});
