/**
 * One simulated call from the ring to the end of its life, a step at a time through the same
 * services a person's click goes through: the call-taker records and triages it (valid or not,
 * police or not, urgent or not) and routes it; the dispatcher sends units and closes it; a
 * diverted call continues at the town centre (simulate-town.ts); then the follow-up caller calls
 * back (simulate-followups.ts).
 */
import { advanceAssignment, dispatchUnits } from "../dispatch/assignments.ts";
import { reportPosition, unitPosition } from "../dispatch/units.ts";
import { routeIncident } from "../governance/routing/routing.ts";
import { setTriageLabels } from "../governance/routing/triage.ts";
import type { IncidentView } from "../incidents/service.ts";
import { closeIncident, createIncident } from "../incidents/service.ts";
import { seededRandom } from "../platform/random.ts";
import { attempt, LOST, pickOne, type Sim, waitBetween } from "./simulate-cast.ts";
import { arrivalMs, between, DRIVE, driveFactor, planTrip, positionOn } from "./simulate-drive.ts";
import { followUpLife } from "./simulate-followups.ts";
import type { CallPlan } from "./simulate-mix.ts";
import { townOrder } from "./simulate-town.ts";

/** How a call ended up; `let_go` when a person took it over part-way. */
export type CallOutcome = "invalid" | "diverted" | "transferred" | "police" | "fallback" | "let_go";

const INVALID_NOTE: Record<string, string> = {
  silent: "无声电话，回拨无人接听",
  misdial: "误拨",
  prank: "谎报警情，已对来电人批评教育",
  test: "测试电话",
};

/** The call-taker takes the call and records it. */
async function receive(sim: Sim, plan: CallPlan): Promise<IncidentView> {
  const { incident } = await createIncident(sim.ctx, sim.cast.callTaker, {
    channel: plan.kind === "police" && sim.rand() >= 0.85 ? "app" : "call_110",
    categoryCode: plan.categoryCode,
    caller: { name: "模拟来电", phone: `139${String(Math.floor(sim.rand() * 1e8)).padStart(8, "0")}` },
    location: plan.location,
    narrative: `[模拟] ${plan.narrative}`,
    // The record is made while, or just after, the caller speaks.
    receivedAt: new Date(sim.ctx.clock.now().getTime() - (20 + sim.rand() * 40) * 1000).toISOString(),
  });
  return incident;
}

/**
 * Until the unit is at `to`: with the fleet, its crew drives (simulate-fleet.ts) and this waits
 * for the arrival the fleet planned, again if the destination changes on the way; without one,
 * the unit drives the road route here, reporting its positions (simulate-drive.ts).
 */
async function arrive(sim: Sim, unitId: string, to: { lat: number; lon: number }): Promise<boolean> {
  const { ctx } = sim;
  const now = () => ctx.clock.now().getTime();
  if (sim.fleet) {
    sim.fleet.headTo(unitId, to);
    for (let at = sim.fleet.arrivalOf(unitId); at !== null && at > now(); at = sim.fleet.arrivalOf(unitId)) await sim.wait(at - now());
    return true;
  }
  const u = await unitPosition(ctx, unitId);
  // The road's chance is the unit's own, so driving leaves the calls' sequence of chance as it was.
  const rand = seededRandom([...unitId].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), now()));
  const trip = planTrip(ctx.travel, { lat: u.lat ?? to.lat, lon: u.lon ?? to.lon }, to, now(), (r) => r.seconds * driveFactor(rand));
  while (now() < arrivalMs(trip)) {
    await sim.wait(Math.min(between(rand, DRIVE.reportEveryS) * 1000, arrivalMs(trip) - now()));
    if ((await attempt(() => reportPosition(ctx, sim.cast.dispatcher, unitId, positionOn(trip, now())))) === LOST) return false;
  }
  return true;
}

/** One unit's response: acknowledge, drive to the scene at road speed, on scene, clear. */
async function drive(sim: Sim, incidentId: string, unitId: string, to: { lat: number; lon: number }): Promise<boolean> {
  const { ctx } = sim;
  const actor = sim.cast.dispatcher;
  await waitBetween(sim, 3_000, 8_000);
  if ((await attempt(() => advanceAssignment(ctx, actor, incidentId, unitId, "acknowledged"))) === LOST) return false;
  // The terminal sends its position with the step, when it has a signal.
  const fix = sim.fleet?.fixOf(unitId) ?? undefined;
  if ((await attempt(() => advanceAssignment(ctx, actor, incidentId, unitId, "en_route", fix))) === LOST) return false;
  if (!(await arrive(sim, unitId, to))) return false;
  if ((await attempt(() => advanceAssignment(ctx, actor, incidentId, unitId, "on_scene"))) === LOST) return false;
  await waitBetween(sim, 20_000, 60_000);
  return (await attempt(() => advanceAssignment(ctx, actor, incidentId, unitId, "cleared"))) !== LOST;
}

/** The dispatcher sends the recommended plan, the units respond, and the incident closes; then the call-back. */
async function policeResponse(sim: Sim, incident: IncidentView, dispositions: readonly string[]): Promise<boolean> {
  const { ctx } = sim;
  await waitBetween(sim, 5_000, 25_000);
  const sent = await attempt(() => dispatchUnits(ctx, sim.cast.dispatcher, incident.id));
  if (sent === LOST) return false;
  const mine = sent.assignments.filter((a) => a.status === "dispatched");
  const steps = mine.map((a) => () => drive(sim, incident.id, a.unitId, incident.location));
  await (sim.parallel ? sim.parallel(steps) : Promise.all(steps.map((s) => s())));
  await sim.wait(2_000);
  const closed = await attempt(() => closeIncident(ctx, sim.cast.dispatcher, incident.id, pickOne(sim, dispositions)));
  if (closed === LOST) return false;
  await followUpLife(sim, { incidentId: incident.id });
  return true;
}

async function invalidCall(sim: Sim, plan: CallPlan): Promise<CallOutcome> {
  const incident = await receive(sim, plan);
  // The call-taker tries to get something out of the caller, then marks it invalid with the reason.
  await waitBetween(sim, 10_000, 40_000);
  const reason = plan.invalidReason ?? "silent";
  if ((await attempt(() => setTriageLabels(sim.ctx, sim.cast.callTaker, incident.id, { valid: false, invalidReason: reason }))) === LOST)
    return "let_go";
  // An invalid call is never routed: it is closed as one.
  await waitBetween(sim, 3_000, 10_000);
  const closed = await attempt(() => closeIncident(sim.ctx, sim.cast.dispatcher, incident.id, "invalid_call", INVALID_NOTE[reason]));
  return closed === LOST ? "let_go" : "invalid";
}

async function policeCall(sim: Sim, plan: CallPlan): Promise<CallOutcome> {
  const incident = await receive(sim, plan);
  await waitBetween(sim, 2_000, 5_000);
  if ((await attempt(() => setTriageLabels(sim.ctx, sim.cast.callTaker, incident.id, { valid: true, police: true }))) === LOST)
    return "let_go";
  const done = await policeResponse(sim, incident, ["resolved_on_scene", "mediated", "case_filed", "no_finding"]);
  return done ? "police" : "let_go";
}

/** Non-police: labelled and routed; where it goes is the router's decision (its rules may send it anywhere). */
async function nonPoliceCall(sim: Sim, plan: CallPlan): Promise<CallOutcome> {
  const { ctx, cast } = sim;
  const incident = await receive(sim, plan);
  // An urgent request is labelled quickly: the police still have a minute to dispatch.
  await (plan.urgent ? waitBetween(sim, 5_000, 15_000) : waitBetween(sim, 15_000, 45_000));
  const labels = { valid: true, police: false, urgent: plan.urgent ?? false };
  if ((await attempt(() => setTriageLabels(ctx, cast.callTaker, incident.id, labels))) === LOST) return "let_go";
  await waitBetween(sim, 2_000, 6_000);
  const routed = await attempt(() => routeIncident(ctx, cast.callTaker, incident.id));
  if (routed === LOST) return "let_go";
  if (routed.workOrder) return (await townOrder(sim, routed.workOrder.id)) === "closed" ? "diverted" : "let_go";
  if (routed.transfer) return "transferred";
  const fallback = routed.decision.target === "police_fallback";
  const done = await policeResponse(sim, incident, fallback ? ["resolved_on_scene", "advice_given"] : ["resolved_on_scene", "no_finding"]);
  return !done ? "let_go" : fallback ? "fallback" : "police";
}

/** One call's whole life; resolves when nothing more will happen to it in the simulation. */
export function simulateCall(sim: Sim, plan: CallPlan): Promise<CallOutcome> {
  switch (plan.kind) {
    case "invalid":
      return invalidCall(sim, plan);
    case "police":
      return policeCall(sim, plan);
    default:
      return nonPoliceCall(sim, plan);
  }
}
