/**
 * The non-police loop's work orders in the browser: a noise complaint diverted to a town appears
 * in that town centre's queue live, with its dispatch timer counting; the centre dispatches it to
 * a city-management officer from the candidates; on a phone the officer takes it, goes on scene,
 * marks it handled, sends feedback with a photo from the camera input, and closes it. The centre's
 * queue follows without a reload, the photo's bytes come back unchanged, and the 110 incident's
 * timeline shows the town's work. Then a second officer pressing 接单 on a team offer a moment
 * after a colleague gets the clear "someone else took it".
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGovernanceDemo } from "../../src/governance/demo.ts";
import type { Api } from "../harness.ts";
import { png } from "../png.ts";
import { type TownArea, townAt } from "../towns.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

// These run inside the page (page.evaluate), where the DOM exists.
declare const window: any;

skipLine("Browser work-order views");

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 100 });

describe.skipIf(!hasChromium)("work orders: town centre and field worker in the browser", () => {
  let rig: ConsoleRig;
  let town: { id: string; code: string; nameZh: string };
  const tokens = new Map<string, string>();
  const as = (user: string): Api => rig.lantern.api(tokens.get(user)!);
  // Shangcheng's first town (清波街道): it has two city-management officers.
  const AT = { lat: 30.2558, lon: 120.1575 };

  beforeAll(async () => {
    rig = await startRig();
    await seedGovernanceDemo(rig.lantern.ctx, { centres: "staffed" });
    tokens.set("admin", await rig.lantern.login("admin"));
    const towns = await as("admin")("GET", "/api/v1/governance/towns");
    expect(towns.status).toBe(200);
    town = townAt<typeof town & TownArea>(towns.body, AT);
    const users = ["calltaker", `town-${town.code}`, `worker-${town.code}-cm`, `worker-${town.code}-cm2`];
    const got = await Promise.all(users.map((u) => rig.lantern.login(u)));
    for (const [i, u] of users.entries()) tokens.set(u, got[i]);
  });
  afterAll(() => rig?.close());

  /** A noise complaint by phone, triaged valid, non-police, non-urgent, and routed: a work order at the town. */
  async function divertedNoiseComplaint(address: string, narrative: string) {
    const ct = as("calltaker");
    const created = await ct("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "complaint.noise",
      caller: { name: "王女士", phone: "13700003333" },
      location: { ...AT, address },
      narrative,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const labels = await ct("POST", `/api/v1/triage/incidents/${created.body.id}/labels`, { valid: true, police: false, urgent: false });
    expect(labels.status).toBe(200);
    const routed = await ct("POST", `/api/v1/triage/incidents/${created.body.id}/route`, {});
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body.workOrder).toMatchObject({ status: "accepted", townId: town.id, skill: "city_management" });
    return { incidentId: created.body.id as string, order: routed.body.workOrder as { id: string; number: string } };
  }

  async function userId(user: string): Promise<string> {
    const r = await as(user)("GET", "/api/v1/me");
    expect(r.status).toBe(200);
    return r.body.userId;
  }

  /**
   * A field worker has no events:stream permission: the phone polls instead of opening the live
   * stream. Every stream socket the phone tries is counted, and the tests expect none.
   */
  const phoneStreamAttempts: string[] = [];
  async function phoneContext(lang?: "zh-CN" | "en") {
    const ctx = await newContext(rig.browser, { phone: true, lang });
    ctx.on("page", (page) => page.on("websocket", (ws) => phoneStreamAttempts.push(ws.url())));
    return ctx;
  }

  function watchErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    return errors;
  }

  it("a diverted order appears live, is dispatched, taken, worked with a photo and closed on the phone", async () => {
    const cmUser = `worker-${town.code}-cm`;
    const cmId = await userId(cmUser);

    // ── The town centre, signed in before the order exists ───────────────────────────────
    const centreCtx = await newContext(rig.browser);
    const page = await centreCtx.newPage();
    const centreErrors = watchErrors(page);
    await signIn(page, rig.url, `town-${town.code}`, "[data-testid=towncentre-view] [data-testid=wo-queue]");
    await page.waitForSelector("[data-testid=conn][data-state=live]");
    await page.locator("[data-testid=wo-queue-empty]").waitFor();
    await page.locator(`[data-testid=wo-map][data-towns="1"]`).waitFor();
    await page.evaluate(() => {
      window.__noReload = true;
    });

    const { incidentId, order } = await divertedNoiseComplaint("湖滨路 28 号", "楼下酒吧音乐声很大，吵得睡不着");
    const row = page.locator(`[data-testid=wo-row][data-order="${order.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute("data-status")).toBe("accepted");
    expect(await row.textContent()).toContain("噪音扰民");
    expect(await row.textContent()).toContain("湖滨路 28 号");
    // The one-minute dispatch timer, counting down each second.
    const timer = row.locator("[data-testid=wo-timer]");
    expect(await timer.getAttribute("data-stage")).toBe("dispatch");
    const first = (await timer.textContent()) ?? "";
    expect(first).toMatch(/^派单 (1:00|0:[0-5]\d)$/);
    await poll(() => timer.textContent()).not.toBe(first);
    expect(await timer.textContent()).toMatch(/^派单 0:[0-5]\d$/);
    await poll(() => page.locator("[data-testid=wo-map]").getAttribute("data-orders")).toBe("1");

    // ── 派单 from the candidates ─────────────────────────────────────────────────────────────
    await row.locator("button").click();
    const detail = page.locator(`[data-testid=wo-detail][data-order="${order.id}"]`);
    await detail.waitFor();
    const candidate = detail.locator(`[data-testid=wo-candidate][data-user="${cmId}"]`);
    await candidate.waitFor();
    // Both on-duty city-management officers of the town, nobody else.
    expect(await detail.locator("[data-testid=wo-candidate]").count()).toBe(2);
    await candidate.locator("[data-testid=wo-dispatch-to]").click();
    await poll(() => detail.getAttribute("data-status")).toBe("dispatched");
    await poll(() => row.getAttribute("data-status")).toBe("dispatched");
    expect(await detail.locator("[data-testid=wo-assignee]").textContent()).toContain("城管队员");
    expect(await row.locator("[data-testid=wo-timer]").getAttribute("data-stage")).toBe("on_scene");

    // ── The officer's phone ───────────────────────────────────────────────────────────────────
    const phoneCtx = await phoneContext();
    const phone = await phoneCtx.newPage();
    const phoneErrors = watchErrors(phone);
    await signIn(phone, rig.url, cmUser, `[data-testid=wo-card][data-order="${order.id}"]`);
    const card = phone.locator(`[data-testid=wo-card][data-order="${order.id}"]`);
    expect(await card.textContent()).toContain("湖滨路 28 号");
    expect(await card.locator("[data-testid=wo-timer]").first().textContent()).toMatch(/^到场 [0-7]:\d\d$/);

    await card.locator("[data-testid=wo-take]").click();
    await poll(() => card.getAttribute("data-status")).toBe("taken");
    // The centre sees it without a reload.
    await poll(() => row.getAttribute("data-status")).toBe("taken");

    await card.locator("[data-testid=wo-step-on_scene]").click();
    await poll(() => card.getAttribute("data-status")).toBe("on_scene");

    // Handled needs a note: the button waits for one.
    expect(await card.locator("[data-testid=wo-step-handled]").isDisabled()).toBe(true);
    await card.locator("[data-testid=wo-note]").fill("已劝导酒吧调低音量，现场已安静");
    await card.locator("[data-testid=wo-step-handled]").click();
    await poll(() => card.getAttribute("data-status")).toBe("handled");

    // Feedback: words and a photo from the camera input, previewed before sending.
    const photo = png(64, 48);
    await card.locator("[data-testid=wo-note]").fill("已电话告知报警人处理结果");
    expect(await card.locator("[data-testid=wo-step-feedback]").isDisabled()).toBe(true);
    await card.locator("[data-testid=wo-photo-input]").setInputFiles({ name: "scene.png", mimeType: "image/png", buffer: photo });
    await card.locator("[data-testid=wo-photo-preview]").waitFor();
    await card.locator("[data-testid=wo-step-feedback]").click();
    await poll(() => card.getAttribute("data-status")).toBe("feedback");
    // The stored photo is shown from its bytes (fetched with the token), here and at the centre.
    await poll(() => card.locator("[data-testid=wo-photo]").evaluate((img: any) => img.naturalWidth)).toBe(64);
    await poll(() => row.getAttribute("data-status")).toBe("feedback");
    await poll(() => detail.locator("[data-testid=wo-photo]").evaluate((img: any) => img.naturalWidth)).toBe(64);
    await detail.locator('[data-testid=wo-timeline-event][data-to="feedback"]').waitFor();
    await screenshot(phone, "worker-phone");
    await page
      .locator("[data-testid=wo-map][data-roads-drawn=true]")
      .waitFor({ timeout: 10_000 })
      .catch(() => {});
    await screenshot(page, "town-centre");

    await card.locator("[data-testid=wo-note]").fill("群众表示满意，办结");
    await card.locator("[data-testid=wo-step-closed]").click();
    await poll(() => card.getAttribute("data-status")).toBe("closed");
    expect(await card.locator("[data-testid=wo-timer]").first().getAttribute("data-state")).toBe("done");

    // The centre: gone from the open queue, the detail says closed and offers re-opening.
    await poll(() => row.count()).toBe(0);
    await page.locator("[data-testid=wo-queue-empty]").waitFor();
    await poll(() => detail.getAttribute("data-status")).toBe("closed");
    expect(await detail.locator("[data-testid=wo-detail-status]").textContent()).toBe("已办结");
    expect(await detail.locator("[data-testid=wo-close-note]").textContent()).toBe("群众表示满意，办结");
    await detail.locator("[data-testid=wo-reopen]").waitFor();
    expect(await page.evaluate(() => window.__noReload)).toBe(true);

    // ── The record, through the API ───────────────────────────────────────────────────────────
    const got = await as(`town-${town.code}`)("GET", `/api/v1/work-orders/${order.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      status: "closed",
      assigneeId: cmId,
      notes: { handled: "已劝导酒吧调低音量，现场已安静", feedback: "已电话告知报警人处理结果", close: "群众表示满意，办结" },
    });
    const photoUrl: string = got.body.notes.photoUrl;
    expect(photoUrl).toMatch(new RegExp(`^/api/v1/work-orders/${order.id}/photos/[^/]+$`));
    const res = await fetch(`${rig.url}${photoUrl}`, { headers: { authorization: `Bearer ${tokens.get(`town-${town.code}`)}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/png/);
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    // The 110 incident's own timeline carries the town's work, step by step.
    const tl = await as("calltaker")("GET", `/api/v1/incidents/${incidentId}/timeline`);
    expect(tl.status).toBe(200);
    const woEvents = tl.body.filter((e: { type: string }) => e.type.startsWith("workorder."));
    expect(woEvents[0].type).toBe("workorder.created");
    expect(woEvents.filter((e: any) => e.type === "workorder.status_changed").map((e: any) => e.data.to)).toEqual([
      "dispatched",
      "taken",
      "on_scene",
      "handled",
      "feedback",
      "closed",
    ]);
    for (const e of woEvents) expect(e.data.workOrderId).toBe(order.id);

    expect(centreErrors).toEqual([]);
    expect(phoneErrors).toEqual([]);
    expect(phoneStreamAttempts).toEqual([]);
    await phoneCtx.close();
    await centreCtx.close();
  });

  it("a second officer pressing 接单 just after a colleague is told someone else took it", async () => {
    const { order } = await divertedNoiseComplaint("湖滨路 40 号", "隔壁装修电钻声不断");
    const d = await as(`town-${town.code}`)("POST", `/api/v1/work-orders/${order.id}/dispatch`, { teamSkill: "city_management" });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: "dispatched", assigneeId: null, teamSkill: "city_management" });

    const ctx = await phoneContext("en");
    const phone = await ctx.newPage();
    const errors = watchErrors(phone);
    await phone.goto(rig.url);
    await setLanguage(phone, "en");
    await signIn(phone, rig.url, `worker-${town.code}-cm2`, `[data-testid=wo-card][data-order="${order.id}"] [data-testid=wo-take]`);
    const card = phone.locator(`[data-testid=wo-card][data-order="${order.id}"]`);
    expect(await card.textContent()).toContain("first to take it");

    // Both press at once: the colleague's take reaches the server first.
    const cmId = await userId(`worker-${town.code}-cm`);
    let raced = 0;
    await phone.route(`**/api/v1/work-orders/${order.id}/take`, async (route) => {
      const first = await as(`worker-${town.code}-cm`)("POST", `/api/v1/work-orders/${order.id}/take`, {});
      expect(first.status).toBe(200);
      raced++;
      await route.continue();
    });
    await card.locator("[data-testid=wo-take]").click();
    const notice = phone.locator("[data-testid=worker-notice]");
    await notice.waitFor();
    expect(raced).toBe(1);
    expect(await notice.textContent()).toContain(`Someone else took work order ${order.number}`);
    // The offer is gone from this phone; the order is the colleague's.
    await poll(() => card.count()).toBe(0);
    const now = await as(`town-${town.code}`)("GET", `/api/v1/work-orders/${order.id}`);
    expect(now.body).toMatchObject({ status: "taken", assigneeId: cmId });
    expect(errors).toEqual([]);
    expect(phoneStreamAttempts).toEqual([]);
    await ctx.close();
  });
});
