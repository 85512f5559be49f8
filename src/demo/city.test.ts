/** The demo city reads as a dispatcher would say it: no unit name says its station's kind twice, and every place has an English name. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lantern, startLantern } from "../../test/harness.ts";

describe("the demo city's names", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("never doubles 派出所 or Station", async () => {
    const units = (await l.api(await l.login("admin"))("GET", "/api/v1/units")).body as { id: string; nameZh: string; nameEn: string }[];
    const car = units.find((u) => u.id === "kaixuan-c1");
    expect(car).toMatchObject({ nameZh: "凯旋派出所警车", nameEn: "Kaixuan Station car" });
    for (const u of units) {
      expect(u.nameZh).not.toMatch(/派出所所/);
      expect(u.nameEn).not.toMatch(/Station Station/);
    }
  });

  it("names every town and community in English, not by its code", async () => {
    const orgs = (await l.api(await l.login("admin"))("GET", "/api/v1/orgs")).body as { kind: string; nameEn: string }[];
    const places = orgs.filter((o) => o.kind === "town" || o.kind === "village");
    expect(places.length).toBeGreaterThan(0);
    for (const o of places) expect(o.nameEn).toMatch(/^[A-Z][a-z]+[a-zA-Z]* (Subdistrict|Town|Township|Community|Village)$/);
  });
});

describe("the demo city's English place names", () => {
  it("romanises the stem and translates the kind of place", async () => {
    const { placeNameEn } = await import("./place-names.ts");
    expect(placeNameEn("湖滨街道")).toBe("Hubin Subdistrict");
    expect(placeNameEn("长庆社区")).toBe("Changqing Community");
    expect(placeNameEn("转塘镇")).toBe("Zhuantang Town");
    expect(placeNameEn("XX社区居委会")).toBe("XX Community");
    // A bare kind is a name in itself, not an empty stem.
    expect(placeNameEn("社区")).toBe("Shequ");
  });
});
