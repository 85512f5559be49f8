/**
 * Ring check-and-control in the browser: a dispatcher opens an in-progress burglary's
 * interception view from the incident, is refused a zero horizon next to the field, computes a
 * plan (the figures and unit rows must be the API's own), sees the escape cone and the reachable
 * areas drawn, dispatches the plan with one click (the units end up on the incident), issues a
 * watch order to the reachable checkpoints, reports a hit at one, and sees the re-plan from there;
 * a sighting entered elsewhere reaches the page over the stream as another re-plan. Then the
 * dispatcher marks a sighting by clicking the map on a road: it is on the timeline, the page shows
 * the plan made from it, and the map draws it; a time in the future and a place off the road
 * network are refused next to their fields, and nothing is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInterceptDemo } from "../../src/intercept/demo.ts";
import { newBurglary, SCENE } from "../burglary.ts";
import { type ConsoleRig, hasChromium, newContext, screenshot, setLanguage, signIn, skipLine, startRig } from "./harness.ts";

// Runs inside the page (page.evaluate), where the DOM exists.
declare const location: any;

skipLine("Browser ring check-and-control");

const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });
const pct = (x: number) => (x * 100).toFixed(1);
/** Metres between two nearby points (equirectangular: good to a few cm over a few km). */
const metres = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const k = 111_320;
  return Math.hypot((a.lat - b.lat) * k, (a.lon - b.lon) * k * Math.cos((a.lat * Math.PI) / 180));
};
/** Wall-clock "HH:MM" in the browser's time zone (the test context uses Asia/Shanghai). */
const shanghaiTime = (ms: number) =>
  new Date(ms).toLocaleTimeString("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
/** Durations as the Chinese console writes them. */
const zhDuration = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${s % 60}秒`;
  return `${Math.floor(s / 3600)}小时${Math.floor((s % 3600) / 60)}分`;
};

describe.skipIf(!hasChromium)("ring check-and-control in the browser", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig();
    // The demo server seeds rings and checkpoints at start; the test server does not.
    const seeded = await seedInterceptDemo(rig.lantern.ctx);
    expect(seeded.checkpoints).toBeGreaterThan(8);
  }, 180_000);
  afterAll(() => rig?.close());

  it("plans, dispatches, issues a watch order and re-plans from a checkpoint hit", async () => {
    const api = rig.lantern.api(await rig.lantern.login("dispatcher"));
    const incidentId = await newBurglary(api, "browser-intercept-1");
    const layer = (await api("GET", "/api/v1/intercept/layer")).body as { features: { properties: { layer: string } }[] };
    const checkpointCount = layer.features.filter((f) => f.properties.layer === "checkpoint").length;

    const context = await newContext(rig.browser);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page, rig.url, "dispatcher", `[data-testid=queue-row][data-incident="${incidentId}"]`);

    // From the incident's detail to its interception view.
    await page.click(`[data-testid=queue-row][data-incident="${incidentId}"] button`);
    await page.click("[data-testid=open-intercept]");
    await page.waitForSelector(`[data-testid=intercept-view][data-incident="${incidentId}"]`);
    await page.waitForSelector("[data-testid=intercept-no-plan]");
    const map = page.locator("[data-testid=intercept-map]");
    await poll(() => map.getAttribute("data-checkpoints")).toBe(String(checkpointCount));
    // The picker lists the incident, and picking it comes back here.
    await page.click("[data-testid=intercept-back]");
    await page.click(`[data-testid=intercept-pick][data-incident="${incidentId}"]`);
    await page.waitForSelector("[data-testid=intercept-no-plan]");
    expect(await page.evaluate(() => location.hash)).toBe(`#intercept/${incidentId}`);

    // A zero horizon: the server's message next to the horizon field, and no plan stored.
    const form = page.locator("[data-testid=intercept-form]");
    await form.locator("input[name=routes]").fill("200");
    await form.locator("input[name=horizonMinutes]").fill("0");
    await page.click("[data-testid=intercept-compute]");
    const horizonError = form.locator(".field-error[data-field=horizonMinutes]");
    await poll(() => horizonError.textContent()).toContain("horizonMinutes");
    expect(await horizonError.textContent()).toContain("无效");
    expect((await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).status).toBe(404);

    // An hour after flight at 1.5 × free-flow speed, every simulated escape has left the demo
    // city's graph: the plan says so in the reader's language and has nothing to send.
    await form.locator("input[name=horizonMinutes]").fill("30");
    await form.locator("input[name=speedFactor]").fill("1.5");
    await form.locator("input[name=minutesSinceFlight]").fill("60");
    await page.click("[data-testid=intercept-compute]");
    const warning = page.locator("[data-testid=intercept-warning][data-code=escapes_already_over]");
    await warning.waitFor({ timeout: 30_000 });
    expect(await warning.textContent()).toContain("所有模拟逃逸都已到达目的地");
    expect(await page.textContent("[data-testid=intercept-probability]")).toBe("0.0%");
    expect(await page.locator("[data-testid=intercept-dispatch]").isDisabled()).toBe(true);
    await poll(() => form.locator(".field-error").count()).toBe(0);
    const overPlan = (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(overPlan.warnings.map((w: any) => w.code)).toContain("escapes_already_over");

    // The plan right after flight: what the page shows is the API's latest plan.
    await form.locator("input[name=minutesSinceFlight]").fill("0");
    await page.click("[data-testid=intercept-compute]");
    const view = page.locator("[data-testid=intercept-view]");
    await poll(() => view.getAttribute("data-plan"), 30_000).not.toBe(overPlan.id);
    const plan = (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(plan.probability.routes).toBe(200);
    expect(plan.params).toMatchObject({ minutesSinceFlight: 0, horizonMinutes: 30, speedFactor: 1.5 });
    expect(plan.warnings).toEqual([]);
    await poll(() => page.locator("[data-testid=intercept-warning]").count()).toBe(0);
    expect(await page.locator("[data-testid=intercept-plan]").getAttribute("data-plan")).toBe(plan.id);
    expect(await page.textContent("[data-testid=intercept-probability]")).toBe(`${pct(plan.probability.estimate)}%`);
    expect(await page.textContent("[data-testid=intercept-interval]")).toBe(
      `95% 区间 ${pct(plan.probability.low)}%–${pct(plan.probability.high)}%`,
    );
    expect(await page.textContent("[data-testid=intercept-in-sample]")).toBe(`${pct(plan.inSampleShare)}%`);
    expect(await page.textContent("[data-testid=intercept-compute-ms]")).toBe(`${plan.computeMs.total} 毫秒`);
    const rows = page.locator("[data-testid=intercept-unit]");
    const shown = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute("data-unit"), e.getAttribute("data-placed")]));
    expect(shown.map(([id]) => id).sort()).toEqual(plan.units.map((u: any) => u.unitId).sort());
    for (const [id, isPlaced] of shown) expect(isPlaced).toBe(String(plan.units.find((u: any) => u.unitId === id).node !== null));
    const placed = plan.units.filter((u: any) => u.node !== null);
    expect(placed.length).toBeGreaterThan(0);
    const first = page.locator(`[data-testid=intercept-unit][data-unit="${placed[0].unitId}"]`);
    expect(await first.locator(".callsign").textContent()).toBe(placed[0].label);
    expect(await first.locator("[data-testid=intercept-unit-point]").textContent()).toBe(
      // On the real road graph the point is named by its streets; a nameless junction keeps its number.
      placed[0].place ? placed[0].place.zh : `路口 #${placed[0].node}`,
    );
    expect(await first.locator("[data-testid=intercept-unit-eta]").textContent()).toBe(zhDuration(placed[0].etaS));
    expect(await first.locator("[data-testid=intercept-unit-slack]").textContent()).toBe(zhDuration(placed[0].slackS));

    // The map draws the plan: every escape line of the cone, the three reachable areas, each
    // placed unit's line to its point, and the plan's checkpoints ringed.
    expect(plan.escapeCone.features.length).toBeGreaterThan(10);
    await poll(() => map.getAttribute("data-plan")).toBe(plan.id);
    expect(await map.getAttribute("data-routes-drawn")).toBe(String(plan.escapeCone.features.length));
    expect(await map.getAttribute("data-isochrones")).toBe(String(plan.isochrones.length));
    expect(plan.isochrones.map((i: any) => i.minutesFromNow)).toEqual([5, 10, 30]);
    await poll(() => map.getAttribute("data-unit-links")).toBe(String(placed.length));
    const toActivate = plan.checkpoints.filter((c: any) => c.state === "activate").map((c: any) => c.checkpointId);
    expect(toActivate.length).toBeGreaterThan(0);
    expect(await map.getAttribute("data-checkpoints-highlighted")).toBe(String(plan.checkpoints.length));
    expect(
      await page
        .locator("[data-testid=intercept-checkpoint][data-state=activate]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-checkpoint"))),
    ).toEqual(toActivate);
    expect(await map.getAttribute("data-checkpoints-active")).toBe("0");
    await page.locator("[data-testid=intercept-map][data-roads-drawn=true]").waitFor({ timeout: 10_000 });
    await screenshot(page, "intercept-plan");

    // One click opens the confirmation: how many units leave normal duty, per district and station.
    const dispatch = page.locator("[data-testid=intercept-dispatch]");
    await dispatch.click();
    const confirm = page.locator("[data-testid=intercept-confirm]");
    await confirm.waitFor();
    expect(await dispatch.getAttribute("data-state")).toBe("confirming");
    // Nothing is sent before the dispatcher confirms.
    expect((await api("GET", `/api/v1/incidents/${incidentId}/assignments`)).body).toEqual([]);
    expect(await confirm.locator("[data-testid=intercept-confirm-leaving]").textContent()).toContain(
      `${placed.length} 个警力将脱离日常勤务`,
    );
    const districtCounts = await confirm
      .locator("[data-testid=intercept-confirm-district] td:first-of-type")
      .evaluateAll((els) => els.map((e) => Number(e.textContent)));
    expect(districtCounts.reduce((a, b) => a + b, 0)).toBe(placed.length);
    expect(await confirm.locator("[data-testid=intercept-confirm-station]").count()).toBeGreaterThan(0);
    await screenshot(page, "intercept-confirm");
    await confirm.locator("[data-testid=intercept-confirm-ok]").click();
    await poll(() => dispatch.getAttribute("data-state")).toBe("dispatched");
    expect(await dispatch.isDisabled()).toBe(true);
    const assignments = (await api("GET", `/api/v1/incidents/${incidentId}/assignments`)).body as { unitId: string }[];
    expect(assignments.map((a) => a.unitId).sort()).toEqual(placed.map((u: any) => u.unitId).sort());
    const incident = (await api("GET", `/api/v1/incidents/${incidentId}`)).body;
    expect(incident.status).toBe("dispatched");
    for (const u of placed) {
      const unit = (await api("GET", `/api/v1/units/${u.unitId}`)).body;
      expect(unit).toMatchObject({ incidentId, destination: { lat: u.lat, lon: u.lon } });
    }
    await poll(() => page.locator("[data-testid=intercept-unit][data-dispatched=true]").count()).toBe(placed.length);
    // The crew of a placed unit sees on the phone that it goes to a junction, not to the scene.
    const crewed = placed.find((u: any) => /-(p1|swat1|ci1|c1)$/.test(u.unitId));
    expect(crewed, "a placed unit with a demo officer account").toBeDefined();
    const phone = await (await newContext(rig.browser, { phone: true })).newPage();
    await signIn(phone, rig.url, `officer-${crewed.unitId}`, "[data-testid=officer-assignment]");
    const postNote = phone.locator("[data-testid=officer-intercept-point]");
    await postNote.waitFor();
    expect(await postNote.textContent()).toContain(`${crewed.lat.toFixed(5)}, ${crewed.lon.toFixed(5)}`);
    await phone.context().close();
    // … and the plan's checkpoints are switched on, on the server and on the map.
    const active = (await api("GET", "/api/v1/intercept/checkpoints?active=true")).body.map((c: any) => c.id);
    expect(active.sort()).toEqual([...toActivate].sort());
    await poll(() => map.getAttribute("data-checkpoints-active")).toBe(String(toActivate.length));

    // A watch order to every checkpoint reachable within 10 minutes.
    const woForm = page.locator("[data-testid=watch-order-form]");
    await woForm.locator("input[name=plate]").fill("浙A·12345");
    await woForm.locator("input[name=vehicle]").fill("白色轿车");
    await woForm.locator("input[name=description]").fill("两名男子，深色上衣");
    await woForm.locator("input[name=within]").fill("10");
    await page.click("[data-testid=watch-order-create]");
    await page.locator("[data-testid=watch-order][data-status=active]").waitFor();
    const orders = (await api("GET", `/api/v1/watch-orders?incidentId=${incidentId}`)).body as any[];
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ plate: "浙A·12345", mode: "reachable", status: "active" });
    expect(orders[0].checkpointIds.length).toBeGreaterThan(0);
    const orderRow = page.locator(`[data-testid=watch-order][data-order="${orders[0].id}"]`);
    expect(await orderRow.getAttribute("data-status")).toBe("active");

    // A hit at the first pushed post: the page shows the re-plan from that post.
    const post = orders[0].checkpointIds[0] as string;
    await orderRow.locator("select[name=checkpoint]").selectOption(post);
    await orderRow.locator("select[name=kind]").selectOption("hit");
    await orderRow.locator("input[name=note]").fill("车辆闯卡，向北逃离");
    await orderRow.locator("[data-testid=watch-report]").click();
    await orderRow.locator("[data-testid=watch-order-outcome]").waitFor({ timeout: 30_000 });
    await poll(() => view.getAttribute("data-plan"), 30_000).not.toBe(plan.id);
    const replan = (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(replan.id).not.toBe(plan.id);
    expect(replan.trigger).toBe("checkpoint_report");
    const cp = (await api("GET", "/api/v1/intercept/checkpoints")).body.find((c: any) => c.id === post);
    expect(replan.params.origin).toEqual({ lat: cp.lat, lon: cp.lon });
    expect(await view.getAttribute("data-plan")).toBe(replan.id);
    expect(await page.textContent("[data-testid=intercept-trigger]")).toBe("卡点报告后重算");
    expect(await page.textContent("[data-testid=intercept-probability]")).toBe(`${pct(replan.probability.estimate)}%`);
    await poll(() => map.getAttribute("data-plan")).toBe(replan.id);
    // The last known position is now the post: the form offers to plan from it.
    expect(await form.locator("input[name=fromLastKnown]").isChecked()).toBe(true);

    // A sighting entered elsewhere: the stream brings the server's re-plan to this page.
    const sighting = await api("POST", `/api/v1/incidents/${incidentId}/sightings`, { ...SCENE, note: "群众目击" });
    expect(sighting.status).toBe(201);
    await poll(() => view.getAttribute("data-plan"), 30_000).toBe(sighting.body.plan.id);
    expect(await page.textContent("[data-testid=intercept-trigger]")).toBe("目击后重算");
    expect(await page.textContent("[data-testid=intercept-probability]")).toBe(`${pct(sighting.body.plan.probability.estimate)}%`);
    const latest = sighting.body.plan;

    // The same view in English.
    await setLanguage(page, "en");
    expect(await page.textContent("[data-testid=intercept-probability]")).toBe(`${pct(latest.probability.estimate)} %`);
    expect(await page.textContent("[data-testid=intercept-interval]")).toBe(
      `95 % interval ${pct(latest.probability.low)}–${pct(latest.probability.high)} %`,
    );
    expect(await page.textContent("[data-testid=intercept-trigger]")).toBe("re-planned after a sighting");
    await page.locator(".icp-side").evaluate((el) => {
      el.scrollTop = 0;
    });
    await screenshot(page, "intercept-plan-en");
    // The confirmation in English for the re-plan; cancelled, it sends nothing.
    const before = (await api("GET", `/api/v1/incidents/${incidentId}/assignments`)).body.length;
    await page.locator("[data-testid=intercept-dispatch]").click();
    await page.locator("[data-testid=intercept-confirm]").waitFor();
    expect(await page.textContent("[data-testid=intercept-confirm] h3")).toBe("Confirm the interception dispatch");
    await screenshot(page, "intercept-confirm-en");
    await page.click("[data-testid=intercept-confirm-cancel]");
    await page.locator("[data-testid=intercept-confirm]").waitFor({ state: "detached" });
    expect((await api("GET", `/api/v1/incidents/${incidentId}/assignments`)).body.length).toBe(before);

    // The order ends with a reason.
    await orderRow.locator("[data-testid=watch-lift-open]").click();
    await orderRow.locator("input[name=liftReason]").fill("Vehicle stopped");
    await orderRow.locator("[data-testid=watch-lift]").click();
    await poll(() => orderRow.getAttribute("data-status")).toBe("lifted");
    expect((await api("GET", `/api/v1/watch-orders/${orders[0].id}`)).body).toMatchObject({
      status: "lifted",
      closeReason: "Vehicle stopped",
    });

    // A sighting marked on the map, at a checkpoint (it stands on a road) that no other marker covers.
    const sightingsOf = async () =>
      ((await api("GET", `/api/v1/incidents/${incidentId}/timeline`)).body as any[]).filter((e) => e.type === "intercept.sighting");
    expect(await sightingsOf()).toHaveLength(1);
    await poll(() => map.getAttribute("data-sightings")).toBe("1");
    const checkpoints = (await api("GET", "/api/v1/intercept/checkpoints")).body as { id: string; lat: number; lon: number }[];
    const units = (await api("GET", "/api/v1/units")).body as { position: { lat: number; lon: number } | null }[];
    const taken = [SCENE, ...latest.units.filter((u: any) => u.lat !== null), ...units.flatMap((u) => (u.position ? [u.position] : []))];
    const spot = await map.evaluate(
      (el, { checkpoints, taken }) => {
        const m = (el as any).leafletMap;
        const size = m.getSize();
        const px = (p: { lat: number; lon: number }) => m.latLngToContainerPoint([p.lat, p.lon]);
        for (const c of checkpoints) {
          const p = px(c);
          // Clear of the hint (top), the zoom buttons (right) and the legend (bottom).
          const inside = p.x > 60 && p.x < size.x - 80 && p.y > 80 && p.y < size.y - 200;
          if (inside && taken.every((o: any) => p.distanceTo(px(o)) > 30)) return { ...c, x: Math.round(p.x), y: Math.round(p.y) };
        }
        return null;
      },
      { checkpoints, taken },
    );
    expect(spot, "a checkpoint in view, clear of other markers").not.toBeNull();
    const mark = page.locator("[data-testid=sighting-mark]");
    await mark.click();
    expect(await page.textContent("[data-testid=intercept-pick-hint]")).toBe("Click where the suspect was seen; Esc cancels");
    expect(await map.evaluate((el) => el.classList.contains("pin-mode"))).toBe(true);
    await map.click({ position: { x: spot!.x, y: spot!.y } });
    const sightingForm = page.locator("[data-testid=sighting-form]");
    await sightingForm.waitFor();
    await page.locator("[data-testid=sighting-pick-marker]").waitFor();
    const position = sightingForm.locator("[data-testid=sighting-position]");
    const clicked = { lat: Number(await position.getAttribute("data-lat")), lon: Number(await position.getAttribute("data-lon")) };
    expect(metres(clicked, spot!)).toBeLessThan(30);
    // The time defaults to now, as the browser's clock reads it.
    const shownTime = await sightingForm.locator("[data-testid=sighting-time]").inputValue();
    expect([shanghaiTime(Date.now() - 60_000), shanghaiTime(Date.now())]).toContain(shownTime);
    await sightingForm.locator("[data-testid=sighting-note]").fill("Seen heading north at the post");
    await sightingForm.locator("[data-testid=sighting-save]").click();
    await poll(() => view.getAttribute("data-plan"), 30_000).not.toBe(latest.id);
    await sightingForm.waitFor({ state: "detached" });
    const recorded = await sightingsOf();
    expect(recorded).toHaveLength(2);
    const mine = recorded.find((e) => e.data.note === "Seen heading north at the post");
    expect(mine, "the sighting with its note").toBeDefined();
    expect(metres(mine.data, spot!)).toBeLessThan(30);
    expect(Math.abs(Date.parse(mine.data.at) - Date.now())).toBeLessThan(120_000);
    const fromSighting = (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(fromSighting.trigger).toBe("sighting");
    expect(fromSighting.seq).toBeGreaterThan(latest.seq);
    expect(fromSighting.params.origin).toEqual({ lat: mine.data.lat, lon: mine.data.lon });
    expect(await view.getAttribute("data-plan")).toBe(fromSighting.id);
    await poll(() => map.getAttribute("data-plan")).toBe(fromSighting.id);
    await poll(() => map.getAttribute("data-sightings")).toBe("2");
    expect(await page.locator("[data-testid=intercept-sightings] .icp-sighting-marker").count()).toBe(2);
    expect(await map.evaluate((el) => el.classList.contains("pin-mode"))).toBe(false);
    expect(await page.locator("[data-testid=sighting-pick-marker]").count()).toBe(0);
    // The planner form now starts from the sighting.
    expect(await form.locator("input[name=fromLastKnown]").isChecked()).toBe(true);
    expect(await form.locator(".icp-check").textContent()).toContain(`${mine.data.lat.toFixed(5)}, ${mine.data.lon.toFixed(5)}`);

    // A time of day means its latest past occurrence, so half an hour ahead is yesterday's,
    // over 12 hours ago: refused next to the time field, and nothing is recorded.
    await mark.click();
    await map.click({ position: { x: spot!.x, y: spot!.y } });
    await sightingForm.waitFor();
    await sightingForm.locator("[data-testid=sighting-time]").fill(shanghaiTime(Date.now() + 30 * 60_000));
    await sightingForm.locator("[data-testid=sighting-save]").click();
    const timeError = sightingForm.locator(".field-error[data-field=at]");
    await poll(() => timeError.textContent()).toBe("The time seen cannot be more than 12 hours ago");
    expect(await sightingsOf()).toHaveLength(2);
    expect(await view.getAttribute("data-plan")).toBe(fromSighting.id);
    // Esc leaves pick mode with nothing sent.
    await page.keyboard.press("Escape");
    await sightingForm.waitFor({ state: "detached" });
    expect(await map.evaluate((el) => el.classList.contains("pin-mode"))).toBe(false);
    expect(await page.locator("[data-testid=sighting-pick-marker]").count()).toBe(0);

    // A place 2 km beyond the road network: the server refuses it, shown at the position.
    await mark.click();
    await map.evaluate((el) => (el as any).leafletMap.setView([30.27, 120.285], 14, { animate: false }));
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: Math.round(box.width / 2), y: Math.round(box.height / 2) } });
    await sightingForm.locator("[data-testid=sighting-save]").click();
    const placeError = sightingForm.locator(".field-error[data-field=lat]");
    await poll(() => placeError.textContent()).toBe("This place is not on the road network: click nearer a road");
    expect(await sightingsOf()).toHaveLength(2);
    expect(await map.getAttribute("data-sightings")).toBe("2");
    await sightingForm.locator("[data-testid=sighting-cancel]").click();
    await sightingForm.waitFor({ state: "detached" });
    expect(await (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body.id).toBe(fromSighting.id);

    // Back on the console, the incident's own timeline tells the story in words, not event codes.
    await page.click("[data-testid=nav-console]");
    await page.click(`[data-testid=queue-row][data-incident="${incidentId}"] button`);
    const timeline = page.locator("[data-testid=timeline]");
    const sent = timeline.locator("li[data-type='intercept.plan_dispatched']");
    await sent.first().waitFor();
    expect(await sent.first().textContent()).toContain(`Interception plan dispatched · ${placed.length} units to intercept points`);
    expect(await timeline.locator("li[data-type='intercept.sighting']").first().textContent()).toContain("Suspect sighted");
    expect(await timeline.locator("li[data-type='watch_order.created']").first().textContent()).toContain("Watch order issued · 浙A·12345");
    expect(await timeline.textContent()).not.toMatch(/intercept\.|watch_order\./);

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
