/**
 * Triage in the console, as a call-taker does it: a noise complaint logged under the wrong
 * category is corrected from the suggestion chip, labelled non-police and non-urgent, previewed
 * to the town containing it and routed there with one click (a work order at that town, the
 * incident closed as diverted). A second report of the same fight is attached to the first as a
 * duplicate. A government enquiry goes to 12345 with a reason, after a reason the server refuses
 * has been shown next to the field and changed nothing. Where no town's area contains a call, the
 * server's refusal asks for the town and the call-taker picks it. Every effect is checked through
 * the API.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGovernanceDemo } from "../../src/governance/demo.ts";
import type { Api } from "../harness.ts";
import { type TownArea, townAt } from "../towns.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser triage panel");

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 100 });

/** Inside a staffed town of the demo city (its polygon contains the point). */
const CALL_AT = { lat: 30.3286, lon: 120.1118 };
/** About a kilometre north: far enough that the cases do not see each other's calls as duplicates. */
const FIGHT_AT = { lat: 30.3376, lon: 120.1118 };

describe.skipIf(!hasChromium)("triage panel in the console", () => {
  let rig: ConsoleRig;
  let page: Page;
  let town: { id: string; code: string; nameZh: string; nameEn: string };
  const pageErrors: string[] = [];
  const tokens = new Map<string, string>();
  const as = (user: string): Api => rig.lantern.api(tokens.get(user)!);

  beforeAll(async () => {
    rig = await startRig();
    await seedGovernanceDemo(rig.lantern.ctx, { centres: "staffed" });
    tokens.set("calltaker", await rig.lantern.login("calltaker"));
    const towns = await as("calltaker")("GET", "/api/v1/governance/towns");
    expect(towns.status).toBe(200);
    town = townAt<typeof town & TownArea>(towns.body, CALL_AT);
    tokens.set(`town-${town.code}`, await rig.lantern.login(`town-${town.code}`));

    const context = await newContext(rig.browser);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page, rig.url, "calltaker", "[data-testid=queue]");
    await page.waitForSelector("[data-testid=conn][data-state=live]");
  });
  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await rig?.close();
  });

  async function call(body: Record<string, unknown>): Promise<{ id: string; number: string }> {
    const r = await as("calltaker")("POST", "/api/v1/incidents", {
      channel: "call_110",
      caller: { name: "李女士", phone: "13800005678" },
      ...body,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }

  const incident = async (id: string) => (await as("calltaker")("GET", `/api/v1/incidents/${id}`)).body;

  /** Opens the incident from its queue row; returns its triage panel. */
  async function open(id: string) {
    const row = page.locator(`[data-testid=queue-row][data-incident="${id}"] button`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const panel = page.locator(`[data-testid=incident-detail][data-incident="${id}"] [data-testid=triage-panel]`);
    await panel.and(page.locator("[data-state=open]")).waitFor();
    return panel;
  }

  it("corrects the category from the suggestion, labels the call and routes it to the town containing it", async () => {
    const inc = await call({
      categoryCode: "complaint.dispute",
      priority: "urgent",
      location: { ...CALL_AT, address: "拱墅区某小区 5 幢" },
      narrative: "楼上KTV噪音很大，吵得睡不着",
    });
    const panel = await open(inc.id);

    // The suggestion: noise first, with its confidence; the wrong category is named as current.
    const first = panel.locator("[data-testid=tri-chip]").first();
    await first.waitFor();
    expect(await first.getAttribute("data-code")).toBe("complaint.noise");
    expect(await first.textContent()).toMatch(/^噪音扰民 \d+%$/);
    expect(await panel.locator("[data-testid=tri-current-category]").textContent()).toBe("当前类别：邻里纠纷");
    await first.click();
    await poll(async () => (await incident(inc.id)).category.code).toBe("complaint.noise");
    await poll(() => first.getAttribute("aria-pressed")).toBe("true");

    // Labels, one click each, each shown as state once the server has it.
    await panel.locator("[data-testid=tri-valid]").click();
    await poll(() => panel.locator("[data-testid=tri-valid]").getAttribute("aria-pressed")).toBe("true");
    await panel.locator("[data-testid=tri-nonpolice]").click();
    await poll(() => panel.locator("[data-testid=tri-nonpolice]").getAttribute("aria-pressed")).toBe("true");
    await panel.locator("[data-testid=tri-nonurgent]").click();
    await poll(() => panel.locator("[data-testid=tri-nonurgent]").getAttribute("aria-pressed")).toBe("true");
    const labelled = await incident(inc.id);
    expect(labelled.flags).toMatchObject({ valid: true, police: false, invalidReason: null });
    expect(labelled.priority).toBe("routine");
    expect(labelled.status).toBe("new");

    // The preview names the town whose area contains the call, and why.
    await poll(() => panel.locator("[data-testid=tri-route-preview]").textContent()).toBe(`→ ${town.nameZh} 镇街指挥中心（城管）`);
    expect(await panel.locator("[data-testid=tri-route-reason]").textContent()).toBe(`非急非警务，派往${town.nameZh}综合治理指挥中心`);
    await screenshot(page, "triage-panel");
    // The reader's language, the server's reason included.
    await setLanguage(page, "en");
    await poll(() => panel.locator("[data-testid=tri-route-preview]").textContent()).toBe(`→ ${town.nameEn} town centre (City management)`);
    expect(await panel.locator("[data-testid=tri-route-reason]").textContent()).toBe(
      `Not time-critical, non-police: work order for the ${town.nameEn} governance centre`,
    );
    expect(await panel.locator("[data-testid=tri-nonpolice]").textContent()).toBe("Non-police");
    await setLanguage(page, "zh-CN");

    await panel.locator("[data-testid=tri-route-go]").click();
    const outcome = page.locator(`[data-testid=incident-detail][data-incident="${inc.id}"] [data-testid=tri-outcome]`);
    await outcome.waitFor();
    const closed = await incident(inc.id);
    expect(closed.status).toBe("closed");
    expect(closed.disposition.code).toBe("diverted_non_police");
    const orders = await as(`town-${town.code}`)("GET", "/api/v1/work-orders");
    expect(orders.status).toBe(200);
    const order = orders.body.find((o: { incidentId: string }) => o.incidentId === inc.id);
    expect(order).toMatchObject({ townId: town.id, skill: "city_management", status: "accepted" });
    expect(await outcome.locator("span").first().textContent()).toBe(`已分流：工单 ${order.number} → ${town.nameZh}，警情已结案`);
    // The panel folds to its one-line summary now that the call has left the call-taker.
    await poll(() =>
      page.locator(`[data-testid=incident-detail][data-incident="${inc.id}"] [data-testid=triage-panel]`).getAttribute("data-state"),
    ).toBe("summary");
    expect(await page.locator("[data-testid=tri-summary]").textContent()).toContain("研判：有效 · 非警务 · 非急 · 噪音扰民");
  });

  it("attaches a second report of the same fight to the first as a duplicate", async () => {
    const fight = { categoryCode: "alarm.fight", location: { ...FIGHT_AT, address: "拱墅区某路口" } };
    const earlier = new Date(Date.now() - 60_000).toISOString();
    const firstCall = await call({ ...fight, narrative: "路口有人打架", receivedAt: earlier });
    const second = await call({ ...fight, narrative: "路口两个人在打架，已经动手了" });
    const panel = await open(second.id);

    const candidate = panel.locator(`[data-testid=tri-dup][data-incident="${firstCall.id}"]`);
    await candidate.waitFor();
    expect(await panel.locator("[data-testid=tri-duplicates]").getAttribute("data-count")).toBe("1");
    const text = await candidate.textContent();
    expect(text).toContain(firstCall.number);
    expect(text).toContain("打架斗殴");
    expect(text).toContain("0 米");

    await candidate.locator("[data-testid=tri-dup-attach]").click();
    await candidate.locator("[data-testid=tri-dup-confirm]").click();
    const outcome = page.locator(`[data-testid=incident-detail][data-incident="${second.id}"] [data-testid=tri-outcome]`);
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain(`已作为重复报警并入 ${firstCall.number}`);

    const dup = await incident(second.id);
    expect(dup.status).toBe("closed");
    expect(dup.disposition.code).toBe("invalid_call");
    expect(dup.flags).toMatchObject({ valid: false, invalidReason: "duplicate", duplicateOf: firstCall.id });
    const timeline = await as("calltaker")("GET", `/api/v1/incidents/${firstCall.id}/timeline`);
    const attached = timeline.body.find((e: { type: string }) => e.type === "incident.caller_attached");
    expect(attached?.data).toMatchObject({
      duplicateId: second.id,
      duplicateNumber: second.number,
      narrative: "路口两个人在打架，已经动手了",
    });
    expect((await incident(firstCall.id)).status).toBe("new");

    // The link opens the incident it joined.
    await outcome.locator("[data-testid=tri-open-target]").click();
    await page.locator(`[data-testid=incident-detail][data-incident="${firstCall.id}"]`).waitFor();
  });

  it("transfers a government enquiry to 12345 with a reason, after a refused reason changed nothing", async () => {
    const inc = await call({
      categoryCode: "complaint.government",
      location: { ...CALL_AT, address: "拱墅区某小区 7 幢" },
      narrative: "我想咨询一下社保卡怎么办理",
    });
    const panel = await open(inc.id);
    await poll(() => panel.locator("[data-testid=tri-route-preview]").textContent()).toBe("→ 12345 热线");

    // A one-letter reason: the server refuses it, the message sits next to the field, nothing moved.
    await panel.locator("[data-testid=tri-hotline]").click();
    await panel.locator("[data-testid=tri-hotline-reason]").fill("x");
    await panel.locator("[data-testid=tri-hotline-confirm]").click();
    const refusal = panel.locator(".field-error[data-field=reason]");
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe("字段 reason 无效：不应少于 2 个字符");
    expect((await incident(inc.id)).status).toBe("new");
    const before = await as("calltaker")("GET", "/api/v1/transfers-12345");
    expect(before.body.filter((x: { incident_id: string }) => x.incident_id === inc.id)).toEqual([]);

    await panel.locator("[data-testid=tri-hotline-reason]").fill("社保卡办理咨询，属 12345 受理范围");
    await panel.locator("[data-testid=tri-hotline-reason]").press("Enter");
    const outcome = page.locator(`[data-testid=incident-detail][data-incident="${inc.id}"] [data-testid=tri-outcome]`);
    await outcome.waitFor();
    expect(await outcome.locator("span").first().textContent()).toBe("已转 12345 热线：社保卡办理咨询，属 12345 受理范围，警情已结案");
    const transfers = await as("calltaker")("GET", "/api/v1/transfers-12345");
    expect(transfers.status).toBe(200);
    expect(transfers.body.filter((x: { incident_id: string }) => x.incident_id === inc.id)).toMatchObject([
      { reason: "社保卡办理咨询，属 12345 受理范围", status: "sent", category_code: "complaint.government" },
    ]);
    const closed = await incident(inc.id);
    expect(closed.status).toBe("closed");
    expect(closed.disposition.code).toBe("transferred");
  });
  it("ends a prank call as an invalid call, by the call-taker, with its reason", async () => {
    const inc = await call({
      categoryCode: "alarm.theft",
      location: { ...CALL_AT, address: "拱墅区某小区 9 幢" },
      narrative: "（来电嬉笑后挂断）",
    });
    const panel = await open(inc.id);
    // Not offered until the call is labelled invalid.
    expect(await panel.locator("[data-testid=tri-close-invalid]").count()).toBe(0);
    await panel.locator("[data-testid=tri-invalid]").click();
    await panel.locator("[data-testid=tri-reason-prank]").click();
    await poll(async () => (await incident(inc.id)).flags?.invalidReason).toBe("prank");
    await panel.locator("[data-testid=tri-close-invalid]").click();
    await poll(async () => (await incident(inc.id)).status).toBe("closed");
    const closed = await incident(inc.id);
    expect(closed.disposition).toMatchObject({ code: "invalid_call", note: "prank" });
    // A valid call cannot be closed this way, and nothing changes.
    const valid = await call({
      categoryCode: "alarm.theft",
      location: { ...CALL_AT, address: "拱墅区某小区 9 幢" },
      narrative: "电动车被盗",
    });
    const refused = await as("calltaker")("POST", `/api/v1/triage/incidents/${valid.id}/close-invalid`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "not_invalid", field: "valid" });
    expect((await incident(valid.id)).status).toBe("new");
  });

  it("asks for the town when no town's area contains the call, and routes to the one picked", async () => {
    // The town's area is not drawn yet: the server can no longer place the call by itself.
    await rig.lantern.ctx.db.updateTable("orgs").set({ polygon: null }).where("id", "=", town.id).execute();
    rig.lantern.ctx.caches.zoneIndex = null;
    const inc = await call({ categoryCode: "complaint.noise", location: CALL_AT, narrative: "广场舞音响声音太大" });
    const panel = await open(inc.id);
    await poll(() => panel.locator("[data-testid=tri-route-preview]").textContent()).toBe("→ 镇街指挥中心：未能确定所属镇街");

    // Routing without a town is refused next to the town picker, and nothing changes.
    await panel.locator("[data-testid=tri-route-go]").click();
    const refusal = panel.locator(".field-error[data-field=townCode]");
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe("坐标 (30.3286, 120.1118) 不在任何镇街指挥中心辖区内，地址中也没有镇街代码：请提供 townCode");
    expect((await incident(inc.id)).status).toBe("new");
    const none = await as(`town-${town.code}`)("GET", "/api/v1/work-orders");
    expect(none.body.filter((o: { incidentId: string }) => o.incidentId === inc.id)).toEqual([]);

    await panel.locator("[data-testid=tri-town]").selectOption(town.code);
    await poll(() => panel.locator("[data-testid=tri-route-preview]").textContent()).toBe(`→ ${town.nameZh} 镇街指挥中心（城管）`);
    await panel.locator("[data-testid=tri-route-go]").click();
    await page.locator(`[data-testid=incident-detail][data-incident="${inc.id}"] [data-testid=tri-outcome]`).waitFor();
    const orders = await as(`town-${town.code}`)("GET", "/api/v1/work-orders");
    expect(orders.body.filter((o: { incidentId: string }) => o.incidentId === inc.id)).toMatchObject([{ townId: town.id }]);
    expect((await incident(inc.id)).disposition.code).toBe("diverted_non_police");
  });
});
