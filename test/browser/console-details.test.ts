/**
 * The console's smaller promises, each through the real UI: single units added to and removed
 * from a recommendation, the caller revealed only with a reason, a unit's status set on its
 * behalf from the unit board, the officer's browser location sent as AVL, the dashboard's
 * district filter, and the manifest that makes the officer terminal installable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleRig, hasChromium, newContext, screenshot, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser console details suite");

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 100 });
const CONSOLE_READY = '[data-testid=map][data-units="36"]';

describe.skipIf(!hasChromium)("console details in the browser", () => {
  let rig: ConsoleRig;
  let token: string;
  beforeAll(async () => {
    rig = await startRig();
    token = await rig.lantern.login("dispatcher");
  });
  afterAll(() => rig?.close());

  const newIncident = async (key: string, body: Record<string, unknown>) => {
    const r = await rig.lantern.api(token)("POST", "/api/v1/incidents", { channel: "call_110", ...body }, { "Idempotency-Key": key });
    expect(r.status).toBe(201);
    return r.body as { id: string; number: string };
  };

  it("dispatches a plan changed by hand, and reveals the caller only with a reason", async () => {
    const inc = await newIncident("details-1", {
      categoryCode: "alarm.fight",
      caller: { name: "罗先生", phone: "13800001234" },
      location: { lat: 30.31, lon: 120.2, address: "体育场路 8 号" },
    });
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "dispatcher", CONSOLE_READY);
    await page.locator(`[data-testid=queue-row][data-incident="${inc.id}"] button`).click();
    const detail = page.locator("[data-testid=incident-detail]");
    await detail.locator("[data-testid=rec-unit].on").first().waitFor();
    const onIn = (scope: string) =>
      detail.locator(`${scope} [data-testid=rec-unit].on`).evaluateAll((els) => els.map((e) => e.getAttribute("data-unit")!));
    const chosen = await onIn(".requirement:not(.first-responder)");
    expect(chosen).toHaveLength(2); // the fight plan: two patrol cars
    // An urgent call also sends the nearest street unit first, unless a plan line chose it already.
    const ahead = (await onIn("[data-testid=first-responder]")).filter((u) => !chosen.includes(u));
    const alternative = (await detail.locator("[data-testid=rec-unit]:not(.on)").first().getAttribute("data-unit"))!;
    // A callsign or an ETA is one word: laid out on one line, never broken mid-word however narrow
    // the panel ("MISHIXIANG-/C1", "7分20/秒").
    const layout = await detail.locator("[data-testid=rec-unit] .callsign, [data-testid=rec-unit] .eta").evaluateAll((els) =>
      els.map((e) => ({
        boxes: e.getClientRects().length,
        wrap: (globalThis as unknown as { getComputedStyle: (e: unknown) => { whiteSpace: string } }).getComputedStyle(e).whiteSpace,
      })),
    );
    expect(layout.length).toBeGreaterThan(0);
    for (const l of layout) expect(l).toEqual({ boxes: 1, wrap: "nowrap" });
    // Remove the second choice, add the first alternative.
    await detail.locator(`[data-testid=rec-unit][data-unit="${chosen[1]}"] button`).click();
    await detail.locator(`[data-testid=rec-unit][data-unit="${alternative}"] button`).click();
    const button = detail.locator("[data-testid=dispatch-plan]");
    expect(await button.textContent()).toBe(`派出所选 ${2 + ahead.length} 个警力`);
    await button.click();
    await detail.locator(`[data-testid=assignment][data-unit="${alternative}"]`).waitFor();
    const assigned = (await rig.lantern.api(token)("GET", `/api/v1/incidents/${inc.id}/assignments`)).body.map(
      (a: { unitId: string }) => a.unitId,
    );
    expect(assigned.sort()).toEqual([chosen[0], alternative, ...ahead].sort());

    // The caller is masked; revealing needs a reason, and the server's refusal is shown.
    expect(await detail.textContent()).toContain("*******1234");
    await detail.getByRole("button", { name: "查看完整信息" }).click();
    await detail.getByRole("button", { name: "确定" }).click();
    await poll(() => detail.locator(".field-error[data-field=reason]").textContent()).toBe("理由为必填项");
    await detail.getByPlaceholder("查看理由（将记入审计）").fill("x");
    await detail.getByRole("button", { name: "确定" }).click();
    await poll(() => detail.locator(".field-error[data-field=reason]").textContent()).not.toBe("理由为必填项");
    await detail.getByPlaceholder("查看理由（将记入审计）").fill("回拨核实现场情况");
    await detail.getByRole("button", { name: "确定" }).click();
    await poll(() => detail.textContent()).toContain("罗先生 13800001234");
    await ctx.close();
  });

  it("hints at an open incident nearby with a similar category before a duplicate is created", async () => {
    const hit = (await rig.lantern.api(token)("GET", `/api/v1/addresses?q=${encodeURIComponent("凤起路1")}&limit=1`)).body[0];
    const first = await newIncident("details-dup", {
      categoryCode: "alarm.fight",
      location: { lat: hit.lat + 0.001, lon: hit.lon, address: "凤起路口" },
    });
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "calltaker", "[data-testid=call-form]");
    const form = page.locator("[data-testid=call-form]");
    await form.locator("input[name=address]").fill(hit.text);
    await page.locator("[data-testid=address-suggestions] [role=option]", { hasText: hit.text }).first().click();
    await form.locator("select[name=category]").selectOption("alarm.assault"); // same kind (报警), not the same category
    const hint = form.locator("[data-testid=duplicate-hint]");
    await hint.waitFor();
    expect(await hint.textContent()).toContain(first.number);
    await hint.getByRole("button").first().click();
    await page.locator(`[data-testid=incident-detail][data-incident="${first.id}"]`).waitFor();
    await ctx.close();
  });

  it("takes the location from a map pin when no standard address fits, keeping the typed text as the address", async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "calltaker", CONSOLE_READY);
    const form = page.locator("[data-testid=call-form]");
    await form.locator("input[name=address]").fill("西湖边长椅附近");
    await form.getByRole("button", { name: "地图标点" }).click();
    const box = (await page.locator("[data-testid=map]").boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.6);
    const badge = form.locator(".badge.pin");
    await badge.waitFor();
    const [lat, lon] = (await badge.textContent())!.match(/-?\d+\.\d{5}/g)!.map(Number);
    expect(lat).toBeGreaterThan(30.2);
    expect(lat).toBeLessThan(30.34);
    await form.locator("select[name=category]").selectOption("help.missing_person");
    await form.locator("select[name=category]").press("Control+Enter");
    const detail = page.locator("[data-testid=incident-detail]");
    await detail.waitFor();
    const created = (await rig.lantern.api(token)("GET", `/api/v1/incidents/${await detail.getAttribute("data-incident")}`)).body;
    expect(created.location.lat).toBeCloseTo(lat, 5);
    expect(created.location.lon).toBeCloseTo(lon, 5);
    expect(created.location.address).toBe("西湖边长椅附近");
    await ctx.close();
  });

  it("sets a unit's status on its behalf from the unit board, and the server records who did it", async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "dispatcher", CONSOLE_READY);
    await page.click("[data-testid=nav-units]");
    const row = page.locator("[data-testid=unit-row][data-unit=xixi-f1]");
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("available");
    await row.locator("[data-testid=set-status]").selectOption("meal_break");
    await poll(() => row.getAttribute("data-status")).toBe("meal_break");
    await page.getByText("XIXI-F1 状态已改为 就餐休息（已记录）").waitFor();
    await screenshot(page, "unit-board");
    const unit = await rig.lantern.api(token)("GET", "/api/v1/units/xixi-f1");
    expect(unit.body.status.code).toBe("meal_break");
    const log = await rig.lantern.ctx.db
      .selectFrom("events")
      .selectAll()
      .where("stream", "=", "unit")
      .where("stream_id", "=", "xixi-f1")
      .where("type", "=", "unit.status_changed")
      .execute();
    const dispatcherId = (
      await rig.lantern.ctx.db.selectFrom("users").select("id").where("username", "=", "dispatcher").executeTakeFirstOrThrow()
    ).id;
    expect(log.at(-1)?.actor_id).toBe(dispatcherId);
    await ctx.close();
  });

  it("sends the officer's browser location as AVL when allowed", async () => {
    const ctx = await newContext(rig.browser, { phone: true });
    await ctx.grantPermissions(["geolocation"]);
    await ctx.setGeolocation({ latitude: 30.2455, longitude: 120.1789, accuracy: 8 });
    const page = await ctx.newPage();
    await signIn(page, rig.url, "officer-zhalongkou-c1", "[data-testid=officer-view]");
    await page.getByLabel("共享我的位置").check();
    await poll(async () => (await rig.lantern.api(token)("GET", "/api/v1/units/zhalongkou-c1")).body.position?.lat).toBe(30.2455);
    expect((await rig.lantern.api(token)("GET", "/api/v1/units/zhalongkou-c1")).body.position.lon).toBe(120.1789);
    await ctx.close();
  });

  it("filters the dashboard by district", async () => {
    await newIncident("details-xihu", { categoryCode: "alarm.fraud", location: { lat: 30.3, lon: 120.08 } });
    // Expected counts from the incident list (another endpoint than the figures the dashboard shows).
    const all = (await rig.lantern.api(token)("GET", "/api/v1/incidents?limit=1000")).body as { location: { districtId: string } }[];
    const inDistrict = (d: string) => String(all.filter((i) => i.location.districtId === d).length);
    expect(Number(inDistrict("xihu"))).toBeGreaterThanOrEqual(1);
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await signIn(page, rig.url, "analyst", "[data-testid=dashboard]");
    const incidents = page.locator("[data-testid=kpi-incidents] .kpi-value");
    await poll(() => incidents.textContent()).toBe(String(all.length));
    for (const d of ["xihu", "shangcheng", "gongshu"]) {
      await page.locator("[data-testid=dash-district]").selectOption(d);
      await poll(() => incidents.textContent()).toBe(inDistrict(d));
    }
    await ctx.close();
  });

  it("serves a manifest that makes the officer terminal installable", async () => {
    const res = await fetch(`${rig.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const m = (await res.json()) as { display: string; start_url: string; icons: { src: string; sizes: string }[] };
    expect(m.display).toBe("standalone");
    expect(m.start_url).toBe("/");
    const sizes = m.icons.map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of m.icons) expect((await fetch(`${rig.url}${icon.src}`)).status).toBe(200);
    expect((await fetch(`${rig.url}/sw.js`)).status).toBe(200);
  });
});
