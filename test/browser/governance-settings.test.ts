/**
 * 分流设置 in the browser, as a plan administrator. A rule sending noise complaints in Gongshu to
 * 12345 is added through the form and read back from the API; the tester shows it winning in
 * Gongshu while Shangcheng keeps the built-in town rule, and the router's own preview for a real
 * incident agrees; the rule is deleted with a confirm click. The on-scene timer for noise is set
 * to 10 minutes, then two bad entries (a warning after the deadline, a zero deadline) show the
 * server's reason next to the field and change nothing. Then the same screen in English.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Api } from "../harness.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser routing settings");

const GONGSHU = "/hz/gongshu/";
const SHANGCHENG = "/hz/shangcheng/";
const NOTE = "拱墅区噪音投诉试点转 12345";
/** Mishixiang, in Gongshu: where the cross-check incident is phoned in from. */
const CALL_AT = { lat: 30.3286, lon: 120.1118, address: "拱墅区某小区 3 幢" };

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();

describe.skipIf(!hasChromium)("routing settings in the browser", () => {
  let rig: ConsoleRig;
  let admin: Api;

  beforeAll(async () => {
    // No map in this view: the road network is not needed.
    rig = await startRig({ roads: false });
    admin = rig.lantern.api(await rig.lantern.login("admin"));
  });
  afterAll(() => rig?.close());

  const rules = async () => (await admin("GET", "/api/v1/governance/routing-rules")).body as any[];
  const timers = async () => (await admin("GET", "/api/v1/governance/timers")).body as { overrides: any[] };

  it("adds, tests and deletes a routing rule, sets a timer, and shows the server's refusals at the field", async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await signIn(page, `${rig.url}/#settings`, "admin", "[data-testid=settings-view][data-ready=true]");
    expect(await text(page, "[data-testid=settings-view] h2")).toBe("分流设置");
    const builtIns = (await rules()).filter((r) => r.builtIn);
    expect(await page.locator("[data-testid=set-rule-row][data-built-in=true]").count()).toBe(builtIns.length);
    expect(await page.locator("[data-testid=set-rule-row][data-built-in=true] [data-testid=set-rule-delete]").count()).toBe(0);

    // ---- add: noise complaints in Gongshu go to 12345 ----
    await page.selectOption("[data-testid=set-rule-category]", "complaint.noise");
    await page.selectOption("[data-testid=set-rule-area]", GONGSHU);
    // Same category as a built-in rule, narrower area: the form says nothing is replaced or overridden.
    expect(await page.locator("[data-testid=set-rule-form] .note").count()).toBe(0);
    await page.check("[data-testid=set-rule-target-hotline_12345]");
    expect(await page.locator("[data-testid=set-rule-skill]").count()).toBe(0);
    await page.fill("[data-testid=set-rule-note]", NOTE);
    await page.click("[data-testid=set-rule-save]");
    expect(await text(page, "[data-testid=set-rule-msg]")).toBe("已保存规则：噪音扰民 · 拱墅区分局 → 转 12345 热线");
    const row = page.locator(`[data-testid=set-rule-row][data-category="complaint.noise"][data-area="${GONGSHU}"]`);
    await row.waitFor();
    const rowText = await row.textContent();
    for (const part of ["已配置", "噪音扰民", "拱墅区分局", "转 12345 热线", NOTE]) expect(rowText).toContain(part);

    const added = (await rules()).filter((r) => !r.builtIn);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      categoryCode: "complaint.noise",
      areaPath: GONGSHU,
      target: "hotline_12345",
      skill: null,
      note: NOTE,
    });
    expect(await row.getAttribute("data-id")).toBe(added[0].id);

    // ---- which rule applies ----
    const result = page.locator("[data-testid=set-test-result]");
    await page.selectOption("[data-testid=set-test-category]", "complaint.noise");
    await page.selectOption("[data-testid=set-test-area]", GONGSHU);
    await expect.poll(() => result.getAttribute("data-rule")).toBe(added[0].id);
    expect(await result.getAttribute("data-target")).toBe("hotline_12345");
    expect(await result.textContent()).toContain("生效规则：噪音扰民 · 拱墅区分局 → 转 12345 热线");
    expect(await row.getAttribute("data-winner")).toBe("true");
    // The built-in rule it outranks is listed under it.
    expect(await page.locator(`[data-testid=set-test-outranked] li[data-category="complaint.noise"][data-area=""]`).count()).toBe(1);
    // A patrol zone inside Gongshu falls under the district's rule too.
    await page.selectOption("[data-testid=set-test-area]", "/hz/gongshu/hushu/hushu-z1/");
    await expect.poll(() => result.getAttribute("data-rule")).toBe(added[0].id);
    // Another district keeps the built-in town rule with its city-management skill.
    await page.selectOption("[data-testid=set-test-area]", SHANGCHENG);
    await expect.poll(() => result.getAttribute("data-built-in")).toBe("true");
    expect(await result.getAttribute("data-target")).toBe("town");
    expect(await result.getAttribute("data-category")).toBe("complaint.noise");
    expect(await result.getAttribute("data-area")).toBe("");
    expect(await result.textContent()).toContain("所需技能：城管");

    // The router agrees: a real noise complaint in Gongshu, labelled non-police and non-urgent, previews as 12345.
    const created = await admin("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "complaint.noise",
      caller: { name: "王先生", phone: "13700003333" },
      location: CALL_AT,
      narrative: "楼下广场舞音响很吵",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.orgPath.startsWith(GONGSHU)).toBe(true);
    const labelled = await admin("POST", `/api/v1/triage/incidents/${created.body.id}/labels`, {
      valid: true,
      police: false,
      urgent: false,
    });
    expect(labelled.status, JSON.stringify(labelled.body)).toBe(200);
    const preview = await admin("GET", `/api/v1/triage/incidents/${created.body.id}/route`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ target: "hotline_12345", rule: { categoryCode: "complaint.noise", areaPath: GONGSHU } });

    await page.selectOption("[data-testid=set-test-area]", GONGSHU);
    await expect.poll(() => result.getAttribute("data-rule")).toBe(added[0].id);
    await screenshot(page, "governance-settings");

    // ---- delete, with a confirm click ----
    await row.locator("[data-testid=set-rule-delete]").click();
    expect((await rules()).filter((r) => !r.builtIn)).toHaveLength(1);
    await row.locator("[data-testid=set-rule-delete-confirm]").click();
    await row.waitFor({ state: "detached" });
    expect(await text(page, "[data-testid=set-rules-msg]")).toBe("已删除规则：噪音扰民 · 拱墅区分局 → 转 12345 热线");
    expect((await rules()).filter((r) => !r.builtIn)).toEqual([]);
    // Gongshu is back on the built-in rule.
    await expect.poll(() => result.getAttribute("data-built-in")).toBe("true");
    expect(await result.getAttribute("data-target")).toBe("town");

    // ---- the on-scene timer for noise: 10 minutes ----
    await page.selectOption("[data-testid=set-timer-category]", "complaint.noise");
    await page.click("[data-testid=set-timer-add]");
    const noiseRow = page.locator(`[data-testid=set-timer-row][data-category="complaint.noise"]`);
    const onScene = noiseRow.locator("[data-testid=set-timer-cell][data-stage=on_scene]");
    expect(await onScene.getAttribute("data-source")).toBe("default");
    expect(await onScene.getAttribute("data-seconds")).toBe("480");
    await onScene.locator("[data-testid=set-timer-edit]").click();
    const form = page.locator("[data-testid=set-timer-form][data-stage=on_scene][data-category='complaint.noise']");
    await form.waitFor();
    // The default is shown as a person would say it: 8 minutes, warning at 6.
    expect(await page.inputValue("[data-testid=set-timer-seconds]")).toBe("8");
    expect(await page.inputValue("[data-testid=set-timer-seconds-unit]")).toBe("min");
    expect(await page.inputValue("[data-testid=set-timer-warn]")).toBe("6");
    await page.fill("[data-testid=set-timer-seconds]", "10");
    await page.click("[data-testid=set-timer-save]");
    await form.waitFor({ state: "detached" });
    expect(await text(page, "[data-testid=set-timer-msg]")).toBe("已保存：到场 · 噪音扰民，时限 10分钟，6分钟预警");
    await expect.poll(() => onScene.getAttribute("data-source")).toBe("own");
    expect(await onScene.getAttribute("data-seconds")).toBe("600");
    const stored = { stage: "on_scene", categoryCode: "complaint.noise", seconds: 600, warnSeconds: 360 };
    expect((await timers()).overrides).toEqual([stored]);

    // ---- refusals: a warning after the deadline, then a zero deadline ----
    const refusal = async (body: object) =>
      (await admin("PUT", "/api/v1/governance/timers", body, { "accept-language": "zh-CN" })).body.titles as {
        "zh-CN": string;
        en: string;
      };
    const lateWarning = await refusal({ ...stored, warnSeconds: 900 });
    const zero = await refusal({ ...stored, seconds: 0 });
    expect((await timers()).overrides).toEqual([stored]);

    await onScene.locator("[data-testid=set-timer-edit]").click();
    await form.waitFor();
    await page.fill("[data-testid=set-timer-warn]", "15");
    await page.click("[data-testid=set-timer-save]");
    const warnError = page.locator("[data-testid=set-timer-form] .field-error[data-field=warnSeconds]");
    await warnError.waitFor();
    expect(await warnError.textContent()).toBe(lateWarning["zh-CN"]);
    expect(await page.locator("[data-testid=set-timer-form] .field-error[data-field=seconds]").count()).toBe(0);
    expect((await timers()).overrides).toEqual([stored]);

    await page.fill("[data-testid=set-timer-warn]", "6");
    await page.fill("[data-testid=set-timer-seconds]", "0");
    await page.click("[data-testid=set-timer-save]");
    const secondsError = page.locator("[data-testid=set-timer-form] .field-error[data-field=seconds]");
    await secondsError.waitFor();
    expect(await secondsError.textContent()).toBe(zero["zh-CN"]);
    expect(await warnError.count()).toBe(0);
    expect((await timers()).overrides).toEqual([stored]);
    expect(await onScene.getAttribute("data-seconds")).toBe("600");
    expect(await page.locator("[data-testid=set-timer-msg]").count()).toBe(0);

    // ---- English: the labels, and the same refusal in the reader's language ----
    await setLanguage(page, "en");
    expect(await text(page, "[data-testid=settings-view] h2")).toBe("Routing settings");
    expect(await text(page, "[data-testid=set-timer-row][data-category=''] th")).toBe("All categories");
    expect(await text(page, "[data-testid=set-rule-save]")).toBe("Save the rule");
    expect(await secondsError.textContent()).toBe(zero.en);
    expect(await onScene.locator("span").first().textContent()).toBe("10 min, warning at 6 min");

    // ---- removing the setting brings the default back ----
    await page.click("[data-testid=set-timer-clear]");
    await form.waitFor({ state: "detached" });
    expect((await timers()).overrides).toEqual([]);
    await expect.poll(() => onScene.getAttribute("data-seconds")).toBe("480");
    expect(await text(page, "[data-testid=set-timer-msg]")).toBe("Removed the On scene timer setting (Noise); the next one applies");
    // Removing what is not there is refused, naming it.
    const none = await admin("DELETE", "/api/v1/governance/timers/on_scene?categoryCode=complaint.noise");
    expect(none.status).toBe(404);
    expect(none.body.titles["zh-CN"]).toBe("未找到时限设置：on_scene / complaint.noise");
    await context.close();
  });
});
