/**
 * The console's main story, shared by the zh-CN and English suites: a dispatcher takes a call
 * through the form with address search, sees the recommendation with ETAs and dispatches the plan
 * with one click; in a second browser context the officer steps acknowledge → en route → on scene
 * → clear; back in the first context the map, queue and dashboard follow live (no reload) and the
 * dispatcher closes the incident.
 */
import { expect } from "vitest";

// These run inside the page (page.evaluate), where the DOM exists.
declare const window: any;

import { type ConsoleRig, newContext, screenshot, setLanguage, signIn } from "./harness.ts";

export interface FlowResult {
  firstScreenMs: number;
  incidentId: string;
}

const UNIT = "beishan-p1";
/** Live updates arrive within seconds (the dashboard refetches at most every 3 s). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 100 });

export async function dispatcherOfficerFlow(rig: ConsoleRig, lang: "zh-CN" | "en", addressQuery: string): Promise<FlowResult> {
  const suffix = lang === "en" ? "-en" : "";
  const api = rig.lantern.api(await rig.lantern.login("dispatcher"));
  // The standard address the caller gives; the unit with an officer account waits a few hundred
  // metres away, closer than any other patrol car, so the recommendation must pick it.
  const hits = await api("GET", `/api/v1/addresses?q=${encodeURIComponent(addressQuery)}&limit=1`);
  expect(hits.status).toBe(200);
  const address = hits.body[0] as { text: string; lat: number; lon: number; zoneId: string };
  expect(address.zoneId).toMatch(/^beishan-/);
  expect((await api("POST", `/api/v1/units/${UNIT}/position`, { lat: address.lat + 0.004, lon: address.lon })).status).toBe(202);

  // ── Dispatcher: sign in ────────────────────────────────────────────────────────────────
  const dispatcherCtx = await newContext(rig.browser, { lang });
  const page = await dispatcherCtx.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(rig.url);
  await setLanguage(page, lang);
  const firstScreenMs = await signIn(page, rig.url, "dispatcher", '[data-testid=map][data-units="36"]');
  await page.waitForSelector("[data-testid=conn][data-state=live]");
  await poll(() => page.locator("[data-testid=nav-console]").textContent()).toBe(lang === "en" ? "Console" : "调度台");
  // A marker that a reload would wipe: everything below must arrive without one.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // The dashboard, live, in a second tab of the same session.
  const dash = await dispatcherCtx.newPage();
  await dash.goto(`${rig.url}/#dashboard`);
  await dash.waitForSelector("[data-testid=kpi-open]");
  await dash.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await poll(() => dash.locator("[data-testid=kpi-open] .kpi-value").textContent()).toBe("0");
  await poll(() => dash.locator("[data-testid=kpi-incidents] .kpi-value").textContent()).toBe("0");

  // ── The call form: validation names the field in the reader's language ────────────────
  const form = page.locator("[data-testid=call-form]");
  await form.locator("input[name=phone]").fill("13900001234");
  await form.locator("input[name=phone]").press("Control+Enter");
  const locErr = form.locator(".field-error[data-field=location]");
  await poll(() => locErr.textContent()).toBe(
    lang === "en" ? "Pick a standard address or place the pin on the map" : "请选择标准地址或在地图上标点",
  );
  await poll(() => form.locator(".field-error[data-field=categoryCode]").textContent()).toBe(
    lang === "en" ? "Category is required" : "警情类别为必填项",
  );

  // Address type-ahead, keyboard only.
  await form.locator("input[name=callerName]").fill(lang === "en" ? "Mr Luo" : "罗先生");
  await form.locator("input[name=address]").fill(addressQuery);
  const option = page.locator("[data-testid=address-suggestions] [role=option]", { hasText: address.text });
  await option.first().waitFor();
  while ((await page.locator("[data-testid=address-suggestions] [role=option][aria-selected=true]").textContent()) !== address.text) {
    await form.locator("input[name=address]").press("ArrowDown");
  }
  await form.locator("input[name=address]").press("Enter");
  await poll(() => form.locator("input[name=address]").inputValue()).toBe(address.text);
  await form.locator(".badge.ok").waitFor();
  await form.locator("select[name=category]").selectOption("alarm.assault");
  await poll(() => form.locator("input[name=priority][value=urgent]").isChecked()).toBe(true);
  await form.locator("textarea[name=narrative]").fill(lang === "en" ? "Two men fighting outside the shop" : "店门口两人斗殴");
  await form.locator("textarea[name=narrative]").press("Control+Enter");

  // ── The recommendation with ETAs, and the one-click dispatch ───────────────────────────
  const detail = page.locator("[data-testid=incident-detail]");
  await detail.waitFor();
  const incidentId = (await detail.getAttribute("data-incident"))!;
  // The unit may be listed twice: as the first responder and as the plan line's choice (sent once).
  const recUnit = detail.locator(`[data-testid=rec-unit][data-unit=${UNIT}]`).first();
  await recUnit.waitFor();
  expect(await recUnit.getAttribute("class")).toContain("on");
  const eta = await recUnit.locator("[data-testid=eta]").textContent();
  expect(eta).toMatch(lang === "en" ? /^ETA \d/ : /^预计 \d/);
  const row = page.locator(`[data-testid=queue-row][data-incident="${incidentId}"]`);
  await poll(() => row.getAttribute("data-status")).toBe("new");
  await poll(() => row.locator("[data-testid=countdown]").textContent()).toMatch(lang === "en" ? /^Dispatch \d+:\d\d$/ : /^派警 \d+:\d\d$/);
  const button = detail.locator("[data-testid=dispatch-plan]");
  expect(await button.textContent()).toBe(lang === "en" ? "Dispatch plan" : "一键派警");
  await button.click();
  await detail.locator(`[data-testid=assignment][data-unit=${UNIT}][data-status=dispatched]`).waitFor();
  await poll(() => row.getAttribute("data-status")).toBe("dispatched");
  const mapEl = page.locator("[data-testid=map]");
  // One route per unit sent: the plan's line and, ahead of it, the nearest street unit (就近先行).
  const sent = await detail.locator("[data-testid=assignment][data-status=dispatched]").count();
  expect(sent).toBeGreaterThanOrEqual(1);
  await poll(() => mapEl.getAttribute("data-routes")).toBe(String(sent));
  await poll(() => mapEl.getAttribute("data-incidents")).toBe("1");
  await poll(() => dash.locator("[data-testid=kpi-incidents] .kpi-value").textContent()).toBe("1");
  await poll(() => dash.locator("[data-testid=kpi-open] .kpi-value").textContent()).toBe("1");
  await screenshot(page, `dispatcher-console${suffix}`);

  // ── The officer, in a second browser context ───────────────────────────────────────────
  const officerCtx = await newContext(rig.browser, { lang, phone: true });
  const phone = await officerCtx.newPage();
  await phone.goto(rig.url);
  await setLanguage(phone, lang);
  await signIn(phone, rig.url, `officer-${UNIT}`, "[data-testid=officer-assignment]");
  const card = phone.locator("[data-testid=officer-assignment]");
  expect(await card.getAttribute("data-incident")).toBe(incidentId);
  expect(await card.textContent()).toContain(address.text);
  await phone.locator("[data-testid=map][data-units='1']").waitFor();
  await screenshot(phone, `officer-view${suffix}`);

  const steps: [string, string][] = [
    ["acknowledged", "dispatched"],
    ["en_route", "dispatched"],
    ["on_scene", "on_scene"],
  ];
  for (const [step, incidentStatus] of steps) {
    await phone.locator(`[data-testid=step-${step}]`).click();
    await poll(() => card.getAttribute("data-status")).toBe(step);
    // The dispatcher's side follows without a reload.
    await detail.locator(`[data-testid=assignment][data-unit=${UNIT}][data-status=${step}]`).waitFor();
    await poll(() => row.getAttribute("data-status")).toBe(incidentStatus);
  }
  // On scene: the route line goes, the arrival is measured and the dashboard shows it.
  // The officer's unit is on scene: its line goes; any other unit sent is still on its way.
  await poll(() => mapEl.getAttribute("data-routes")).toBe(String(sent - 1));
  await poll(() => dash.locator("[data-testid=kpi-avg-arrival] .kpi-value").textContent()).toMatch(/^\d+\.\d/);
  // The dispatcher reports the other units' steps on their behalf (they have no phone in this test).
  const others = ((await api("GET", `/api/v1/incidents/${incidentId}/assignments`)).body as { unitId: string }[]).filter(
    (a) => a.unitId !== UNIT,
  );
  for (const o of others)
    for (const status of ["acknowledged", "en_route", "on_scene", "cleared"])
      expect((await api("POST", `/api/v1/incidents/${incidentId}/units/${o.unitId}/status`, { status })).status).toBe(200);
  await phone.locator("[data-testid=step-cleared]").click();
  await phone.locator("[data-testid=officer-idle] [data-testid=officer-done]").waitFor();
  await poll(() => row.getAttribute("data-status")).toBe("cleared");

  // ── The dispatcher closes the incident ──────────────────────────────────────────────────
  await detail.locator("[data-testid=close-form] select[name=disposition]").selectOption("resolved_on_scene");
  await detail.locator("[data-testid=close-incident]").click();
  await poll(() => detail.getAttribute("data-status")).toBe("closed");
  expect(await detail.locator("[data-testid=closed-note]").textContent()).toBe(
    lang === "en" ? "Incident closed: Resolved on scene" : "警情已结案：现场处置完毕",
  );
  await poll(() => row.count()).toBe(0);
  await poll(() => mapEl.getAttribute("data-incidents")).toBe("0");
  await poll(() => dash.locator("[data-testid=kpi-open] .kpi-value").textContent()).toBe("0");
  await dash.locator("[data-testid=chart-units] canvas").first().waitFor();
  await screenshot(dash, `dashboard${suffix}`);

  // Still the same documents: nothing above needed a reload.
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(await dash.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(pageErrors).toEqual([]);
  await dispatcherCtx.close();
  await officerCtx.close();
  return { firstScreenMs, incidentId };
}
