/** The demo city's units read as a dispatcher would say them: no name says its station's kind twice. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lantern, startLantern } from "../../test/harness.ts";

describe("the demo city's unit names", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("never doubles 派出所 or Station", async () => {
    const units = (await l.api(await l.login("admin"))("GET", "/api/v1/units")).body as { id: string; nameZh: string; nameEn: string }[];
    const car = units.find((u) => u.id === "hubin-c1");
    expect(car).toMatchObject({ nameZh: "湖滨派出所警车", nameEn: "Hubin Station car" });
    for (const u of units) {
      expect(u.nameZh).not.toMatch(/派出所所/);
      expect(u.nameEn).not.toMatch(/Station Station/);
    }
  });
});
