/**
 * Checkpoint duty on the officer's phone: a dispatcher pushes watch orders for an in-progress
 * burglary to two checkpoints; the officer picks one of them (the choice survives a reload) and
 * sees only its orders, newest first, a new one arriving while he watches. A tap on 查获 or 通过
 * that is cancelled at the confirm step sends nothing. A hit with a note lands on the incident's
 * timeline and re-plans from the checkpoint; a pass-through whose answer is lost is sent again
 * with the same Idempotency-Key and recorded once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInterceptDemo } from "../../src/intercept/demo.ts";
import { newBurglary } from "../burglary.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser checkpoint duty");

const OFFICER = "officer-kaixuan-p1";
const poll = <T>(fn: () => Promise<T> | T, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });
/** Wall-clock "HH:MM" in the browser's time zone (the test context uses Asia/Shanghai). */
const shanghaiTime = (iso: string) =>
  new Date(iso).toLocaleTimeString("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

describe.skipIf(!hasChromium)("checkpoint duty on the officer's phone", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig();
    expect((await seedInterceptDemo(rig.lantern.ctx)).checkpoints).toBeGreaterThan(2);
  }, 180_000);
  afterAll(() => rig?.close());

  it("lists the post's watch orders and reports a hit and a pass-through with one tap each", async () => {
    const api = rig.lantern.api(await rig.lantern.login("dispatcher"));
    const incidentId = await newBurglary(api, "duty-burglary-1");
    const checkpoints = (await api("GET", "/api/v1/intercept/checkpoints")).body as {
      id: string;
      nameZh: string;
      lat: number;
      lon: number;
    }[];
    const [post, elsewhere] = checkpoints;
    const issue = async (checkpointId: string, plate: string, vehicle: string) => {
      const r = await api("POST", `/api/v1/incidents/${incidentId}/watch-orders`, {
        plate,
        vehicle,
        description: "两名男子，深色上衣，向西逃离",
        checkpointIds: [checkpointId],
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const first = await issue(post.id, "浙A·D3721", "白色轿车");
    const other = await issue(elsewhere.id, "浙A·K0001", "黑色越野车");
    // No plan yet: whatever plan exists afterwards was made by the officer's report.
    expect((await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).status).toBe(404);

    // ── The officer's phone ───────────────────────────────────────────────────────────────
    const context = await newContext(rig.browser, { phone: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const reports: { url: string; key: string | undefined; body: any }[] = [];
    /** The stream frames the page received. */
    const heard: string[] = [];
    page.on("websocket", (ws) => ws.on("framereceived", (f) => heard.push(String(f.payload))));
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/reports"))
        reports.push({ url: r.url(), key: r.headers()["idempotency-key"], body: r.postDataJSON() });
    });
    await signIn(page, rig.url, OFFICER, "[data-testid=checkpoint-duty]");
    await page.waitForSelector("[data-testid=officer-idle]");
    const duty = page.locator("[data-testid=checkpoint-duty]");
    const picker = duty.locator("select[name=duty-checkpoint]");
    // Both posts with an order are offered; nothing is chosen yet.
    await poll(() => picker.locator(`option[value="${post.id}"]`).count()).toBe(1);
    expect(await picker.locator(`option[value="${elsewhere.id}"]`).count()).toBe(1);
    // Posts are offered by name: officers read the checkpoint list.
    await poll(() => picker.locator(`option[value="${post.id}"]`).textContent()).toContain(post.nameZh);
    expect(await duty.getAttribute("data-checkpoint")).toBe("");
    expect(await duty.locator("[data-testid=duty-order]").count()).toBe(0);

    await picker.selectOption(post.id);
    const card = (id: string) => duty.locator(`[data-testid=duty-order][data-order="${id}"]`);
    await card(first).waitFor();
    expect(await card(first).locator("[data-testid=duty-plate]").textContent()).toBe("浙A·D3721");
    expect(await card(first).locator("[data-testid=duty-vehicle]").textContent()).toBe("白色轿车");
    expect(await card(first).locator("[data-testid=duty-description]").textContent()).toBe("两名男子，深色上衣，向西逃离");
    expect(await card(other).count()).toBe(0);
    // The choice is remembered on this phone for this officer.
    await page.reload();
    await poll(() => page.locator("[data-testid=checkpoint-duty]").getAttribute("data-checkpoint")).toBe(post.id);
    await card(first).waitFor();
    await page.waitForSelector("[data-testid=conn][data-state=live]");

    // A new order for the post arrives while the officer watches, on top, announced on the stream.
    const second = await issue(post.id, "浙B·77Q19", "银色面包车");
    await poll(() => duty.getAttribute("data-orders")).toBe("2");
    expect(await duty.locator("[data-testid=duty-order]").first().getAttribute("data-order")).toBe(second);
    expect(heard.some((f) => f.includes("watch_order.") && f.includes(second))).toBe(true);

    // ── A stray tap, cancelled at the confirm step, sends nothing ─────────────────────────
    for (const button of ["duty-hit", "duty-pass"]) {
      await card(first).locator(`[data-testid=${button}]`).click();
      await card(first).locator("[data-testid=duty-confirm]").waitFor();
      await card(first).locator("[data-testid=duty-cancel]").click();
      await card(first).locator("[data-testid=duty-hit]").waitFor();
    }
    expect(await card(first).locator("[data-testid=duty-confirm]").count()).toBe(0);
    expect(reports).toEqual([]);
    expect(await rig.lantern.ctx.db.selectFrom("watch_order_reports").selectAll().execute()).toEqual([]);

    // ── A hit, with a note ─────────────────────────────────────────────────────────────────
    const note = "白色轿车向北驶离，车内两人";
    await card(first).locator("[data-testid=duty-hit]").click();
    const confirm = card(first).locator("[data-testid=duty-confirm][data-kind=hit]");
    expect(await confirm.textContent()).toContain("确认报告：浙A·D3721 在「");
    await confirm.locator("textarea[name=note]").fill(note);
    await confirm.locator("[data-testid=duty-send]").click();
    const result = card(first).locator("[data-testid=duty-result]");
    await result.waitFor({ timeout: 20_000 });
    expect(reports).toHaveLength(1);
    expect(reports[0].body).toEqual({ checkpointId: post.id, kind: "hit", note });
    expect(reports[0].key).toMatch(/^[\w-]{16,}$/);

    const officer = (await rig.lantern.api(await rig.lantern.login(OFFICER))("GET", "/api/v1/me")).body;
    const stored = await rig.lantern.ctx.db.selectFrom("watch_order_reports").selectAll().where("order_id", "=", first).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ checkpoint_id: post.id, kind: "hit", note, reported_by: officer.userId, incident_id: incidentId });
    expect(await result.textContent()).toBe(`${shanghaiTime(stored[0].at)} 已报告查获；指挥中心已重新计算拦截方案`);

    const timeline = (await api("GET", `/api/v1/incidents/${incidentId}/timeline`)).body as { type: string; data: any }[];
    const hits = timeline.filter((e) => e.type === "intercept.checkpoint_hit");
    expect(hits).toHaveLength(1);
    expect(hits[0].data).toMatchObject({ orderId: first, checkpointId: post.id, note, plate: "浙A·D3721", stopped: false });
    // The hit re-planned from the checkpoint, and the report names that plan.
    const plan = (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(plan.trigger).toBe("checkpoint_report");
    expect(plan.params.origin).toEqual({ lat: post.lat, lon: post.lon });
    expect(stored[0].plan_id).toBe(plan.id);

    // ── A pass-through whose answer is lost: sent again with the same key, recorded once ──
    let lost = 0;
    await page.route("**/api/v1/watch-orders/*/reports", async (route) => {
      if (lost++ > 0) return route.continue();
      await route.fetch();
      await route.abort("connectionreset");
    });
    await card(second).locator("[data-testid=duty-pass]").click();
    const passConfirm = card(second).locator("[data-testid=duty-confirm][data-kind=pass_through]");
    expect(await passConfirm.locator("input[name=stopped]").count()).toBe(0);
    await passConfirm.locator("[data-testid=duty-send]").click();
    await poll(() => passConfirm.locator(".field-error[data-field=report]").textContent()).toBe("无法连接服务器");
    expect(await passConfirm.locator("[data-testid=duty-send]").textContent()).toBe("重新发送（不会重复记录）");
    await passConfirm.locator("[data-testid=duty-send]").click();
    const passResult = card(second).locator("[data-testid=duty-result]");
    await passResult.waitFor({ timeout: 20_000 });
    expect(reports.slice(1).map((r) => r.body)).toEqual([
      { checkpointId: post.id, kind: "pass_through" },
      { checkpointId: post.id, kind: "pass_through" },
    ]);
    expect(reports[2].key).toBe(reports[1].key);
    expect(reports[1].key).not.toBe(reports[0].key);
    const passes = await rig.lantern.ctx.db.selectFrom("watch_order_reports").selectAll().where("order_id", "=", second).execute();
    expect(passes).toHaveLength(1);
    expect(passes[0]).toMatchObject({ kind: "pass_through", checkpoint_id: post.id, note: null });
    expect(await passResult.textContent()).toBe(`${shanghaiTime(passes[0].at)} 已报告通过；指挥中心已重新计算拦截方案`);
    const after = (await api("GET", `/api/v1/incidents/${incidentId}/timeline`)).body as { type: string }[];
    expect(after.filter((e) => e.type === "intercept.checkpoint_pass_through")).toHaveLength(1);

    // Both orders stay active (a report does not end an order), and the page reads in English too.
    await poll(() => duty.getAttribute("data-orders")).toBe("2");
    await duty.locator("h2").evaluate((el: any) => el.scrollIntoView({ block: "start" }));
    await screenshot(page, "checkpoint-duty");
    await setLanguage(page, "en");
    expect(await passResult.textContent()).toBe(`Pass-through reported at ${shanghaiTime(passes[0].at)}; the command centre re-planned`);
    expect(await card(first).locator("[data-testid=duty-hit]").textContent()).toBe("HitVehicle identified here");
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
