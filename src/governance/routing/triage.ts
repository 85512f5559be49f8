/**
 * Triage of an incoming request: four labels set independently — valid/invalid (with a reason),
 * police/non-police, urgent/non-urgent, and the category — and attaching a duplicate report to the
 * open incident it repeats. Urgency is carried by the incident's priority (routine = non-urgent),
 * so there is one source of truth for dispatch and for routing.
 */
import type { AppContext } from "../../context.ts";
import {
  INCIDENT_STATUS_LABELS,
  INVALID_REASONS,
  type IncidentStatus,
  maskName,
  maskPhone,
  OPEN_STATUSES,
  type Priority,
} from "../../incidents/model.ts";
import {
  type IncidentView,
  incidentEvent,
  incidentView,
  loadIncidentRow,
  lockIncident,
  moveIncident,
  nearbyIncidents,
  updateIncident,
} from "../../incidents/service.ts";
import type { Actor } from "../../org/model.ts";
import { transact } from "../../platform/events.ts";
import { problems } from "../../platform/problem.ts";
import { govProblems } from "../problems.ts";
import type { DuplicateView, TriageLabels } from "./schemas.ts";

export async function setTriageLabels(ctx: AppContext, actor: Actor, id: string, l: TriageLabels): Promise<IncidentView> {
  if (
    l.valid === undefined &&
    l.police === undefined &&
    l.urgent === undefined &&
    l.categoryCode === undefined &&
    l.invalidReason === undefined
  ) {
    throw problems.validation(
      "body",
      "set at least one label: valid, invalidReason, police, urgent or categoryCode",
      "请至少设置一项标注：valid、invalidReason、police、urgent 或 categoryCode",
    );
  }
  if (l.invalidReason && !INVALID_REASONS.includes(l.invalidReason as never)) {
    throw problems.unknownCode("invalidReason", "invalid-call reason", l.invalidReason);
  }
  if (l.valid === true && l.invalidReason)
    throw problems.validation("invalidReason", "a valid call has no invalid-call reason", "有效警情不能填写无效原因");
  if (l.valid === false && !l.invalidReason)
    throw problems.validation("invalidReason", `say why: ${INVALID_REASONS.join(", ")}`, `请选择无效原因：${INVALID_REASONS.join("、")}`);
  const current = await loadIncidentRow(ctx, actor, id);
  let priority: Priority | undefined;
  if (l.urgent === false) priority = "routine";
  // Marking urgent keeps an in-progress priority; a routine one becomes urgent. That reads the
  // priority before the change, so the change is pinned to the version read: a priority moved
  // meanwhile makes it a 409 rather than an overwrite.
  if (l.urgent === true && current.priority === "routine") priority = "urgent";
  return updateIncident(ctx, actor, id, {
    categoryCode: l.categoryCode,
    priority,
    flags: {
      valid: l.valid,
      invalidReason: l.valid === true ? null : l.invalidReason,
      police: l.police,
    },
    version: l.version ?? (l.urgent === true ? current.version : undefined),
  });
}

/**
 * Attaches a new report to the open incident it repeats: the caller joins that incident's
 * timeline, and the new report is marked duplicate and closed as an invalid call, in one
 * transaction.
 */
export async function attachDuplicate(ctx: AppContext, actor: Actor, id: string, targetId: string): Promise<DuplicateView> {
  if (id === targetId) throw problems.validation("incidentId", "an incident cannot duplicate itself", "警情不能标为自身的重复警情");
  const now = ctx.clock.now();
  const { dup, target } = await transact(ctx, async (tx, record) => {
    // Both rows locked, in id order, so two attachments crossing each other cannot deadlock; the
    // target stays open until the caller has joined it.
    const [first, second] = id < targetId ? [id, targetId] : [targetId, id];
    const locked = new Map([
      [first, await lockIncident(ctx, tx, actor, first)],
      [second, await lockIncident(ctx, tx, actor, second)],
    ]);
    const dup0 = locked.get(id)!;
    const target = locked.get(targetId)!;
    if (!OPEN_STATUSES.includes(target.status as IncidentStatus)) throw govProblems.duplicateTargetClosed(target.number);
    if (target.duplicate_of)
      throw problems.validation("incidentId", `incident ${target.number} is itself a duplicate`, `警情 ${target.number} 本身已是重复警情`);
    record({
      ...incidentEvent(target, actor, "incident.caller_attached", {
        duplicateId: dup0.id,
        duplicateNumber: dup0.number,
        caller: { name: maskName(dup0.caller_name), phone: maskPhone(dup0.caller_phone) },
        channel: dup0.channel,
        narrative: dup0.narrative,
        receivedAt: dup0.received_at,
      }),
      at: now.toISOString(),
    });
    const dup = await moveIncident(
      tx,
      record,
      actor,
      dup0,
      "closed",
      {
        valid: 0,
        invalid_reason: "duplicate",
        duplicate_of: target.id,
        disposition: "invalid_call",
        disposition_note: `重复报警，并入 ${target.number}`,
        closed_at: now.toISOString(),
      },
      { disposition: "invalid_call", invalidReason: "duplicate", duplicateOf: target.id },
    );
    return { dup, target };
  });
  return { duplicate: await incidentView(ctx, dup), target: await incidentView(ctx, target) };
}

/**
 * Open incidents this report may repeat: close in place and time, of the same category or kind.
 * Offered to the call-taker, who decides (attachDuplicate).
 */
export async function duplicateCandidates(
  ctx: AppContext,
  actor: Actor,
  id: string,
  opts: { radiusM?: number; withinMinutes?: number } = {},
) {
  const r = await loadIncidentRow(ctx, actor, id);
  const near = await nearbyIncidents(ctx, actor, {
    lat: r.lat,
    lon: r.lon,
    radiusM: opts.radiusM ?? 300,
    withinMinutes: opts.withinMinutes ?? 60,
    categoryCode: r.category_code,
  });
  return near.filter((n) => n.id !== id && n.similar !== null && !n.flags.duplicateOf);
}

/**
 * The call-taker ends a call labelled invalid (silent, prank, test, misdial) as 无效报警 without
 * a dispatcher: only a `new` incident already labelled invalid, so no police work is closed this
 * way. The reason label stays on the incident and in the disposition note.
 */
export async function closeInvalidCall(ctx: AppContext, actor: Actor, id: string): Promise<IncidentView> {
  const row = await transact(ctx, async (tx, record) => {
    const r = await lockIncident(ctx, tx, actor, id);
    if (r.valid !== 0) throw govProblems.notInvalid(r.number);
    if (r.status !== "new") throw problems.illegalTransition(r.status, "closed", [], INCIDENT_STATUS_LABELS);
    return moveIncident(
      tx,
      record,
      actor,
      r,
      "closed",
      { disposition: "invalid_call", disposition_note: r.invalid_reason, closed_at: ctx.clock.now().toISOString() },
      { disposition: "invalid_call", note: r.invalid_reason },
    );
  });
  return incidentView(ctx, row);
}
