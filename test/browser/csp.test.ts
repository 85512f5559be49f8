/**
 * The console and the API browser work under the content security policy the server sends: in a
 * real browser, with the policy enforced, the dispatcher's map (Leaflet on canvas, the road layer
 * drawn in a worker), the live stream, the dashboard's charts with their tooltips (ECharts), a
 * work-order photo previewed and shown from a blob, and Swagger UI at /docs all run without a
 * single CSP violation.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGovernanceDemo } from "../../src/governance/demo.ts";
import { png } from "../png.ts";
import { type TownArea, townAt } from "../towns.ts";
import { type ConsoleRig, hasChromium, newContext, signIn, skipLine, startRig } from "./harness.ts";

// These run inside the page (page.evaluate, addInitScript), where the DOM exists.
declare const window: any;
declare const document: any;

skipLine("Browser content-security-policy suite");

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const CONSOLE_READY = '[data-testid=map][data-units="36"]';

interface Watched {
  ctx: BrowserContext;
  page: Page;
  /**
   * Violations reported to the page (`securitypolicyviolation`), CSP refusals on its console or a
   * worker's, and any document that came without the policy.
   */
  violations: () => Promise<string[]>;
}

/** A page whose every CSP violation is collected, and whose main document must carry the policy. */
async function watched(rig: ConsoleRig, opts: { phone?: boolean } = {}): Promise<Watched> {
  const ctx = await newContext(rig.browser, opts);
  await ctx.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e: any) =>
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const page = await ctx.newPage();
  const consoleRefusals: string[] = [];
  const onConsole = (text: string) => /Content Security Policy|Refused to/i.test(text) && consoleRefusals.push(text);
  page.on("console", (m) => onConsole(m.text()));
  page.on("worker", (w) => w.on("console", (m) => onConsole(m.text())));
  // The policy must really be in force on every document the test looks at.
  page.on("response", (r) => {
    const policy = r.headers()["content-security-policy"] ?? "";
    if (r.request().resourceType() === "document" && !policy.includes("script-src 'self'")) consoleRefusals.push(`no policy on ${r.url()}`);
  });
  return {
    ctx,
    page,
    violations: async () => [...(await page.evaluate(() => window.__cspViolations as string[])), ...consoleRefusals],
  };
}

describe.skipIf(!hasChromium)("the console under its content security policy", () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startRig();
    await seedGovernanceDemo(rig.lantern.ctx, { centres: "staffed" });
  });
  afterAll(() => rig?.close());

  it("sends the policy with the console page", async () => {
    const res = await fetch(`${rig.url}/`);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
  });

  it("runs the dispatcher's map, road layer and live stream without a violation", async () => {
    const w = await watched(rig);
    await signIn(w.page, rig.url, "dispatcher", CONSOLE_READY);
    await w.page.locator("[data-testid=conn][data-state=live]").waitFor({ timeout: 15_000 });
    await w.page.locator("[data-testid=map][data-roads-drawn=true]").waitFor({ timeout: 20_000 });
    expect(await w.violations()).toEqual([]);
    await w.ctx.close();
  });

  it("draws the dashboard's charts and their tooltips without a violation", async () => {
    const w = await watched(rig);
    await signIn(w.page, rig.url, "analyst", "[data-testid=dashboard]");
    const chart = w.page.locator("[data-testid=chart-hour]");
    await chart.locator("canvas").waitFor();
    await chart.scrollIntoViewIfNeeded();
    // An axis tooltip is HTML with inline styles (the series' colour dots): hover until it shows.
    const box = (await chart.boundingBox())!;
    await poll(async () => {
      await w.page.mouse.move(box.x + box.width / 2 + Math.random(), box.y + box.height / 2);
      return chart.evaluate((el: any) =>
        [...el.querySelectorAll("div")].some((d: any) => d.style.display !== "none" && /<span/.test(d.innerHTML)),
      );
    }).toBe(true);
    expect(await w.violations()).toEqual([]);
    await w.ctx.close();
  });

  it("previews a work-order photo and shows the stored one from a blob without a violation", async () => {
    const token = (u: string) => rig.lantern.login(u);
    const admin = rig.lantern.api(await token("admin"));
    const at = { lat: 30.255, lon: 120.17 };
    const town = townAt<{ id: string; code: string } & TownArea>((await admin("GET", "/api/v1/governance/towns")).body, at);
    const ct = rig.lantern.api(await token("calltaker"));
    const inc = await ct("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "complaint.noise",
      location: { ...at, address: "湖滨路 30 号" },
      narrative: "楼下施工噪音",
    });
    expect(inc.status).toBe(201);
    expect((await ct("POST", `/api/v1/triage/incidents/${inc.body.id}/labels`, { valid: true, police: false, urgent: false })).status).toBe(
      200,
    );
    const routed = await ct("POST", `/api/v1/triage/incidents/${inc.body.id}/route`, {});
    expect(routed.status).toBe(200);
    const order = routed.body.workOrder as { id: string };
    const workerName = `worker-${town.code}-cm`;
    const worker = rig.lantern.api(await token(workerName));
    const workerId = (await worker("GET", "/api/v1/me")).body.userId;
    const centre = rig.lantern.api(await token(`town-${town.code}`));
    expect((await centre("POST", `/api/v1/work-orders/${order.id}/dispatch`, { assigneeId: workerId })).status).toBe(200);
    for (const step of ["take", "on-scene"]) expect((await worker("POST", `/api/v1/work-orders/${order.id}/${step}`)).status).toBe(200);
    expect((await worker("POST", `/api/v1/work-orders/${order.id}/handled`, { note: "已处理" })).status).toBe(200);

    const w = await watched(rig, { phone: true });
    await signIn(w.page, rig.url, workerName, `[data-testid=wo-card][data-order="${order.id}"]`);
    const card = w.page.locator(`[data-testid=wo-card][data-order="${order.id}"]`);
    await card.locator("[data-testid=wo-note]").fill("已告知报警人");
    await card.locator("[data-testid=wo-photo-input]").setInputFiles({ name: "scene.png", mimeType: "image/png", buffer: png(64, 48) });
    await poll(() => card.locator("img[data-testid=wo-photo-preview]").evaluate((img: any) => img.naturalWidth)).toBe(64);
    await card.locator("[data-testid=wo-step-feedback]").click();
    await poll(() => card.locator("[data-testid=wo-photo]").evaluate((img: any) => img.naturalWidth)).toBe(64);
    expect(await card.locator("[data-testid=wo-photo]").getAttribute("src")).toMatch(/^blob:/);
    expect(await w.violations()).toEqual([]);
    await w.ctx.close();
  });

  it("renders Swagger UI at /docs without a violation", async () => {
    const w = await watched(rig);
    await w.page.goto(`${rig.url}/docs/`);
    await poll(() => w.page.locator(".swagger-ui .info .title").textContent()).toContain("Lantern API");
    await poll(() => w.page.locator(".swagger-ui .opblock").count()).toBeGreaterThan(50);
    expect(await w.violations()).toEqual([]);
    await w.ctx.close();
  });
});
