/**
 * Sending a plan, in two steps: the confirmation screen first (how many units leave normal duty,
 * per district and station, and what stays available), then the dispatch of exactly what was
 * confirmed. The confirmation carries a fingerprint of the plan and of every unit it sends (its
 * status, incident and destination); a dispatch whose units changed since is refused with 409
 * plan_changed naming each change, and nothing is dispatched. The fingerprint is checked again
 * under the incident's lock, so of two dispatchers confirming the same plan exactly one wins.
 */
import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { dispatchUnits } from "../dispatch/assignments.ts";
import { listUnits, setUnitDestination, type UnitDutyState, unitDutyStates, unitIdsOnIncident, unitOrgPathsOf } from "../dispatch/units.ts";
import { incidentEvent } from "../incidents/service.ts";
import type { Actor } from "../org/model.ts";
import { getOrg } from "../org/service.ts";
import { isoNow } from "../platform/clock.ts";
import { onceForKey } from "../platform/idempotency.ts";
import { Problem, problems } from "../platform/problem.ts";
import type { Database } from "../schema.ts";
import { capacityFor, chosenUnits, eventUnit, latestPlan, maySeeUnit, type PlacedUnit, type StoredPlan } from "./plans.ts";
import { interceptProblems } from "./problems.ts";
import { assertCheckpointsExist, setCheckpointsActiveTx } from "./rings.ts";
import type {
  DispatchBody,
  DispatchPreviewBody,
  DispatchPreviewView,
  DutyCountView,
  PlanDispatchView,
  UnitCapacityView,
} from "./schemas.ts";

/** What one click would send: the plan, its units in the reader's area, the checkpoints, and the units of other areas. */
interface Selection {
  plan: StoredPlan;
  paths: Map<string, string>;
  chosen: PlacedUnit[];
  checkpointIds: string[];
  outsideArea: UnitCapacityView[];
}

async function selectionOf(ctx: AppContext, actor: Actor, incidentId: string, opts: DispatchPreviewBody): Promise<Selection> {
  const plan = await latestPlan(ctx, actor, incidentId);
  const paths = await unitOrgPathsOf(
    ctx,
    plan.units.map((u) => u.unitId),
  );
  const everyPlaced = plan.units.flatMap((u) =>
    u.node !== null && u.lat !== null && u.lon !== null ? [{ ...u, lat: u.lat, lon: u.lon }] : [],
  );
  // A station sends its own units; the plan's units of other areas are their own command's to send.
  const placed = everyPlaced.filter((u) => maySeeUnit(actor, u.unitId, paths.get(u.unitId)));
  const outsideArea = await capacityFor(
    ctx,
    actor,
    everyPlaced.filter((u) => !placed.includes(u)).flatMap((u) => paths.get(u.unitId) ?? []),
  );
  const chosen = chosenUnits(placed, everyPlaced, opts.unitIds);
  const checkpointIds =
    opts.activateCheckpoints === false ? [] : plan.checkpoints.filter((c) => c.state === "activate").map((c) => c.checkpointId);
  if (chosen.length === 0 && checkpointIds.length === 0)
    throw new Problem(
      409,
      "nothing_to_dispatch",
      {},
      { field: "unitIds", detail: "the latest plan places no unit and activates no checkpoint" },
    );
  return { plan, paths, chosen, checkpointIds, outsideArea };
}

/** One unit's state as the fingerprint holds it. */
const stateKey = (s: UnitDutyState | undefined) =>
  s ? `${s.status}|${s.incidentId ?? ""}|${s.destination ? `${s.destination.lat},${s.destination.lon}` : ""}` : "gone";

interface Fingerprint {
  planId: string;
  units: [string, string][];
  checkpoints: string[];
}

function fingerprintOf(planId: string, chosen: PlacedUnit[], states: UnitDutyState[], checkpointIds: string[]): Fingerprint {
  const byId = new Map(states.map((s) => [s.id, s]));
  return {
    planId,
    units: chosen.map((u) => [u.unitId, stateKey(byId.get(u.unitId))] as [string, string]).sort(([a], [b]) => (a < b ? -1 : 1)),
    checkpoints: [...checkpointIds].sort(),
  };
}

const encode = (f: Fingerprint) => Buffer.from(JSON.stringify(f)).toString("base64url");

function decode(token: string): Fingerprint {
  try {
    const f = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof f?.planId === "string" && Array.isArray(f.units) && Array.isArray(f.checkpoints)) return f as Fingerprint;
  } catch {
    // falls through to the refusal
  }
  throw problems.validation("confirmation", "is not a confirmation this server gave", "不是本系统给出的确认凭据");
}

/** Each difference between what was confirmed and what holds now, for the 409's `changes` and its detail. */
function changesBetween(confirmed: Fingerprint, now: Fingerprint, states: UnitDutyState[], labels: Map<string, string>) {
  const changes: { unitId: string | null; callsign: string | null; change: string }[] = [];
  if (confirmed.planId !== now.planId) changes.push({ unitId: null, callsign: null, change: "newer_plan" });
  const before = new Map(confirmed.units);
  const after = new Map(now.units);
  const byId = new Map(states.map((s) => [s.id, s]));
  const callsign = (id: string) => byId.get(id)?.callsign ?? labels.get(id) ?? id;
  for (const [id, state] of after) {
    if (!before.has(id)) changes.push({ unitId: id, callsign: callsign(id), change: "added" });
    else if (before.get(id) !== state) changes.push({ unitId: id, callsign: callsign(id), change: "no_longer_available" });
  }
  for (const id of before.keys()) if (!after.has(id)) changes.push({ unitId: id, callsign: callsign(id), change: "removed" });
  if (confirmed.checkpoints.join() !== now.checkpoints.join()) changes.push({ unitId: null, callsign: null, change: "checkpoints" });
  return changes;
}

const CHANGE_WORDS: Record<string, [string, string]> = {
  newer_plan: ["a newer plan was computed", "已生成更新的方案"],
  added: ["was added to the plan", "新加入方案"],
  no_longer_available: ["is no longer available as confirmed", "已不再处于确认时的状态"],
  removed: ["is no longer in the plan", "已不在方案中"],
  checkpoints: ["the checkpoints to switch on changed", "待启用卡点有变化"],
};

function refuseIfChanged(confirmed: Fingerprint, now: Fingerprint, states: UnitDutyState[], labels: Map<string, string>): void {
  const changes = changesBetween(confirmed, now, states, labels);
  if (changes.length === 0) return;
  const words = (i: 0 | 1) =>
    changes.map((c) => (c.callsign ? `${c.callsign} ${CHANGE_WORDS[c.change][i]}` : CHANGE_WORDS[c.change][i])).join(i ? "；" : "; ");
  throw interceptProblems.planChanged(changes, words(0), words(1));
}

/** Segments of an org path: city, district, station. */
const segments = (path: string) => path.split("/").filter(Boolean);

/** The confirmation screen's figures: who leaves normal duty, per district and station, and what stays available there. */
export async function previewPlanDispatch(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  opts: DispatchPreviewBody = {},
): Promise<DispatchPreviewView> {
  const sel = await selectionOf(ctx, actor, incidentId, opts);
  const onIncident = new Set(await unitIdsOnIncident(ctx, incidentId));
  const states = await unitDutyStates(
    ctx.db,
    sel.chosen.map((u) => u.unitId),
  );
  const leavingIds = new Set(sel.chosen.filter((u) => !onIncident.has(u.unitId)).map((u) => u.unitId));
  const units = await listUnits(ctx, actor);
  const leavingPaths = units.filter((u) => leavingIds.has(u.id)).map((u) => u.orgPath);
  const districts = new Map<string, Map<string, { leaving: number; remaining: number }>>();
  for (const p of leavingPaths) {
    const [, d, st] = segments(p);
    if (!districts.has(d)) districts.set(d, new Map());
    const stations = districts.get(d)!;
    stations.set(st ?? d, { leaving: 0, remaining: 0 });
  }
  for (const u of units) {
    const [, d, st] = segments(u.orgPath);
    const row = districts.get(d)?.get(st ?? d);
    if (!row) continue;
    if (leavingIds.has(u.id)) row.leaving++;
    else if (u.status.baseType === "available") row.remaining++;
  }
  const name = async (id: string) =>
    getOrg(ctx, id).then(
      (o) => ({ nameZh: o.nameZh, nameEn: o.nameEn }),
      () => ({ nameZh: id, nameEn: id }),
    );
  const out: DispatchPreviewView["districts"] = [];
  for (const [d, stationRows] of [...districts].sort(([a], [b]) => a.localeCompare(b))) {
    const stations: DutyCountView[] = [];
    for (const [st, c] of [...stationRows].sort(([a], [b]) => a.localeCompare(b))) stations.push({ orgId: st, ...(await name(st)), ...c });
    const sum = (k: "leaving" | "remaining") => stations.reduce((n, s) => n + s[k], 0);
    out.push({ orgId: d, ...(await name(d)), leaving: sum("leaving"), remaining: sum("remaining"), stations });
  }
  return {
    planId: sel.plan.id,
    leaving: leavingIds.size,
    redirected: sel.chosen.length - leavingIds.size,
    remaining: out.reduce((n, d) => n + d.remaining, 0),
    districts: out,
    checkpointsToActivate: sel.checkpointIds.length,
    outsideArea: sel.outsideArea,
    confirmation: encode(fingerprintOf(sel.plan.id, sel.chosen, states, sel.checkpointIds)),
  };
}

/**
 * The confirmed click: dispatch the plan's units (those not already on this incident), set each
 * unit's destination to its intercept point (and its ETA to the time to that point), and switch
 * on the checkpoints the plan wants active, all in one transaction: a refusal anywhere (a unit
 * taken meanwhile, a change since the confirmation) leaves everything as it was. An
 * Idempotency-Key makes a retry after a lost answer return the first answer.
 */
export async function dispatchPlan(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  opts: DispatchBody,
  idempotencyKey?: string,
): Promise<PlanDispatchView> {
  const confirmed = decode(opts.confirmation);
  const { plan, paths, chosen, checkpointIds, outsideArea } = await selectionOf(ctx, actor, incidentId, opts);
  await assertCheckpointsExist(ctx, checkpointIds);
  const labels = new Map(plan.units.map((u) => [u.unitId, u.label]));
  const ids = chosen.map((u) => u.unitId);
  const answer: PlanDispatchView = {
    planId: plan.id,
    dispatched: [],
    redirected: chosen.map((u) => ({ unitId: u.unitId, callsign: u.label, destination: { lat: u.lat, lon: u.lon }, etaS: u.etaS })),
    checkpointsActivated: checkpointIds,
    outsideArea,
  };
  const stored = await onceForKey<PlanDispatchView>(
    ctx.db,
    { actorId: actor.userId, key: idempotencyKey, scope: "intercept_plan.dispatch", payload: { incidentId, planId: plan.id, opts } },
    async (storeKey) => {
      const before = await unitDutyStates(ctx.db, ids);
      refuseIfChanged(confirmed, fingerprintOf(plan.id, chosen, before, checkpointIds), before, labels);
      const onIncident = new Set(await unitIdsOnIncident(ctx, incidentId));
      answer.dispatched = chosen.filter((u) => !onIncident.has(u.unitId)).map((u) => u.unitId);
      // Under the incident's lock: the plan is still the latest and no unit changed since the check above.
      const first = async (tx: Transaction<Database>) => {
        const latest = await tx
          .selectFrom("intercept_plans")
          .select("id")
          .where("incident_id", "=", incidentId)
          .orderBy("seq", "desc")
          .limit(1)
          .executeTakeFirst();
        const states = await unitDutyStates(tx, ids);
        refuseIfChanged(confirmed, fingerprintOf(latest?.id ?? "", chosen, states, checkpointIds), states, labels);
      };
      await dispatchUnits(ctx, actor, incidentId, answer.dispatched, {
        first,
        // dispatchUnits points every unit at the incident; an intercept unit goes to its point instead.
        within: async (tx, record, inc) => {
          for (const u of chosen) {
            await setUnitDestination(
              tx,
              record,
              actor,
              u.unitId,
              incidentId,
              { lat: u.lat, lon: u.lon },
              { reason: "intercept_point", planId: plan.id, etaS: u.etaS },
            );
          }
          await setCheckpointsActiveTx(tx, record, actor, checkpointIds, true, `intercept plan ${plan.id}`, isoNow(ctx.clock));
          record(
            incidentEvent(inc, actor, "intercept.plan_dispatched", {
              planId: plan.id,
              units: chosen.map((u) => eventUnit(u, paths.get(u.unitId), inc.org_path)),
              checkpointIds,
            }),
          );
          await storeKey(tx, 200, answer);
        },
      });
      return answer;
    },
  );
  return stored.body;
}
