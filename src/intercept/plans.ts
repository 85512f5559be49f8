/**
 * Interception plans for an incident: compute (one computation per incident at a time), store
 * with an event on the incident's timeline, read the latest, show each reader what they may see
 * of it, send units to their points, and re-plan from a sighting.
 */
import type { AppContext } from "../context.ts";
import { listUnits, unitOrgPathsOf } from "../dispatch/units.ts";
import { INCIDENT_STATUS_LABELS } from "../incidents/model.ts";
import { incidentEvent, loadIncidentRow } from "../incidents/service.ts";
import { type Actor, inScope } from "../org/model.ts";
import { getOrg } from "../org/service.ts";
import { isoNow } from "../platform/clock.ts";
import { transact } from "../platform/events.ts";
import { isValidLatLon } from "../platform/geodesy.ts";
import { onceForKey } from "../platform/idempotency.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
import { PlanCancelled } from "./escape.ts";
import { bothLanguages, planMessage, renderPlanMessage } from "./messages.ts";
import {
  DEFAULT_HORIZON_MINUTES,
  DEFAULT_MAX_ACTIVATIONS,
  ownerOrgId,
  type PlanTrigger,
  TRAVEL_MODES,
  unitRelation,
  WATCH_ORDER_LABELS,
} from "./model.ts";
import { type PlanInput, type PlanOutcome, type PlanWarning, planInterception, validatePlanNumbers } from "./planner.ts";
import { interceptProblems, roadNetworkOf, toInterceptProblem } from "./problems.ts";
import { listCheckpoints } from "./rings.ts";
import type {
  PlanBody,
  PlanParamsView,
  PlanResultView,
  PlanUnitView,
  PlanView,
  PlanWarningView,
  SightingBody,
  StoredPlanView,
  UnitCapacityView,
} from "./schemas.ts";

/** What a plan is asked for; `origin` is the last known position when it is not the incident location. */
export type PlanRequest = PlanBody;
export type StoredPlan = StoredPlanView;
type IncidentRow = Awaited<ReturnType<typeof loadIncidentRow>>;

/** The running computation per incident, so a new request cancels the old one: never two at once. */
const running = new WeakMap<AppContext, Map<string, AbortController>>();

function registry(ctx: AppContext): Map<string, AbortController> {
  let m = running.get(ctx);
  if (!m) {
    m = new Map();
    running.set(ctx, m);
  }
  return m;
}

/** Number of plan computations in progress for an incident (0 or 1). */
export function runningPlans(ctx: AppContext, incidentId: string): number {
  return registry(ctx).has(incidentId) ? 1 : 0;
}

/** The city an incident belongs to: interception crosses station and district lines. */
const cityPathOf = (orgPath: string) => `/${orgPath.split("/").filter(Boolean)[0] ?? ""}/`;

/** The request with every default filled in, checked: what the plan stores as its `params`. */
function planParams(ctx: AppContext, req: PlanRequest, inc: IncidentRow): PlanParamsView {
  const scope = req.scope ?? "city";
  const travelMode = req.travelMode ?? "car";
  if (!(travelMode in TRAVEL_MODES)) throw problems.unknownCode("travelMode", "travel mode", String(travelMode));
  const params = {
    minutesSinceFlight: req.minutesSinceFlight,
    horizonMinutes: req.horizonMinutes ?? DEFAULT_HORIZON_MINUTES[scope],
    scope,
    travelMode,
    speedFactor: req.speedFactor ?? TRAVEL_MODES[travelMode],
    routes: req.routes ?? 1000,
    maxActivations: req.maxActivations ?? DEFAULT_MAX_ACTIVATIONS,
    reservePerStation: req.reservePerStation ?? ctx.config.intercept.reservePerStation,
    minGain: req.minGain ?? ctx.config.intercept.minGain,
    origin: req.origin ?? { lat: inc.lat, lon: inc.lon },
  };
  try {
    validatePlanNumbers(params);
  } catch (err) {
    throw toInterceptProblem(err);
  }
  if (!Number.isInteger(params.maxActivations) || params.maxActivations < 0 || params.maxActivations > 200)
    throw problems.validation("maxActivations", "must be an integer from 0 to 200", "必须是 0 到 200 之间的整数");
  if (!isValidLatLon(params.origin.lat, params.origin.lon))
    throw problems.validation("origin.lat", "latitude/longitude out of range", "纬度/经度超出范围");
  return params;
}

/**
 * What the planner works with: the city's units free to go (or already on this incident) that
 * have a position, and the posts that can be opened. A post with nobody assigned to it cannot be
 * opened; one already open keeps counting. What was left out is said in `warnings`.
 */
async function loadPlanInputs(
  ctx: AppContext,
  actor: Actor,
  inc: IncidentRow,
  reservePerStation: number,
): Promise<Pick<PlanInput, "units" | "checkpoints"> & { warnings: PlanWarning[] }> {
  const cityActor = { ...actor, orgPath: cityPathOf(inc.org_path) };
  const everyUnit = await listUnits(ctx, cityActor);
  assertReserveFits(everyUnit, reservePerStation);
  const units = everyUnit.filter((u) => u.position && (u.status.baseType === "available" || u.incidentId === inc.id));
  const all = await listCheckpoints(ctx);
  const checkpoints = all.filter((c) => c.active || c.staffing > 0);
  const unstaffed = all.filter((c) => !c.active && c.staffing === 0);
  const warnings: PlanWarning[] = [
    ...unstaffed.map((c) => planMessage("checkpoint_unstaffed", { name: c.nameZh })),
    ...units.flatMap((u) =>
      u.position?.stale
        ? [{ ...planMessage("stale_position", { unit: u.callsign, ageS: Math.round(u.position.ageS) }), unitId: u.id }]
        : [],
    ),
  ];
  return {
    units: units.flatMap((u) =>
      u.position
        ? [
            {
              id: u.id,
              label: u.callsign,
              lat: u.position.lat,
              lon: u.position.lon,
              stationId: u.stationId,
              onIncident: u.incidentId === inc.id,
            },
          ]
        : [],
    ),
    checkpoints: checkpoints.map((c) => ({
      id: c.id,
      name: c.nameZh,
      lat: c.lat,
      lon: c.lon,
      activationMinutes: c.activationMinutes,
      active: c.active,
    })),
    warnings,
  };
}

/**
 * A reserve no station can hold is refused before anything is planned: the 400 names the
 * smallest station, so the dispatcher sees why (a station of 1 unit cannot keep 2 back).
 */
function assertReserveFits(units: { stationId: string }[], reserve: number): void {
  const perStation = new Map<string, number>();
  for (const u of units) perStation.set(u.stationId, (perStation.get(u.stationId) ?? 0) + 1);
  const [station, size] = [...perStation].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0] ?? ["", Infinity];
  if (reserve > size)
    throw problems.validation(
      "reservePerStation",
      `${reserve} is more than station ${station} has (${size} units)`,
      `${reserve} 超过派出所 ${station} 的警力总数（${size} 个）`,
    );
}

/** What a plan point is called: the streets that meet there, when the graph carries names. */
type PlaceName = (node: number) => { zh: string; en: string } | null;

/**
 * The planner's codes in words. The headline travels in both languages, so a console switches
 * language without a refetch; a warning's `detail` and a unit's `reason` are the English text
 * beside a code the console words itself.
 */
export function renderPlan(outcome: PlanOutcome, moreWarnings: PlanWarning[] = [], placeOf: PlaceName = () => null): PlanResultView {
  const warning = (w: PlanWarning): PlanWarningView => ({
    code: w.code,
    ...(w.unitId === undefined ? {} : { unitId: w.unitId }),
    detail: renderPlanMessage(w, "en"),
    detailZh: renderPlanMessage(w, "zh-CN"),
  });
  return {
    ...outcome,
    summary: bothLanguages(outcome.summary),
    optimality: { ...outcome.optimality, guarantee: renderPlanMessage(outcome.optimality.guarantee, "en") },
    units: outcome.units.map((u) => ({
      ...u,
      place: u.node === null ? null : placeOf(u.node),
      reason: u.reason && renderPlanMessage(u.reason, "en"),
    })),
    checkpoints: outcome.checkpoints.map((c) => ({ ...c, place: placeOf(c.node) })),
    warnings: [...outcome.warnings, ...moreWarnings].map(warning),
  };
}

export async function computePlan(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  req: PlanRequest,
  trigger: PlanTrigger = "manual",
): Promise<StoredPlan> {
  const inc = await loadIncidentRow(ctx, actor, incidentId);
  const params = planParams(ctx, req, inc);
  if (["closed", "cancelled"].includes(inc.status))
    throw problems.illegalTransition(inc.status, "intercept plan", [], { ...INCIDENT_STATUS_LABELS, ...WATCH_ORDER_LABELS });
  const network = roadNetworkOf(ctx);

  const reg = registry(ctx);
  reg.get(incidentId)?.abort();
  const controller = new AbortController();
  reg.set(incidentId, controller);
  // Across processes: the latest request's token; an older computation may not store its result.
  const token = newId();
  try {
    await ctx.db
      .insertInto("intercept_plan_runs")
      .values({ incident_id: incidentId, token, started_at: isoNow(ctx.clock) })
      .onConflict((oc) => oc.column("incident_id").doUpdateSet({ token, started_at: isoNow(ctx.clock) }))
      .execute();
    const inputs = await loadPlanInputs(ctx, actor, inc, params.reservePerStation ?? 0);
    if (controller.signal.aborted) throw new PlanCancelled();
    const outcome = await planInterception({
      network,
      origin: params.origin,
      minutesSinceFlight: params.minutesSinceFlight,
      horizonMinutes: params.horizonMinutes,
      speedFactor: params.speedFactor,
      routes: params.routes,
      maxActivations: params.maxActivations,
      reservePerStation: params.reservePerStation,
      minGain: params.minGain,
      seed: req.seed ?? 1,
      units: inputs.units,
      checkpoints: inputs.checkpoints,
      signal: controller.signal,
      stopwatch: () => performance.now(),
    });
    if (controller.signal.aborted) throw new PlanCancelled();
    const streets = ctx.streets;
    const result = renderPlan(outcome, inputs.warnings, (node) => streets?.junctionName(node) ?? null);
    const plan: StoredPlan = { id: newId(), incidentId, seq: 0, createdAt: isoNow(ctx.clock), trigger, params, ...result };
    await savePlan(ctx, actor, inc, plan, result, token);
    return plan;
  } catch (err) {
    if (err instanceof PlanCancelled) throw interceptProblems.planSuperseded(incidentId);
    throw toInterceptProblem(err);
  } finally {
    if (reg.get(incidentId) === controller) reg.delete(incidentId);
    // The token row lives only while its computation runs.
    await ctx.db.deleteFrom("intercept_plan_runs").where("incident_id", "=", incidentId).where("token", "=", token).execute();
  }
}

/** Stores the plan as the incident's next, with its event, unless a newer request took over meanwhile. */
async function savePlan(
  ctx: AppContext,
  actor: Actor,
  inc: IncidentRow,
  plan: StoredPlan,
  result: PlanResultView,
  token: string,
): Promise<void> {
  const { id, incidentId, createdAt, trigger, params } = plan;
  await transact(ctx, async (tx, record) => {
    const run = await tx.selectFrom("intercept_plan_runs").select("token").where("incident_id", "=", incidentId).executeTakeFirst();
    if (run && run.token !== token) throw new PlanCancelled();
    const last = await tx
      .selectFrom("intercept_plans")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .where("incident_id", "=", incidentId)
      .executeTakeFirst();
    plan.seq = Number(last?.seq ?? 0) + 1;
    await tx
      .insertInto("intercept_plans")
      .values({
        id,
        incident_id: incidentId,
        seq: plan.seq,
        created_at: createdAt,
        created_by: actor.userId,
        trigger,
        params: JSON.stringify(params),
        result: JSON.stringify(result),
        probability: result.probability.estimate,
        org_path: inc.org_path,
      })
      .execute();
    record(
      incidentEvent(inc, actor, "intercept.plan_computed", {
        planId: id,
        trigger,
        probability: result.probability.estimate,
        probabilityLow: result.probability.low,
        probabilityHigh: result.probability.high,
        units: result.units.filter((u) => u.node !== null).length,
        checkpointsToActivate: result.checkpoints.filter((c) => c.state === "activate").length,
        warnings: result.warnings.map((w) => w.code),
      }),
    );
  });
}

export async function latestPlan(ctx: AppContext, actor: Actor, incidentId: string): Promise<StoredPlan> {
  await loadIncidentRow(ctx, actor, incidentId);
  const r = await ctx.db
    .selectFrom("intercept_plans")
    .selectAll()
    .where("incident_id", "=", incidentId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!r) throw problems.notFound("intercept plan", incidentId);
  return {
    id: r.id,
    incidentId,
    seq: r.seq,
    createdAt: r.created_at,
    trigger: r.trigger as PlanTrigger,
    params: JSON.parse(r.params),
    ...JSON.parse(r.result),
  };
}

/** A reader sees a unit of their own subtree, and their own unit. */
export const maySeeUnit = (reader: Actor, unitId: string, orgPath: string | undefined) =>
  reader.unitId === unitId || (orgPath !== undefined && inScope(reader, orgPath));

/** The units a reader may not see, counted per owning org and named by how that org stands to the reader. */
export async function capacityFor(ctx: AppContext, reader: Actor, hiddenPaths: string[]): Promise<UnitCapacityView[]> {
  const counts = new Map<string, number>();
  for (const p of hiddenPaths) counts.set(p, (counts.get(p) ?? 0) + 1);
  const ids = new Set([...counts.keys()].flatMap((p) => p.split("/").filter(Boolean)));
  const orgs = new Map((await Promise.all([...ids].map((id) => getOrg(ctx, id).catch(() => null)))).flatMap((o) => (o ? [[o.id, o]] : [])));
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, units]) => {
      const org = orgs.get(ownerOrgId(path));
      return {
        orgId: ownerOrgId(path),
        kind: org?.kind ?? "unknown",
        nameZh: org?.nameZh ?? ownerOrgId(path),
        nameEn: org?.nameEn ?? ownerOrgId(path),
        relation: unitRelation(reader.orgPath, path, (id) => orgs.get(id)?.kind),
        units,
      };
    });
}

/**
 * What a reader may see of a plan. The planner uses every unit of the city, but a unit outside the
 * reader's subtree appears only in `capacity`, counted per owning org: no id, call sign, position
 * or intercept point, and the warnings about it lose its name. Units the plan leaves where they
 * are are not counted. Every route that answers with a plan passes it through here.
 */
export async function planForReader(ctx: AppContext, reader: Actor, plan: StoredPlan): Promise<PlanView> {
  const paths = await unitOrgPathsOf(
    ctx,
    plan.units.map((u) => u.unitId),
  );
  const hidden = new Set(plan.units.filter((u) => !maySeeUnit(reader, u.unitId, paths.get(u.unitId))).map((u) => u.unitId));
  if (hidden.size === 0) return { ...plan, capacity: [] };
  const hiddenLabels = plan.units.filter((u) => hidden.has(u.unitId)).map((u) => u.label);
  const aboutHidden = (w: PlanWarningView) => (w.unitId ? hidden.has(w.unitId) : hiddenLabels.some((label) => w.detail.includes(label)));
  const placedHidden = plan.units.filter((u) => hidden.has(u.unitId) && u.node !== null);
  return {
    ...plan,
    units: plan.units.filter((u) => !hidden.has(u.unitId)),
    warnings: plan.warnings.map((w) =>
      aboutHidden(w) ? { code: w.code, detail: "a unit outside your area", detailZh: "辖区外的一个警力" } : w,
    ),
    capacity: await capacityFor(
      ctx,
      reader,
      placedHidden.flatMap((u) => paths.get(u.unitId) ?? []),
    ),
  };
}

export type PlacedUnit = PlanUnitView & { lat: number; lon: number };

/**
 * An event's view of the units sent: every reader whose subtree holds the event receives it, so a
 * unit outside the event's org path is only its owning org, with no id, call sign or point.
 */
export function eventUnit(u: PlacedUnit, orgPath: string | undefined, eventPath: string) {
  if (orgPath === undefined) return { orgId: null };
  if (!orgPath.startsWith(eventPath)) return { orgId: ownerOrgId(orgPath) };
  return { orgId: ownerOrgId(orgPath), unitId: u.unitId, callsign: u.label, lat: u.lat, lon: u.lon, etaS: u.etaS, slackS: u.slackS };
}

/** The units the caller picked from those the plan places in their area, each refusal naming its place in the list. */
export function chosenUnits(placed: PlacedUnit[], everyPlaced: PlacedUnit[], unitIds: string[] | undefined): PlacedUnit[] {
  if (!unitIds) return placed;
  if (new Set(unitIds).size !== unitIds.length) throw problems.validation("unitIds", "a unit is listed twice", "同一警力重复列出");
  return unitIds.map((id, i) => {
    const u = placed.find((p) => p.unitId === id);
    if (!u && everyPlaced.some((p) => p.unitId === id))
      throw Object.assign(problems.outOfScope("unit"), { extra: { field: `unitIds/${i}` } });
    if (!u)
      throw problems.validation(
        `unitIds/${i}`,
        `unit ${id} has no intercept point in the latest plan`,
        `警力 ${id} 在最新方案中没有拦截点位`,
      );
    return u;
  });
}

/** Parameters for a re-plan: those of the incident's latest plan, or the defaults. */
export async function replanParams(ctx: AppContext, incidentId: string): Promise<Omit<PlanRequest, "minutesSinceFlight" | "origin">> {
  const r = await ctx.db
    .selectFrom("intercept_plans")
    .select("params")
    .where("incident_id", "=", incidentId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!r) return {};
  const p = JSON.parse(r.params);
  return {
    horizonMinutes: p.horizonMinutes,
    speedFactor: p.speedFactor,
    routes: p.routes,
    maxActivations: p.maxActivations,
    reservePerStation: p.reservePerStation,
    minGain: p.minGain,
    scope: p.scope,
  };
}

/**
 * A sighting of the suspect: on the timeline, then a new plan from there. With an
 * Idempotency-Key a retry records nothing more and answers with the incident's latest plan.
 */
export async function recordSighting(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  s: SightingBody,
  idempotencyKey?: string,
): Promise<{ plan: StoredPlan; replayed?: boolean }> {
  if (!isValidLatLon(s.lat, s.lon)) throw problems.validation("lat", "latitude/longitude out of range", "纬度/经度超出范围");
  const now = ctx.clock.now().getTime();
  const at = s.at ?? new Date(now).toISOString();
  const t = Date.parse(at);
  if (Number.isNaN(t) || t > now + 60_000) throw problems.validation("at", "must be a time not in the future", "不能晚于当前时间");
  if (now - t > 12 * 3_600_000) throw problems.validation("at", "is more than 12 h ago", "已超过 12 小时");
  const inc = await loadIncidentRow(ctx, actor, incidentId);
  if (["closed", "cancelled"].includes(inc.status))
    throw problems.illegalTransition(inc.status, "sighting", [], { ...INCIDENT_STATUS_LABELS, ...WATCH_ORDER_LABELS });
  const network = roadNetworkOf(ctx);
  const snap = network.snap(s);
  if (!snap || snap.distanceM > 500)
    throw interceptProblems.offNetwork(
      "lat",
      "the sighting is more than 500 m from any road of the network",
      "目击位置距路网任何道路都超过 500 米",
    );
  const stored = await onceForKey<{ recorded: boolean }>(
    ctx.db,
    { actorId: actor.userId, key: idempotencyKey, scope: "intercept.sighting", payload: { incidentId, s } },
    (storeKey) =>
      transact(ctx, async (tx, record) => {
        record(incidentEvent(inc, actor, "intercept.sighting", { lat: s.lat, lon: s.lon, at, note: s.note ?? null }));
        await storeKey(tx, 201, { recorded: true });
        return { recorded: true };
      }),
  );
  if (stored.replayed) return { plan: await latestPlan(ctx, actor, incidentId), replayed: true };
  const plan = await computePlan(
    ctx,
    actor,
    incidentId,
    { ...(await replanParams(ctx, incidentId)), minutesSinceFlight: Math.max(0, (now - t) / 60_000), origin: { lat: s.lat, lon: s.lon } },
    "sighting",
  );
  return { plan };
}
