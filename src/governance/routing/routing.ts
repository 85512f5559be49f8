/**
 * Three-way routing (三级分流) of a triaged request:
 * - police business → ordinary dispatch (nothing to do here);
 * - urgent non-police → the police handle it first (联动兜底), recorded on the timeline;
 * - non-urgent non-police → a work order at the town centre containing the location, and the
 *   incident is closed with disposition diverted_non_police (police work ends; the order keeps
 *   the link and mirrors its progress onto the incident's timeline);
 * - government enquiries and complaints → a 12345 transfer record, the incident closed as
 *   transferred, linked both ways.
 * Which non-police categories go where, and with which skill, is a rule per category and area.
 */
import type { Transaction } from "kysely";
import type { AppContext } from "../../context.ts";
import { categoryByCode, incidentEvent, loadIncidentRow, lockIncident, moveIncident } from "../../incidents/service.ts";
import type { IncidentsTable } from "../../incidents/tables.ts";
import type { Actor } from "../../org/model.ts";
import { isUniqueViolation } from "../../platform/db.ts";
import { type NewEvent, transact } from "../../platform/events.ts";
import { newId } from "../../platform/ids.ts";
import { problems } from "../../platform/problem.ts";
import { pageSize, underOrg } from "../../platform/scope.ts";
import type { Database } from "../../schema.ts";
import { DEFAULT_RULES, pickRule, RULE_TARGETS, type RuleTarget, SKILL_CODES, type Skill } from "../model.ts";
import { govProblems } from "../problems.ts";
import type { HotlineTransfersTable, WorkOrdersTable } from "../tables.ts";
import { findTown } from "../work-orders/towns.ts";
import { createWorkOrderTx } from "../work-orders/work-orders.ts";
import type { RouteDecision, RuleBody, RuleView, SavedRuleView } from "./schemas.ts";

export async function listRules(ctx: AppContext): Promise<RuleView[]> {
  const rows = await ctx.db.selectFrom("routing_rules").selectAll().orderBy("category_code").orderBy("area_path").execute();
  return [
    ...DEFAULT_RULES.map((r) => ({ ...r, id: null, builtIn: true, updatedAt: null })),
    ...rows.map((r) => ({
      id: r.id,
      categoryCode: r.category_code,
      areaPath: r.area_path,
      target: r.target as RuleTarget,
      skill: r.skill as Skill | null,
      note: r.note,
      builtIn: false,
      updatedAt: r.updated_at,
    })),
  ];
}

async function effectiveRules(ctx: AppContext): Promise<RuleView[]> {
  // Table rows come last so that, at equal specificity, a configured rule beats the built-in one.
  return (await listRules(ctx)).sort((a, b) => Number(b.builtIn) - Number(a.builtIn));
}

export async function setRule(ctx: AppContext, r: RuleBody): Promise<SavedRuleView> {
  const pattern = r.categoryCode;
  if (pattern !== "*" && !pattern.endsWith(".*") && !(await categoryByCode(ctx, pattern))) {
    throw problems.unknownCode("categoryCode", "category", pattern);
  }
  if (!RULE_TARGETS.includes(r.target as RuleTarget)) throw problems.unknownCode("target", "routing target", r.target);
  if (r.target === "town" && !r.skill)
    throw problems.validation("skill", "a town rule names the skill the work order needs", "分派到镇街的规则须指定工单所需技能");
  if (r.skill && !SKILL_CODES.includes(r.skill as Skill)) throw problems.unknownCode("skill", "skill", r.skill);
  const areaPath = r.areaPath ?? "";
  if (areaPath && !/^\/([a-z0-9][a-z0-9-]*\/)+$/.test(areaPath))
    throw problems.validation("areaPath", "an org path like /hz/shangcheng/", "须为组织路径，如 /hz/shangcheng/");
  const row = {
    id: newId(),
    category_code: pattern,
    area_path: areaPath,
    target: r.target,
    skill: r.target === "town" ? (r.skill ?? null) : null,
    note: r.note ?? null,
    updated_at: ctx.clock.now().toISOString(),
  };
  await ctx.db
    .insertInto("routing_rules")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["category_code", "area_path"])
        .doUpdateSet({ target: row.target, skill: row.skill, note: row.note, updated_at: row.updated_at }),
    )
    .execute();
  const saved = await ctx.db
    .selectFrom("routing_rules")
    .selectAll()
    .where("category_code", "=", pattern)
    .where("area_path", "=", areaPath)
    .executeTakeFirstOrThrow();
  return {
    id: saved.id,
    categoryCode: pattern,
    areaPath,
    target: row.target as RuleTarget,
    skill: row.skill as Skill | null,
    note: row.note,
  };
}

export async function deleteRule(ctx: AppContext, id: string): Promise<void> {
  const res = await ctx.db.deleteFrom("routing_rules").where("id", "=", id).executeTakeFirst();
  if (Number(res.numDeletedRows) !== 1) throw problems.notFound("routing rule", id);
}

/** Urgency is the incident's priority: anything above routine is urgent. */
export const isUrgent = (priority: string) => priority !== "routine";

/** What would happen to this incident; pure apart from reading rules and town areas. */
export async function decideRoute(ctx: AppContext, inc: IncidentsTable, opts: { townCode?: string | null } = {}): Promise<RouteDecision> {
  const category = await categoryByCode(ctx, inc.category_code);
  const police = inc.police === null ? !!category?.police : inc.police === 1;
  const urgent = isUrgent(inc.priority);
  const labels = { valid: inc.valid === null ? null : inc.valid === 1, police, urgent, categoryCode: inc.category_code };
  if (inc.valid === 0) {
    throw govProblems.notRoutable(
      "an invalid call is not routed: close it with disposition invalid_call",
      "无效报警不分流，请以“无效报警”结束警情",
    );
  }
  const base = { labels, skill: null, rule: null, town: null };
  if (police) return { ...base, target: "police", reason: { zh: "警务类，由公安调度处置", en: "Police business: dispatch" } };
  if (urgent) {
    return {
      ...base,
      target: "police_fallback",
      reason: { zh: "紧急非警务，公安先行处置（联动兜底）", en: "Urgent non-police: police handle it first (fallback)" },
    };
  }
  const rule = pickRule(await effectiveRules(ctx), inc.category_code, inc.org_path);
  if (!rule || rule.target === "police") {
    return { ...base, rule, target: "police", reason: { zh: "按分流规则由公安处置", en: "Routing rule: police" } };
  }
  if (rule.target === "hotline_12345") {
    return {
      ...base,
      rule,
      target: "hotline_12345",
      reason: { zh: "政务咨询投诉，转 12345 热线", en: "Government enquiry or complaint: transfer to 12345" },
    };
  }
  const found = await findTown(ctx, { lat: inc.lat, lon: inc.lon, address: inc.address, townCode: opts.townCode });
  return {
    ...base,
    rule,
    skill: rule.skill ?? "grid_worker",
    target: "town",
    town: {
      id: found.town.id,
      code: found.town.code,
      nameZh: found.town.nameZh,
      nameEn: found.town.nameEn,
      path: found.town.path,
      by: found.by,
    },
    reason: {
      zh: `非急非警务，派往${found.town.nameZh}综合治理指挥中心`,
      en: `Not time-critical, non-police: work order for the ${found.town.nameEn} governance centre`,
    },
  };
}

export interface RouteResult {
  decision: RouteDecision;
  workOrder: WorkOrdersTable | null;
  transfer: HotlineTransfersTable | null;
}

/**
 * Applies a decision in one transaction: the incident's change, the work order or transfer, and
 * their events commit together or not at all. `extra` lets Open311 add its request row.
 */
export async function routeIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  opts: { townCode?: string | null; reason?: string | null } = {},
  extra?: (tx: Transaction<Database>, result: RouteResult) => Promise<void>,
): Promise<RouteResult> {
  const inc0 = await loadIncidentRow(ctx, actor, incidentId);
  if (inc0.status !== "new") {
    throw govProblems.notRoutable(
      `incident ${inc0.number} is ${inc0.status}: only a new incident is routed`,
      `警情 ${inc0.number} 状态为 ${inc0.status}，只有新警情可以分流`,
    );
  }
  const decision = await decideRoute(ctx, inc0, opts);
  const now = ctx.clock.now();
  return transact(ctx, async (tx, record) => {
    // The decision was made on inc0; under the lock, any change since then shows as a new version.
    const inc = await lockIncident(ctx, tx, actor, incidentId);
    if (inc.version !== inc0.version)
      throw problems.conflict("the incident changed meanwhile; reload it", "警情已被他人修改，请刷新后重试");
    const result: RouteResult = { decision, workOrder: null, transfer: null };
    const routed = (data: Record<string, unknown>): NewEvent => ({
      ...incidentEvent(inc, actor, "incident.routed", {
        target: decision.target,
        reason: decision.reason,
        skill: decision.skill,
        townId: decision.town?.id ?? null,
        ...data,
      }),
      at: now.toISOString(),
    });
    if (decision.target === "town") {
      const town = decision.town!;
      const wo = await createWorkOrderTx(tx, record, actor, inc, town, decision.skill!, now);
      result.workOrder = wo;
      record(routed({ workOrderId: wo.id, workOrderNumber: wo.number }));
      await moveIncident(
        tx,
        record,
        actor,
        inc,
        "closed",
        {
          police: 0,
          valid: inc.valid ?? 1,
          disposition: "diverted_non_police",
          disposition_note: `工单 ${wo.number} → ${town.nameZh}`,
          closed_at: now.toISOString(),
        },
        { disposition: "diverted_non_police", workOrderId: wo.id },
      );
    } else if (decision.target === "hotline_12345") {
      const reason = opts.reason?.trim() || decision.reason.zh;
      const transfer: HotlineTransfersTable = {
        id: newId(),
        incident_id: inc.id,
        category_code: inc.category_code,
        reason,
        org_path: inc.org_path,
        status: "sent",
        transferred_by: actor.userId,
        at: now.toISOString(),
      };
      await tx.insertInto("hotline_transfers").values(transfer).execute();
      result.transfer = transfer;
      record(routed({ transferId: transfer.id, transferReason: reason }));
      await moveIncident(
        tx,
        record,
        actor,
        inc,
        "closed",
        {
          police: 0,
          valid: inc.valid ?? 1,
          disposition: "transferred",
          disposition_note: `12345: ${reason}`,
          closed_at: now.toISOString(),
        },
        { disposition: "transferred", transferId: transfer.id },
      );
    } else {
      record(routed({}));
    }
    if (extra) await extra(tx, result);
    return result;
  });
}

/** One click: transfer to 12345 with a reason, whatever the category's rule says. */
export async function transferTo12345(ctx: AppContext, actor: Actor, incidentId: string, reason: string): Promise<HotlineTransfersTable> {
  if (!reason || reason.trim().length < 2)
    throw problems.validation("reason", "say why the request goes to 12345", "请填写转 12345 的原因");
  const now = ctx.clock.now();
  return transact(ctx, async (tx, record) => {
    // Checked under the lock: of several clicks at once, the first transfers and closes the
    // incident, and the others find it closed.
    const inc = await lockIncident(ctx, tx, actor, incidentId);
    if (inc.status !== "new") throw notTransferable(inc);
    const transfer: HotlineTransfersTable = {
      id: newId(),
      incident_id: inc.id,
      category_code: inc.category_code,
      reason: reason.trim(),
      org_path: inc.org_path,
      status: "sent",
      transferred_by: actor.userId,
      at: now.toISOString(),
    };
    await tx.insertInto("hotline_transfers").values(transfer).execute();
    record({
      ...incidentEvent(inc, actor, "incident.routed", {
        target: "hotline_12345",
        transferId: transfer.id,
        transferReason: transfer.reason,
      }),
      at: now.toISOString(),
    });
    await moveIncident(
      tx,
      record,
      actor,
      inc,
      "closed",
      { police: 0, disposition: "transferred", disposition_note: `12345: ${transfer.reason}`, closed_at: now.toISOString() },
      { disposition: "transferred", transferId: transfer.id },
    );
    return transfer;
  }).catch((err) => {
    // The unique incident_id backs the lock up: a second transfer of one incident is a 409.
    if (isUniqueViolation(err)) throw problems.conflict("the incident was transferred meanwhile", "该警情已被转办", "status");
    throw err;
  });
}

const notTransferable = (inc: IncidentsTable) =>
  govProblems.notRoutable(
    `incident ${inc.number} is ${inc.status}: only a new incident is transferred`,
    `警情 ${inc.number} 状态为 ${inc.status}，只有新警情可以转办`,
  );

export async function getTransfer(ctx: AppContext, actor: Actor, id: string): Promise<HotlineTransfersTable> {
  const t = await ctx.db.selectFrom("hotline_transfers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!t) throw problems.notFound("12345 transfer", id);
  await loadIncidentRow(ctx, actor, t.incident_id);
  return t;
}

export async function listTransfers(ctx: AppContext, actor: Actor, limit = 200): Promise<HotlineTransfersTable[]> {
  return ctx.db
    .selectFrom("hotline_transfers")
    .selectAll()
    .where(underOrg("org_path", actor.orgPath))
    .orderBy("at", "desc")
    .limit(pageSize(limit))
    .execute();
}
