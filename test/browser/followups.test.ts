/**
 * The non-police loop's last two views in the browser. A phoned-in noise complaint is routed to
 * its town, worked and closed through the API; the follow-up caller finds the call, reads the
 * caller's number through the audited read, is stopped from submitting without saying whether
 * the caller was reached, then records a dissatisfied caller, which re-opens the order. An
 * analyst then sees the same figures on the governance tiles as the KPI API gives, in zh-CN and
 * in English.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGovernanceDemo } from "../../src/governance/demo.ts";
import type { Api } from "../harness.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser follow-up calls and governance figures");

// Runs inside the page (page.evaluate), where the DOM exists.
declare const document: any;

/** Gongshu, in 湖墅街道 (Mishixiang station): the same spot the API loop test phones in from. */
const CALL_AT = { lat: 30.3286, lon: 120.1118 };
const ADDRESS = "拱墅区某小区 3 幢";
const PHONE = "13700002222";
const REASON = "回访 / follow-up call：核实处理结果";
const COMMENT = "噪音又开始了，希望再处理";

const rateText = (r: { numerator: number; denominator: number; value: number | null }) =>
  r.denominator === 0 || r.value === null ? "—" : `${Math.round(r.value * 100)}% (${r.numerator}/${r.denominator})`;

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();

describe.skipIf(!hasChromium)("follow-up calls and governance figures in the browser", () => {
  let rig: ConsoleRig;
  const tokens = new Map<string, string>();
  const as = (user: string): Api => rig.lantern.api(tokens.get(user)!);
  let incident: any;
  let order: any;
  let townCode: string;
  let followUp: any;

  beforeAll(async () => {
    // No map in these views: the road network is not needed.
    rig = await startRig({ roads: false });
    await seedGovernanceDemo(rig.lantern.ctx, { centres: "staffed" });
    const users = ["admin", "calltaker", "analyst", "followup"];
    const got = await Promise.all(users.map((u) => rig.lantern.login(u)));
    for (const [i, u] of users.entries()) tokens.set(u, got[i]);

    // The call, triaged non-police and routed to its town (as test/governance-loop.test.ts does).
    const ct = as("calltaker");
    const created = await ct("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.disorder",
      caller: { name: "李女士", phone: PHONE },
      location: { ...CALL_AT, address: ADDRESS },
      narrative: "楼上邻居深夜噪音很大，吵得睡不着",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    incident = created.body;
    expect((await ct("POST", `/api/v1/triage/incidents/${incident.id}/labels`, { categoryCode: "complaint.noise" })).status).toBe(200);
    const labelled = await ct("POST", `/api/v1/triage/incidents/${incident.id}/labels`, { valid: true, police: false, urgent: false });
    expect(labelled.status).toBe(200);
    const routed = await ct("POST", `/api/v1/triage/incidents/${incident.id}/route`, {});
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    order = routed.body.workOrder;
    const towns = (await as("admin")("GET", "/api/v1/governance/towns")).body as { id: string; code: string }[];
    townCode = towns.find((t) => t.id === order.townId)!.code;
    const [town, worker] = await Promise.all([rig.lantern.login(`town-${townCode}`), rig.lantern.login(`worker-${townCode}-cm`)]);
    tokens.set("town", town);
    tokens.set("worker", worker);

    // Dispatched to the city-management officer, who works it to the close.
    const cand = await as("town")("GET", `/api/v1/work-orders/${order.id}/candidates`);
    const cm = cand.body.find((w: any) => w.skills.includes("city_management"));
    expect((await as("town")("POST", `/api/v1/work-orders/${order.id}/dispatch`, { assigneeId: cm.userId })).status).toBe(200);
    for (const [step, body] of [
      ["take", {}],
      ["on-scene", {}],
      ["handled", { note: "已上门劝导，住户调低音量" }],
      ["feedback", { note: "已电话告知报警人" }],
      ["close", { note: "劝导完毕，办结" }],
    ] as const) {
      const r = await as("worker")("POST", `/api/v1/work-orders/${order.id}/${step}`, body);
      expect(r.status, `${step}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    order = (await as("town")("GET", `/api/v1/work-orders/${order.id}`)).body;
    expect(order.status).toBe("closed");

    // The follow-up is scheduled with the close, due an hour later: pending, but not due yet.
    const pending = await as("followup")("GET", "/api/v1/followups?status=pending");
    followUp = pending.body.find((f: any) => f.workOrderId === order.id);
    expect(followUp).toMatchObject({ status: "pending", attempts: 0, incidentId: incident.id, subjectType: "work_order" });
    expect((await as("followup")("GET", "/api/v1/followups?status=pending&due=now")).body).toEqual([]);
  });
  afterAll(() => rig?.close());

  it("the follow-up caller reads the number (audited), is stopped without an answer, and a dissatisfied caller re-opens the order", async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    // The follow-up caller's role has no live stream: the view polls, and no socket is tried.
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await signIn(page, rig.url, "followup", "[data-testid=followups-view][data-ready=true]");

    // Nothing is due yet: the list says so; all pending shows the call with what it is about.
    expect(await page.getAttribute("[data-testid=followups-view]", "data-filter")).toBe("due");
    expect(await text(page, "[data-testid=fu-empty]")).toBe("当前没有到期的回访");
    await page.click("[data-testid=fu-filter-pending]");
    const row = page.locator(`[data-testid=fu-row][data-id="${followUp.id}"]`);
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(order.number);
    const rowText = await row.textContent();
    for (const part of ["工单", "噪音", ADDRESS, "办结于", "已拨打 0 次"]) expect(rowText).toContain(part);

    // The call: the script in Chinese, the number behind the audited read.
    await row.click();
    await page.waitForSelector(`[data-testid=fu-call][data-id="${followUp.id}"]`);
    expect(await text(page, "[data-testid=fu-script] p")).toBe(followUp.script.zh);
    expect(await page.inputValue("[data-testid=fu-reason]")).toBe("回访 / follow-up call");
    expect(await page.locator("[data-testid=fu-phone]").count()).toBe(0);
    // A one-letter reason: the server refuses it, and says why next to the field, in Chinese.
    await page.fill("[data-testid=fu-reason]", "x");
    await page.click("[data-testid=fu-reveal]");
    expect(await text(page, ".field-error[data-field=reason]")).toBe("查看个人信息必须填写事由");
    await page.fill("[data-testid=fu-reason]", REASON);
    await page.click("[data-testid=fu-reveal]");
    expect(await text(page, "[data-testid=fu-phone]")).toBe(PHONE);
    expect(await text(page, "[data-testid=fu-audited]")).toContain(REASON);
    const me = (await as("followup")("GET", "/api/v1/me")).body;
    const audit = await as("admin")("GET", "/api/v1/audit");
    const reads = audit.body.entries.filter((e: any) => e.action === "caller.read" && e.subject_id === incident.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor_id: me.userId, reason: REASON, subject_type: "incident" });
    expect(audit.body.chain.intact).toBe(true);

    // Submitting without saying whether the caller was reached: an error at that field, nothing recorded.
    await page.click("[data-testid=fu-submit]");
    expect(await text(page, ".field-error[data-field=reached]")).toBe("请选择是否接通");
    const still = await as("followup")("GET", `/api/v1/followups/${followUp.id}`);
    expect(still.body).toMatchObject({ status: "pending", attempts: 0, outcome: { reached: null } });

    // Reached, dissatisfied, with a comment: the order goes back to the town.
    await page.check("[data-testid=fu-reached-yes]");
    expect(await page.locator(".field-error[data-field=reached]").count()).toBe(0);
    await page.check("[data-testid=fu-satisfied-no]");
    await page.fill("[data-testid=fu-comment]", COMMENT);
    // Nothing on this screen claims a live connection it never had.
    expect(sockets).toEqual([]);
    expect(await page.locator("[data-testid=stale-banner], [data-testid=conn]").count()).toBe(0);
    await screenshot(page, "followup-call");
    await page.click("[data-testid=fu-submit]");
    const result = page.locator("[data-testid=fu-result]");
    await result.waitFor();
    expect(await result.getAttribute("data-outcome")).toBe("reopened");
    expect(await result.textContent()).toContain("工单已退回镇街重新办理");
    expect(await result.textContent()).toContain("这是列表中的最后一条");
    // The list moved on: the call is gone from the pending list and nothing else is selected.
    await row.waitFor({ state: "detached" });
    expect(await page.locator("[data-testid=fu-call]").count()).toBe(0);

    const recorded = await as("followup")("GET", `/api/v1/followups/${followUp.id}`);
    expect(recorded.body).toMatchObject({ status: "done", attempts: 1, outcome: { reached: true, satisfied: false, comment: COMMENT } });
    const reopened = await as("town")("GET", `/api/v1/work-orders/${order.id}`);
    expect(reopened.body).toMatchObject({ status: "reopened", reopenCount: 1 });

    // The done list shows it with the recorded outcome.
    await page.click("[data-testid=fu-filter-done]");
    await row.click();
    expect(await text(page, "[data-testid=fu-recorded]")).toContain(COMMENT);
    await context.close();
  });

  it("the analyst's governance tiles show the KPI API's figures, the dissatisfied call included, in both languages", async () => {
    const context = await newContext(rig.browser);
    const page2 = await context.newPage();
    await signIn(page2, rig.url, "analyst", "[data-testid=nav-governance]");
    const asked = page2.waitForRequest((r) => r.url().includes("/api/v1/governance/kpis"));
    await page2.click("[data-testid=nav-governance]");
    const query = new URL((await asked).url()).search;
    await page2.waitForSelector("[data-testid=governance-view][data-ready=true]");

    const kpis = (await as("analyst")("GET", `/api/v1/governance/kpis${query}`)).body;
    // The one dissatisfied call: satisfaction 0 of 1; the re-opened order is not resolved.
    expect(kpis.totals.satisfaction).toMatchObject({ numerator: 0, denominator: 1 });
    expect(kpis.totals.resolutionRate).toMatchObject({ numerator: 0, denominator: 1 });
    expect(kpis.totals.nonPoliceShare).toMatchObject({ numerator: 1, denominator: 1 });
    for (const id of ["invalidShare", "nonPoliceShare", "diversionRate", "resolutionRate", "satisfaction"]) {
      expect(await text(page2, `[data-testid=gov-tile-${id}] .kpi-value`), id).toBe(rateText(kpis.totals[id]));
    }
    expect(await text(page2, "[data-testid=gov-tile-satisfaction] .kpi-value")).toBe("0% (0/1)");
    expect(await page2.getAttribute("[data-testid=gov-tile-medianClose]", "data-seconds")).toBe(String(kpis.totals.medianCloseS ?? ""));
    expect(await text(page2, "[data-testid=gov-tile-medianClose] .kpi-value")).not.toMatch(/NaN|undefined/);
    expect(await text(page2, "[data-testid=gov-tile-satisfaction] .kpi-label")).toBe("满意率");

    // The town's row has the exact numbers; the charts are drawn, not empty.
    const townRow = page2.locator(`[data-testid=gov-towns-row][data-id="${order.townId}"]`);
    const townText = await townRow.textContent();
    expect(townText).toContain("0% (0/1)");
    expect(await page2.locator("[data-testid=gov-towns-row]").count()).toBe(kpis.byTown.length);
    expect(await page2.locator("[data-testid=gov-stations-row]").count()).toBe(kpis.byStation.length);
    for (const chart of ["gov-chart-town-rates", "gov-chart-station-rates", "gov-chart-category"]) {
      expect(await page2.getAttribute(`[data-testid=${chart}]`, "data-empty"), chart).toBe("false");
      await page2.locator(`[data-testid=${chart}] canvas`).first().waitFor();
    }
    expect(await page2.evaluate(() => document.body.textContent)).not.toContain("NaN");
    await screenshot(page2, "governance-dashboard");

    await setLanguage(page2, "en");
    expect(await text(page2, "[data-testid=gov-tile-satisfaction] .kpi-label")).toBe("Satisfaction rate");
    expect(await text(page2, "[data-testid=gov-tile-satisfaction] .kpi-value")).toBe("0% (0/1)");
    await context.close();
  });
});
