/**
 * A station's dispatcher opens an interception plan that uses units of other districts: the page
 * lists the station's own units and, for the others, one capacity row per owning org with its
 * number, in the reader's language; no call sign of another area is anywhere on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInterceptDemo } from "../../src/intercept/demo.ts";
import { newBurglary } from "../burglary.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

// Runs inside the page (page.evaluate), where the DOM exists.
declare const location: any;

skipLine("Browser interception plan scope");

describe.skipIf(!hasChromium)("an interception plan seen from a station, in the browser", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig();
    await seedInterceptDemo(rig.lantern.ctx);
  }, 180_000);
  afterAll(() => rig?.close());

  it("shows the station's units in full and the others as counts per owning org", async () => {
    const admin = rig.lantern.api(await rig.lantern.login("admin"));
    expect(
      (
        await admin("POST", "/api/v1/users", {
          username: "dispatcher-hubin",
          displayName: "凯旋派出所调度",
          password: "lantern-demo",
          role: "dispatcher",
          orgId: "kaixuan",
        })
      ).status,
    ).toBe(201);
    const city = rig.lantern.api(await rig.lantern.login("dispatcher"));
    const station = rig.lantern.api(await rig.lantern.login("dispatcher-hubin"));
    const incidentId = await newBurglary(city, "browser-scope-1");
    const full = await city("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 300 });
    expect(full.status).toBe(201);
    const seen = (await station("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(seen.capacity.length).toBeGreaterThan(0);
    const shownIds = new Set(seen.units.map((u: { unitId: string }) => u.unitId));
    const hiddenCallsigns = full.body.units
      .filter((u: { unitId: string }) => !shownIds.has(u.unitId))
      .map((u: { label: string }) => u.label);
    const total = seen.capacity.reduce((n: number, c: { units: number }) => n + c.units, 0);

    const context = await newContext(rig.browser);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page, rig.url, "dispatcher-hubin", `[data-testid=queue-row][data-incident="${incidentId}"]`);
    await page.evaluate((id) => {
      location.hash = `#intercept/${id}`;
    }, incidentId);
    await page.waitForSelector(`[data-testid=intercept-plan][data-plan="${seen.id}"]`);

    const units = await page.locator("[data-testid=intercept-unit]").evaluateAll((els) => els.map((e) => e.getAttribute("data-unit")));
    expect(units.sort()).toEqual([...shownIds].sort());
    const rows = await page
      .locator("[data-testid=intercept-capacity-row]")
      .evaluateAll((els) => els.map((e) => [e.getAttribute("data-org"), Number(e.getAttribute("data-units")), e.textContent]));
    expect(rows.map(([org, n]) => [org, n])).toEqual(seen.capacity.map((c: { orgId: string; units: number }) => [c.orgId, c.units]));
    const xihu = seen.capacity.find((c: { relation: string }) => c.relation === "other_district");
    const xihuRow = rows.find(([org]) => org === xihu.orgId)!;
    expect(xihuRow[2]).toBe(`${xihu.nameZh} ${xihu.units} 个其他分局的警力`);
    expect(await page.getAttribute("[data-testid=intercept-map]", "data-capacity")).toBe(String(total));
    expect(await page.textContent("[data-testid=intercept-map-capacity]")).toBe(`另有 ${total} 个其他辖区的警力未在图上显示`);
    const html = await page.content();
    for (const callsign of hiddenCallsigns) expect(html).not.toContain(callsign);
    await screenshot(page, "intercept-scope");

    await setLanguage(page, "en");
    await page.waitForSelector("text=Units of other areas");
    const en = await page.locator(`[data-testid=intercept-capacity-row][data-org="${xihu.orgId}"]`).textContent();
    expect(en).toBe(`${xihu.nameEn} ${xihu.units} from another district`);
    await screenshot(page, "intercept-scope-en");
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
