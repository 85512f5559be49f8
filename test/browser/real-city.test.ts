/**
 * Dispatch on the real central Hangzhou demo city, in zh-CN and in English, as a dispatcher would
 * check it: a call on 文三路 puts the nearest street unit first (就近先行), with its road distance,
 * its ETA against the arrival target and the named streets of its route; a call no unit can reach
 * in time says so; an interception plan keeps every station's reserve and goes out only after the
 * confirmation; and the timeline tells the disposition, the closing note and the steps the
 * dispatcher reported on the units' behalf.
 *
 * The expected figures are worked out here from the road engine directly (one route per unit),
 * not read back from the recommendation.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDuration } from "../../src/dispatch/candidates.ts";
import { DEFAULT_STREET_UNIT_TYPES } from "../../src/dispatch/model.ts";
import { isOnFoot, ON_FOOT_MPS } from "../../src/dispatch/on-foot.ts";
import type { Api } from "../harness.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

skipLine("Browser dispatch on the real Hangzhou demo");

// Runs inside the page (page.evaluate), where the DOM exists.
declare const location: { hash: string };

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

interface UnitRow {
  id: string;
  callsign: string;
  type: string;
  stationId: string | null;
  status: { code: string };
  position: { lat: number; lon: number } | null;
}

describe.skipIf(!hasChromium)("dispatch on the real Hangzhou demo in the browser", () => {
  let rig: ConsoleRig;
  let api: Api;

  beforeAll(async () => {
    rig = await startRig();
    api = rig.lantern.api(await rig.lantern.login("dispatcher"));
  });
  afterAll(() => rig?.close());

  /** The i-th door plate on 文三路 that the address search gives (the plates are ~120 m apart). */
  async function wensanAddress(i: number) {
    const hits = await api("GET", `/api/v1/addresses?q=${encodeURIComponent("文三路")}&limit=50`);
    expect(hits.status).toBe(200);
    const plates = (hits.body as { text: string; lat: number; lon: number }[]).filter((a) => a.text.includes("文三路"));
    expect(plates.length).toBeGreaterThan(i);
    return plates[i];
  }

  async function newCall(key: string, at: { text: string; lat: number; lon: number }, categoryCode: string, priority: string) {
    const r = await api(
      "POST",
      "/api/v1/incidents",
      { channel: "call_110", categoryCode, priority, location: { lat: at.lat, lon: at.lon, address: at.text }, narrative: "测试" },
      { "Idempotency-Key": key },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; number: string };
  }

  async function units(): Promise<UnitRow[]> {
    const r = await api("GET", "/api/v1/units");
    expect(r.status).toBe(200);
    return r.body as UnitRow[];
  }

  /** Each available unit's time and road distance to the point, by one route each. */
  async function byRoad(at: { lat: number; lon: number }, only?: (u: UnitRow) => boolean) {
    const out: { unit: UnitRow; seconds: number; meters: number }[] = [];
    for (const u of await units()) {
      if (u.status.code !== "available" || !u.position || (only && !only(u))) continue;
      const r = rig.lantern.ctx.travel.route(u.position, at);
      // Officers on foot walk the route; everyone else drives it.
      if (r) out.push({ unit: u, seconds: isOnFoot(u.type) ? r.meters / ON_FOOT_MPS : r.seconds, meters: r.meters });
    }
    return out.sort((a, b) => a.seconds - b.seconds);
  }

  async function consolePage(lang: "zh-CN" | "en"): Promise<{ page: Page; errors: string[] }> {
    const ctx = await newContext(rig.browser, { lang });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(rig.url);
    await setLanguage(page, lang);
    await signIn(page, rig.url, "dispatcher", "[data-testid=queue]");
    await page.waitForSelector("[data-testid=conn][data-state=live]");
    return { page, errors };
  }

  describe.each(["zh-CN", "en"] as const)("in %s", (lang) => {
    const en = lang === "en";
    const suffix = en ? "-en" : "";
    let page: Page;
    let errors: string[];
    let incidentId: string;

    beforeAll(async () => {
      ({ page, errors } = await consolePage(lang));
    });
    afterAll(async () => {
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it("puts the nearest street unit first on a 文三路 call, with road distance, ETA against the target and its streets", async () => {
      const at = await wensanAddress(en ? 4 : 1);
      const inc = await newCall(`wensan-${lang}`, at, "alarm.burglary", "in_progress");
      incidentId = inc.id;
      const street = new Set<string>(DEFAULT_STREET_UNIT_TYPES);
      const ranked = await byRoad(at, (u) => street.has(u.type));
      expect(ranked.length).toBeGreaterThan(1);
      const nearest = ranked[0];

      await page.locator(`[data-testid=queue-row][data-incident="${inc.id}"] button`).click();
      const detail = page.locator(`[data-testid=incident-detail][data-incident="${inc.id}"]`);
      const first = detail.locator("[data-testid=first-responder] [data-testid=rec-unit]");
      await first.waitFor();
      expect(await detail.locator("[data-testid=first-responder] .req-head").textContent()).toBe(en ? "First responder" : "就近先行");
      expect(await first.getAttribute("data-unit")).toBe(nearest.unit.id);
      expect(await first.locator(".callsign").textContent()).toBe(nearest.unit.callsign);
      // Its road distance, to the tenth of a kilometre.
      const km = (nearest.meters / 1000).toFixed(1);
      expect(await first.locator("[data-testid=km]").textContent()).toBe(en ? `${km} km` : `${km} 公里`);
      // Its ETA against the incident's arrival target, and whether it makes it.
      const rec = (await api("GET", `/api/v1/incidents/${inc.id}/recommendation`)).body;
      const targetS = rec.firstResponder.candidate.targetS as number;
      expect(targetS).toBeGreaterThan(0);
      const eta = await first.locator("[data-testid=eta]").textContent();
      const target = formatDuration(targetS);
      expect(eta).toContain(en ? `target ${target.en}` : `目标 ${target.zh}`);
      expect(await first.getAttribute("data-within-target")).toBe(String(nearest.seconds <= targetS + 1));
      // The named streets of its route, in the order driven, as the road engine gives them.
      const streets = rig.lantern.ctx.travel.route(nearest.unit.position!, at)!.streets ?? [];
      expect(streets.length).toBeGreaterThan(0);
      // The panel names the first few, in the order driven.
      const via = (await first.locator("[data-testid=via]").textContent())!.replace(en ? /^via / : /^经 /, "").split(" → ");
      expect(via.length).toBeGreaterThanOrEqual(Math.min(2, streets.length));
      expect(via).toEqual(streets.slice(0, via.length).map((x) => (en ? x.en : x.zh)));
      // Where the call is, by the streets that meet there.
      expect(await detail.locator("[data-testid=rec-location]").textContent()).toContain(en ? "Wensan" : "文三路");
      // Every candidate shown has a real road distance.
      for (const d of await detail.locator("[data-testid=rec-unit] [data-testid=km]").allTextContents())
        expect(d).toMatch(en ? /^\d+\.\d km$/ : /^\d+\.\d 公里$/);
      expect(await detail.locator("[data-testid=rec-unit] [data-testid=km]", { hasText: /^0\.0/ }).count()).toBe(0);
      await screenshot(page, `recommendation${suffix}`);
    });

    it("warns when no unit can reach the call within its target, with the target, the best ETA and the gap", async () => {
      // A quiet night: only Kaixuan station, across the city in Shangcheng, has units on duty.
      const all = await units();
      const elsewhere = all.filter((u) => u.status.code === "available" && u.stationId !== "kaixuan").map((u) => u.id);
      const setAll = async (status: string) => {
        for (const id of elsewhere) expect((await api("POST", `/api/v1/units/${id}/status`, { status })).status).toBe(200);
      };
      await setAll("off_duty");
      try {
        const at = await wensanAddress(en ? 10 : 7);
        const inc = await newCall(`far-${lang}`, at, "alarm.assault", "in_progress");
        const best = (await byRoad(at))[0];
        expect(best.unit.stationId).toBe("kaixuan");
        await page.locator(`[data-testid=queue-row][data-incident="${inc.id}"] button`).click();
        const detail = page.locator(`[data-testid=incident-detail][data-incident="${inc.id}"]`);
        const warning = detail.locator("[data-testid=rec-warning][data-code=target_unreachable]");
        await warning.waitFor();
        const rec = (await api("GET", `/api/v1/incidents/${inc.id}/recommendation`)).body;
        const targetS = rec.firstResponder.candidate.targetS as number;
        expect(best.seconds).toBeGreaterThan(targetS);
        const [t, b, gap] = [targetS, best.seconds, best.seconds - targetS].map((s) => formatDuration(s));
        // The road engine's own figure may differ from the ranking's by rounding only.
        const text = (await warning.textContent())!;
        expect(text).toMatch(
          en
            ? new RegExp(`^No unit can arrive within the ${t.en} target: the fastest takes \\d+ min( \\d+ s)?, .+ over$`)
            : new RegExp(`^无警力可在目标 ${t.zh} 内到达：最快 \\d+分(\\d+秒)?，超出 .+$`),
        );
        expect(Math.abs(rec.firstResponder.candidate.etaS - best.seconds)).toBeLessThanOrEqual(2);
        if (Math.round(rec.firstResponder.candidate.etaS) === Math.round(best.seconds)) {
          expect(text).toContain(en ? b.en : b.zh);
          expect(text).toContain(en ? `${gap.en} over` : `超出 ${gap.zh}`);
        }
        for (const row of await detail.locator("[data-testid=rec-unit]").all())
          expect(await row.getAttribute("data-within-target")).toBe("false");
        await screenshot(page, `recommendation-late${suffix}`);
        expect((await api("POST", `/api/v1/incidents/${inc.id}/cancel`, { reason: "测试结束" })).status).toBe(200);
      } finally {
        await setAll("available");
      }
    });

    it("keeps every station's reserve in an interception plan, and sends it only after the confirmation", async () => {
      const at = await wensanAddress(en ? 16 : 13);
      const inc = await newCall(`flight-${lang}`, at, "alarm.burglary", "in_progress");
      const before = await units();
      const availableAt = (list: UnitRow[]) => {
        const m = new Map<string, number>();
        for (const u of list) if (u.status.code === "available" && u.stationId) m.set(u.stationId, (m.get(u.stationId) ?? 0) + 1);
        return m;
      };
      await page.evaluate((id) => {
        location.hash = `#intercept/${id}`;
      }, inc.id);
      await page.waitForSelector(`[data-testid=intercept-view][data-incident="${inc.id}"]`);
      const form = page.locator("[data-testid=intercept-form]");
      await form.locator("input[name=routes]").fill("300");
      await form.locator("input[name=minutesSinceFlight]").fill("0");
      await page.click("[data-testid=intercept-compute]");
      await page.locator("[data-testid=intercept-probability]").waitFor();
      const plan = (await api("GET", `/api/v1/incidents/${inc.id}/intercept-plan`)).body;
      const reserve = plan.guardrails.reservePerStation as number;
      expect(reserve).toBeGreaterThan(0);
      const placed = (plan.units as { unitId: string; node: number | null; leftOut: string | null }[]).filter((u) => u.node !== null);
      const held = plan.units
        .filter((u: { leftOut: string | null }) => u.leftOut === "held_in_reserve")
        .map((u: { unitId: string }) => u.unitId);
      expect(placed.length).toBeGreaterThan(0);
      expect(held.length).toBeGreaterThan(0);

      // The dispatch button opens the confirmation; nothing is sent until it is confirmed.
      await page.click("[data-testid=intercept-dispatch]");
      const confirm = page.locator("[data-testid=intercept-confirm]");
      await confirm.waitFor();
      expect(await confirm.locator("h3").textContent()).toBe(en ? "Confirm the interception dispatch" : "确认调派拦截方案");
      expect((await api("GET", `/api/v1/incidents/${inc.id}/assignments`)).body).toEqual([]);
      // Per station: how many leave and how many stay, never below the reserve.
      const stations = await confirm.locator("[data-testid=intercept-confirm-station]").all();
      expect(stations.length).toBeGreaterThan(0);
      for (const s of stations) {
        const remain = Number(
          await s
            .locator("td")
            .nth(2)
            .textContent()
            .then((x) => (x ?? "").replace(/\D+.*$/s, "")),
        );
        expect(remain).toBeGreaterThanOrEqual(reserve);
      }
      await screenshot(page, `intercept-confirm-reserve${suffix}`);
      await confirm.locator("[data-testid=intercept-confirm-ok]").click();
      await confirm.waitFor({ state: "detached" });

      // Sent: every placed unit, no reserved one, and every station keeps its reserve.
      const sent = ((await api("GET", `/api/v1/incidents/${inc.id}/assignments`)).body as { unitId: string }[]).map((a) => a.unitId);
      await poll(async () => ((await api("GET", `/api/v1/incidents/${inc.id}/assignments`)).body as unknown[]).length).toBe(placed.length);
      expect(sent.filter((id) => held.includes(id))).toEqual([]);
      const after = availableAt(await units());
      for (const [station, n] of availableAt(before)) expect(after.get(station) ?? 0).toBeGreaterThanOrEqual(Math.min(n, reserve));
      expect((await api("POST", `/api/v1/incidents/${inc.id}/cancel`, { reason: "演练结束" })).status).toBe(200);
      await page.evaluate(() => {
        location.hash = "";
      });
      await page.waitForSelector("[data-testid=queue]");
    });

    it("tells in the timeline the steps reported on the units' behalf, the disposition and the closing note", async () => {
      const detail = page.locator(`[data-testid=incident-detail][data-incident="${incidentId}"]`);
      if (!(await detail.count())) await page.locator(`[data-testid=queue-row][data-incident="${incidentId}"] button`).click();
      await detail.locator("[data-testid=dispatch-plan]").click();
      await detail.locator("[data-testid=assignment][data-status=dispatched]").first().waitFor();
      const sent = await detail.locator("[data-testid=assignment]").count();
      expect(sent).toBeGreaterThan(0);
      // No unit has a phone here: the dispatcher reports every step for them, one button at a time.
      for (const step of ["acknowledged", "en_route", "on_scene", "cleared"]) {
        for (let i = 0; i < sent; i++) {
          const row = detail.locator("[data-testid=assignment]").nth(i);
          await row.locator("button").click();
          await poll(() => row.getAttribute("data-status")).toBe(step);
        }
      }
      await poll(() => detail.getAttribute("data-status")).toBe("cleared");
      const note = en ? "Suspects gone on arrival; owner to list what was taken" : "到场时嫌疑人已离开，失主清点财物";
      await detail.locator("[data-testid=close-form] select[name=disposition]").selectOption("resolved_on_scene");
      await detail.locator("[data-testid=close-form] input[name=note]").fill(note);
      await detail.locator("[data-testid=close-incident]").click();
      await poll(() => detail.getAttribute("data-status")).toBe("closed");

      // The note goes with the disposition, not into the triage line.
      expect(await detail.locator("[data-testid=closed-remark]").textContent()).toBe(en ? `Closing note: ${note}` : `结案说明：${note}`);
      expect(await detail.locator("[data-testid=tri-summary]").textContent()).not.toContain(note);
      const timeline = detail.locator("[data-testid=timeline]");
      const closed = timeline.locator("li[data-type='incident.status_changed']", { hasText: en ? "Closed:" : "结案：" });
      await poll(() => closed.textContent()).toContain(
        en ? `Closed: Resolved on scene; closing note: ${note}` : `结案：现场处置完毕；结案说明：${note}`,
      );
      const callsigns = await detail.locator("[data-testid=assignment] .callsign").allTextContents();
      const onScene = await timeline.locator("li[data-type='assignment.on_scene']").allTextContents();
      for (const c of callsigns)
        expect(onScene.some((l) => (en ? l.includes(`reported on scene for ${c}`) : l.includes(`代 ${c} 报告到场`)))).toBe(true);
      await screenshot(page, `timeline${suffix}`);
    });
  });
});
