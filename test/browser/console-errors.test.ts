/**
 * Failure paths in the browser: a dispatch that loses the race, an expired session in the middle
 * of a call, a dropped live connection, and views that follow the user's role.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleRig, hasChromium, newContext, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

// These run inside the page (page.evaluate), where the DOM exists.
declare const window: any;
declare const sessionStorage: any;

skipLine("Browser failure-path suite");

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 100 });
const CONSOLE_READY = '[data-testid=map][data-units="36"]';

describe.skipIf(!hasChromium)("console failure paths in the browser", () => {
  let rig: ConsoleRig;
  let dispatcherToken: string;
  beforeAll(async () => {
    rig = await startRig();
    dispatcherToken = await rig.lantern.login("dispatcher");
  });
  afterAll(() => rig?.close());

  const newIncident = async (key: string, lat: number, lon: number) => {
    const r = await rig.lantern.api(dispatcherToken)(
      "POST",
      "/api/v1/incidents",
      { channel: "call_110", categoryCode: "alarm.assault", location: { lat, lon, address: `测试地址 ${key}` } },
      { "Idempotency-Key": key },
    );
    expect(r.status).toBe(201);
    return r.body as { id: string; number: string };
  };

  it("says so when the unit was just taken, shows the server's reason in both languages, and refreshes the recommendation", async () => {
    const api = rig.lantern.api(dispatcherToken);
    // Parked a few metres from the scene, so that it is the unit the recommendation puts first.
    expect((await api("POST", "/api/v1/units/zhalongkou-p1/position", { lat: 30.2897, lon: 120.1874 })).status).toBe(202);
    const a = await newIncident("race-a", 30.2899, 120.1875);
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "dispatcher", CONSOLE_READY);
    await page.locator(`[data-testid=queue-row][data-incident="${a.id}"] button`).click();
    const detail = page.locator("[data-testid=incident-detail]");
    // Shown twice, as the first responder and as the plan's choice.
    await detail.locator("[data-testid=rec-unit][data-unit=zhalongkou-p1].on").first().waitFor();

    // Another dispatcher sends the same unit elsewhere first.
    const b = await newIncident("race-b", 30.29, 120.1876);
    expect((await api("POST", `/api/v1/incidents/${b.id}/dispatch`, { unitIds: ["zhalongkou-p1"] })).status).toBe(200);

    await detail.locator("[data-testid=dispatch-plan]").click();
    const message = detail.locator("[data-testid=detail-message]");
    await poll(() => message.textContent()).toContain("所选警力刚被其他警情占用");
    const serverTitle = await message.locator(".field-error").textContent();
    expect(serverTitle).toContain("ZHALONGKOU-P1");
    // The recommendation was fetched again: the taken unit is no longer offered as chosen.
    await poll(() => detail.locator("[data-testid=rec-unit][data-unit=zhalongkou-p1].on").count()).toBe(0);
    await detail.locator("[data-testid=rec-unit].on").first().waitFor();
    // The server's problem carries both languages; switching shows the other one at once.
    await setLanguage(page, "en");
    await poll(() => message.textContent()).toContain("A unit was just taken by another incident");
    const english = await message.locator(".field-error").textContent();
    expect(english).not.toBe(serverTitle);
    expect(english).toMatch(/ZHALONGKOU-P1/);
    expect(await rig.lantern.api(dispatcherToken)("GET", `/api/v1/incidents/${a.id}/assignments`)).toMatchObject({ status: 200, body: [] });
    await ctx.close();
  });

  it("returns to login when the session ends, keeping the half-typed call", async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "calltaker", "[data-testid=call-form]");
    const form = page.locator("[data-testid=call-form]");
    await form.locator("input[name=phone]").fill("13700007777");
    await form.locator("textarea[name=narrative]").fill("楼上持续传来争吵声");
    await form.locator("input[name=address]").fill("解放路");
    // The session ends on the server (expiry, or an administrator revoking it): the console
    // learns it from its live socket, which the server closes with the session.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("lantern.session")).token);
    expect((await rig.lantern.api(token)("POST", "/api/v1/auth/logout")).status).toBe(204);
    await page.locator("[data-testid=session-expired]").waitFor();
    expect(await page.locator("[data-testid=session-expired]").textContent()).toContain("会话已过期");
    await page.fill("input[name=password]", "lantern-demo");
    await page.click("[data-testid=login-submit]");
    await form.waitFor();
    expect(await form.locator("input[name=phone]").inputValue()).toBe("13700007777");
    expect(await form.locator("textarea[name=narrative]").inputValue()).toBe("楼上持续传来争吵声");
    expect(await form.locator("input[name=address]").inputValue()).toBe("解放路");
    await form.locator(".note.info").waitFor();
    await ctx.close();
  });

  it("shows a dropped connection at once and catches up the missed events on reconnect", async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "dispatcher", CONSOLE_READY);
    await page.locator("[data-testid=conn][data-state=live]").waitFor();
    await ctx.setOffline(true);
    await page.evaluate(() => window.__lantern.dropConnection());
    // "At once" is well inside the 40 s watchdog; 5 s leaves room for a loaded machine.
    await page.locator("[data-testid=conn][data-state=down]").waitFor({ timeout: 5000 });
    await page.locator("[data-testid=stale-banner]").waitFor({ timeout: 5000 });
    expect(await page.locator(".map-wrap").getAttribute("class")).toContain("stale");
    const missed = await newIncident("missed-while-down", 30.3, 120.1);
    // Still down (offline): the incident cannot have arrived over a live socket.
    expect(await page.locator("[data-testid=conn]").getAttribute("data-state")).toBe("down");
    expect(await page.locator(`[data-testid=queue-row][data-incident="${missed.id}"]`).count()).toBe(0);
    await ctx.setOffline(false);
    await page.locator("[data-testid=conn][data-state=live]").waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid=queue-row][data-incident="${missed.id}"]`).waitFor();
    const caught = await page.locator("[data-testid=caught-up]").textContent();
    expect(Number(caught?.match(/\d+/)?.[0])).toBeGreaterThanOrEqual(1);
    expect(await page.locator("[data-testid=stale-banner]").count()).toBe(0);
    await ctx.close();
  });

  it("gives each role its own views", async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    const tabs = () => page.locator("nav [data-testid^=nav-]").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
    await signIn(page, rig.url, "analyst", "[data-testid=dashboard]");
    expect(await tabs()).toEqual(["nav-console", "nav-units", "nav-dashboard", "nav-governance"]);
    expect(await page.locator("[data-testid=call-form]").count()).toBe(0);
    await page.click("[data-testid=logout]");
    await signIn(page, rig.url, "calltaker", "[data-testid=call-form]");
    // Interception planning is open to call-takers; dispatching a plan is not (no dispatch:assign).
    expect(await tabs()).toEqual(["nav-console", "nav-units", "nav-intercept"]);
    // A call-taker sees the recommendation but cannot dispatch.
    const a = await newIncident("roles-a", 30.2898, 120.1874);
    await page.locator(`[data-testid=queue-row][data-incident="${a.id}"] button`).click();
    await page.locator("[data-testid=recommendation] [data-testid=rec-unit]").first().waitFor();
    expect(await page.locator("[data-testid=dispatch-plan]").count()).toBe(0);
    await page.click("[data-testid=logout]");
    await signIn(page, rig.url, "officer-kaixuan-c1", "[data-testid=officer-view]");
    expect(await tabs()).toEqual([]);
    await ctx.close();
  });
});
