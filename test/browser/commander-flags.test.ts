/**
 * The station commander's list of dissatisfied callers on the 分流治理 view. A theft in the Kaixuan
 * station area is closed resolved on scene; the follow-up caller reaches the caller, who is not
 * satisfied. The Kaixuan command room sees the incident at the top of the view with the caller's
 * comment and can open it under its row; a second dissatisfied call recorded while the page is
 * open arrives over the live stream, newest first, without a reload. An analyst, who closes no
 * incidents, sees no such list.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGovernanceDemo } from "../../src/governance/demo.ts";
import type { Api } from "../harness.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser commander flags");

/** Kaixuan station's area (as test/governance-loop.test.ts flags from). */
const KAIXUAN = { lat: 30.2847, lon: 120.1949 };
const FIRST = { address: "上城区湖滨路 12 号", narrative: "电动车在楼下被盗", comment: "出警太慢，至今没有消息" };
const REVIEW = "已约谈出警民警，已回电向群众说明情况";
const SECOND = { address: "上城区湖滨路 40 号", narrative: "店内手机被盗", comment: "民警态度不好" };

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();

describe.skipIf(!hasChromium)("dissatisfied callers for the station commander in the browser", () => {
  let rig: ConsoleRig;
  const tokens = new Map<string, string>();
  const as = (user: string): Api => rig.lantern.api(tokens.get(user)!);

  /** A theft in Kaixuan's area, closed resolved on scene, its follow-up scheduled: returns the incident and the follow-up. */
  async function closedTheft(what: { address: string; narrative: string }) {
    const d = as("dispatcher");
    const created = await d("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.theft",
      location: { ...KAIXUAN, address: what.address },
      narrative: what.narrative,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const incident = created.body;
    expect(incident.location.stationId).toBe("kaixuan");
    const closed = await d("POST", `/api/v1/incidents/${incident.id}/close`, { disposition: "resolved_on_scene" });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    // No background loop in the test server: one pass schedules the call.
    const sweep = await as("admin")("POST", "/api/v1/governance/sweep", {});
    expect(sweep.body.followUpsScheduled).toBe(1);
    const pending = await as("followup")("GET", "/api/v1/followups?status=pending&subjectType=incident");
    const followUp = pending.body.find((f: any) => f.incidentId === incident.id);
    expect(followUp).toMatchObject({ status: "pending", stationId: "kaixuan", categoryCode: "alarm.theft" });
    return { incident: closed.body, followUp };
  }

  async function dissatisfied(followUpId: string, comment: string) {
    const r = await as("followup")("POST", `/api/v1/followups/${followUpId}`, { reached: true, satisfied: false, comment });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.flaggedForCommander).toBe(true);
    return r.body.followUp;
  }

  beforeAll(async () => {
    // No map in this view: the road network is not needed.
    rig = await startRig({ roads: false });
    await seedGovernanceDemo(rig.lantern.ctx, { centres: "staffed" });
    const users = ["admin", "dispatcher", "followup", "commander-kaixuan"];
    const got = await Promise.all(users.map((u) => rig.lantern.login(u)));
    for (const [i, u] of users.entries()) tokens.set(u, got[i]);
  });
  afterAll(() => rig?.close());

  it("lists the flagged incident with the comment, opens it, and shows a new flag from the stream", async () => {
    const first = await closedTheft(FIRST);
    await dissatisfied(first.followUp.id, FIRST.comment);
    const flags = (await as("commander-kaixuan")("GET", "/api/v1/followups/commander-flags")).body;
    expect(flags.map((f: any) => f.incidentId)).toEqual([first.incident.id]);

    const context = await newContext(rig.browser);
    const page = await context.newPage();
    // The flag events the page hears over its live stream.
    const heard: string[] = [];
    page.on("websocket", (ws) =>
      ws.on("framereceived", (f) => {
        if (String(f.payload).includes('"incident.flagged_for_commander"')) heard.push(String(f.payload));
      }),
    );
    await signIn(page, rig.url, "commander-kaixuan", "[data-testid=nav-governance]");
    await page.click("[data-testid=nav-governance]");
    await page.waitForSelector("[data-testid=cmd-flags][data-ready=true]");
    // The live stream is up before anything is recorded that the page must hear of.
    await page.waitForSelector("[data-testid=conn][data-state=live]", { timeout: 10_000 });
    expect(await text(page, "[data-testid=cmd-flags] h3")).toContain("回访不满意 · 待所领导关注");

    const row1 = page.locator(`[data-testid=cmd-flag-row][data-incident="${first.incident.id}"]`);
    await expect.poll(() => row1.locator("[data-testid=cmd-flag-number]").textContent()).toBe(first.incident.number);
    const row1Text = (await row1.textContent()) ?? "";
    for (const part of [FIRST.comment, "盗窃", "凯旋"]) expect(row1Text, part).toContain(part);
    expect(await text(page, "[data-testid=cmd-flags-count]")).toBe("1 起");

    // Opened under its row: the facts, how it was closed, and the flag on its timeline.
    await row1.locator("[data-testid=cmd-flag-open]").click();
    const detail = page.locator(`[data-testid=cmd-flag-detail][data-incident="${first.incident.id}"]`);
    await detail.waitFor();
    const detailText = (await detail.textContent()) ?? "";
    for (const part of [FIRST.address, FIRST.narrative]) expect(detailText, part).toContain(part);
    expect(await text(page, "[data-testid=cmd-flag-disposition]")).toBe(first.incident.disposition.nameZh);
    const flagLine = detail.locator("[data-testid=cmd-flag-timeline] li[data-type='incident.flagged_for_commander']");
    expect(await flagLine.textContent()).toContain(FIRST.comment);

    // A second dissatisfied call while the page is open: it comes over the stream, on top.
    const second = await closedTheft(SECOND);
    await dissatisfied(second.followUp.id, SECOND.comment);
    const row2 = page.locator(`[data-testid=cmd-flag-row][data-incident="${second.incident.id}"]`);
    await row2.waitFor({ timeout: 10_000 });
    await expect.poll(() => row2.locator("[data-testid=cmd-flag-number]").textContent()).toBe(second.incident.number);
    expect(await row2.locator("[data-testid=cmd-flag-comment]").textContent()).toBe(SECOND.comment);
    expect(
      await page.locator("[data-testid=cmd-flag-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-incident"))),
    ).toEqual([second.incident.id, first.incident.id]);
    expect(await text(page, "[data-testid=cmd-flags-count]")).toBe("2 起");
    // The stream carried the flag that changed the list.
    expect(heard.some((p) => p.includes(second.incident.id))).toBe(true);
    await screenshot(page, "commander-flags");

    // The commander writes what was done about the first: it leaves the list and goes on the timeline.
    const row1Again = page.locator(`[data-testid=cmd-flag-row][data-incident="${first.incident.id}"]`);
    if ((await row1Again.locator("[data-testid=cmd-flag-open]").getAttribute("aria-expanded")) !== "true")
      await row1Again.locator("[data-testid=cmd-flag-open]").click();
    const review = page.locator("[data-testid=cmd-review]");
    await review.locator("[data-testid=cmd-review-submit]").click();
    expect(await review.locator(".field-error[data-field=note]").textContent()).toBe("请填写处理情况");
    await review.locator("[data-testid=cmd-review-note]").fill(REVIEW);
    await review.locator("[data-testid=cmd-review-submit]").click();
    await row1Again.waitFor({ state: "detached" });
    expect(await text(page, "[data-testid=cmd-flags-count]")).toBe("1 起");
    const reviewed = (await as("commander-kaixuan")("GET", "/api/v1/followups/commander-flags?includeReviewed=true")).body;
    expect(reviewed.find((f: any) => f.incidentId === first.incident.id).review).toMatchObject({ note: REVIEW });
    const tl = (await as("dispatcher")("GET", `/api/v1/incidents/${first.incident.id}/timeline`)).body;
    expect(tl.filter((e: any) => e.type === "incident.commander_reviewed").map((e: any) => e.data.note)).toEqual([REVIEW]);
    // Reviewed flags can still be looked up.
    await page.check("[data-testid=cmd-with-reviewed]");
    await page.locator(`[data-testid=cmd-flag-row][data-incident="${first.incident.id}"][data-reviewed=true]`).waitFor();
    // A flag is reviewed once; a follow-up that flagged nothing cannot be; a note is required.
    const again = await as("commander-kaixuan")("POST", `/api/v1/followups/${first.followUp.id}/review`, { note: "再次处理" });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("already_reviewed");
    const blank = await as("commander-kaixuan")("POST", `/api/v1/followups/${second.followUp.id}/review`, { note: " " });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe("note");
    const byCaller = await as("followup")("POST", `/api/v1/followups/${second.followUp.id}/review`, { note: "越权处理" });
    expect(byCaller.status).toBe(403);
    expect((await as("commander-kaixuan")("GET", "/api/v1/followups/commander-flags")).body.map((f: any) => f.incidentId)).toEqual([
      second.incident.id,
    ]);

    await page.click("[data-testid=lang-switch]");
    await expect.poll(() => text(page, "[data-testid=cmd-flags] h3")).toContain("Dissatisfied callers · for the station commander");
    // The console opens on the flagged incident from its link.
    await page.click(`[data-testid=cmd-flag-row][data-incident="${second.incident.id}"] [data-testid=cmd-flag-console]`);
    await page.locator("[data-testid=console]").waitFor();
    await expect.poll(() => page.locator("[data-testid=timeline] li[data-type='incident.flagged_for_commander']").count()).toBe(1);
    expect(new URL(page.url()).hash).toBe("#console");
    await context.close();
  });

  it("is not shown to an analyst, who closes no incidents", async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await signIn(page, rig.url, "analyst", "[data-testid=nav-governance]");
    await page.click("[data-testid=nav-governance]");
    await page.waitForSelector("[data-testid=governance-view][data-ready=true]");
    expect(await page.locator("[data-testid=cmd-flags]").count()).toBe(0);
    await context.close();
  });
});
