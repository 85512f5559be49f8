/**
 * The map on a closed network: every request that does not go to the Lantern server is aborted,
 * and the base map must still show roads (drawn from Lantern's own road data) and zones. A
 * configured external tile URL that cannot be reached changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROAD_STYLES } from "../../web/src/map/roadProjection.ts";
import { blockExternalNetwork, type ConsoleRig, hasChromium, screenshot, signIn, skipLine, startRig } from "./harness.ts";

// Runs inside the page (page.evaluate), where the DOM exists.
declare const document: any;
declare const localStorage: any;

skipLine("Browser offline map suite");

/** The inner colours of the road classes (casings overlap zones and each other, so they are not counted). */
const ROAD_RGB = Object.values(ROAD_STYLES).map((s) => [1, 3, 5].map((i) => Number.parseInt(s.colour.slice(i, i + 2), 16)));

/** Counts pixels in the map's canvases (road tiles and vector layers) drawn in a road colour. */
function countRoadPixels(colours: number[][]): number {
  let n = 0;
  for (const c of document.querySelectorAll("[data-testid=map] canvas")) {
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue;
      for (const [r, g, b] of colours) {
        if (Math.abs(data[i] - r) < 4 && Math.abs(data[i + 1] - g) < 4 && Math.abs(data[i + 2] - b) < 4) {
          n++;
          break;
        }
      }
    }
  }
  return n;
}

describe.skipIf(!hasChromium)("the map with the network blocked", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  for (const withTileUrl of [false, true]) {
    it(withTileUrl ? "ignores an unreachable external tile server" : "draws roads and zones from Lantern's own data", async () => {
      const context = await rig.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN", serviceWorkers: "block" });
      const blocked: string[] = [];
      await blockExternalNetwork(context, blocked);
      const page = await context.newPage();
      if (withTileUrl) {
        await page.goto(rig.url);
        await page.evaluate(() => localStorage.setItem("lantern.tileUrl", "https://tiles.example.org/{z}/{x}/{y}.png"));
      }
      await signIn(page, rig.url, "dispatcher", '[data-testid=map][data-units="36"]');
      const map = page.locator("[data-testid=map]");
      await expect.poll(() => map.getAttribute("data-road-features"), { timeout: 10_000 }).not.toBe("0");
      const features = Number(await map.getAttribute("data-road-features"));
      expect(features).toBeGreaterThan(10);
      expect(Number(await map.getAttribute("data-zones"))).toBe(24);
      // Tiles are drawn in a worker; count once every visible one has arrived.
      await page.locator("[data-testid=map][data-roads-drawn=true]").waitFor({ timeout: 10_000 });
      const pixels = await page.evaluate(countRoadPixels, ROAD_RGB);
      expect(pixels).toBeGreaterThan(5000);
      if (withTileUrl) expect(blocked.some((u) => u.startsWith("https://tiles.example.org/"))).toBe(true);
      else expect(blocked).toEqual([]);
      console.log(`offline map${withTileUrl ? " (tile server unreachable)" : ""}: ${features} road features, ${pixels} road pixels drawn`);
      if (!withTileUrl) await screenshot(page, "map-offline");
      await context.close();
    });
  }
});
