/**
 * HTTP routes of the non-police loop: triage, routing and 12345 transfers, work orders, town
 * staff, timers and routing rules, follow-up calls, KPIs, and (in its own plugin) Open311.
 */
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import { INVALID_REASONS } from "../incidents/model.ts";
import { loadIncidentRow } from "../incidents/service.ts";
import { type Actor, inScope } from "../org/model.ts";
import { codeFilter, codeListFilter } from "../platform/code-filter.ts";
import { actorOf } from "../platform/http.ts";
import { problems } from "../platform/problem.ts";
import { AnyArray, AnyObject, errors, IdParams } from "../platform/schemas.ts";
import { suggestCategories } from "../triage/classifier.ts";
import { commanderFlags, getFollowUp, listFollowUps, recordFollowUp, reviewCommanderFlag } from "./followups.ts";
import { computeKpis } from "./kpis.ts";
import { RULE_TARGETS, SKILL_CODES, SKILLS, TIMER_STAGES, WORK_ORDER_STATUSES, WORK_ORDER_TRANSITIONS } from "./model.ts";
import { open311Routes } from "./open311/routes.ts";
import { photoRoutes } from "./photo-routes.ts";
import { photoUrlOf } from "./photos.ts";
import { decideRoute, deleteRule, getTransfer, listRules, listTransfers, routeIncident, setRule, transferTo12345 } from "./routing.ts";
import { runGovernanceSweep } from "./start.ts";
import { clearTimer, listTimerSettings, setTimer } from "./timers.ts";
import { listTowns, listWorkers, registerWorker } from "./towns.ts";
import { attachDuplicate, closeInvalidCall, duplicateCandidates, setTriageLabels } from "./triage.ts";
import {
  declineWorkOrder,
  dispatchWorkOrder,
  escalateWorkOrder,
  getWorkOrder,
  listWorkOrders,
  loadWorkOrder,
  reopenWorkOrder,
  stepWorkOrder,
  takeWorkOrder,
  viewOf,
  workOrderTimeline,
} from "./work-orders.ts";

const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Reason = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false });
const Note = Type.Object(
  {
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    photoUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000, pattern: "^https?://\\S+$" }))),
    /** A photo uploaded to this order (POST …/photos); stands in for photoUrl. */
    photoId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
const Empty = Type.Object({}, { additionalProperties: false });

/** One-click steps may be posted with no body at all: it reads as `{}` before validation. */
const bodyOptional = {
  preValidation: async (req: { body: unknown }) => {
    if (req.body === undefined || req.body === null) req.body = {};
  },
};

const Labels = Type.Object(
  {
    valid: Type.Optional(Type.Boolean()),
    invalidReason: Type.Optional(Nullable(lit(INVALID_REASONS))),
    police: Type.Optional(Type.Boolean()),
    urgent: Type.Optional(Type.Boolean()),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const WorkOrderQuery = Type.Object(
  {
    open: Type.Optional(lit(["true", "false"])),
    status: Type.Optional(codeListFilter("work-order status", WORK_ORDER_STATUSES)),
    townId: Type.Optional(Type.String({ maxLength: 100 })),
    incidentId: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
  },
  { additionalProperties: false },
);

export async function governanceRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const actor = (req: unknown) => actorOf<Actor>(req as never);
  const id = (req: unknown) => (req as { params: { id: string } }).params.id;
  const ok = { 200: AnyObject, ...errors };
  const okList = { 200: AnyArray, ...errors };

  // ---- triage -------------------------------------------------------------------------------
  {
    const tags = ["triage"];
    app.post(
      "/triage/suggest",
      {
        config: { permission: ["incident:create", "incident:update"] },
        schema: {
          tags,
          description: "Category suggestions for a narrative (zh or en), with confidence. Advisory: the call-taker confirms.",
          body: Type.Object(
            { text: Type.String({ minLength: 1, maxLength: 4000 }), k: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })) },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => {
        const b = req.body as { text: string; k?: number };
        if (!b.text.trim()) throw problems.validation("text", "empty", "不能为空");
        return { suggestions: suggestCategories(b.text, { k: b.k ?? 3 }) };
      },
    );
    app.post(
      "/triage/incidents/:id/labels",
      {
        config: { permission: "incident:update" },
        schema: {
          tags,
          description: "Set triage labels independently: valid/invalid (+reason), police/non-police, urgent/non-urgent, category.",
          params: IdParams,
          body: Labels,
          response: ok,
        },
      },
      async (req) => setTriageLabels(ctx, actor(req), id(req), req.body as Static<typeof Labels>),
    );
    app.get(
      "/triage/incidents/:id/duplicates",
      {
        config: { permission: "incident:read" },
        schema: {
          tags,
          description: "Open incidents this report may repeat: near in place (default 300 m) and time (60 min), same category or kind.",
          params: IdParams,
          querystring: Type.Object(
            {
              radiusM: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
              withinMinutes: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
            },
            { additionalProperties: false },
          ),
          response: okList,
        },
      },
      async (req) => {
        const q = req.query as { radiusM?: string; withinMinutes?: string };
        return duplicateCandidates(ctx, actor(req), id(req), {
          radiusM: q.radiusM ? Number(q.radiusM) : undefined,
          withinMinutes: q.withinMinutes ? Number(q.withinMinutes) : undefined,
        });
      },
    );
    app.post(
      "/triage/incidents/:id/duplicate-of",
      {
        config: { permission: "incident:update" },
        schema: {
          tags,
          description:
            "Attach this report to the open incident it repeats: the caller joins that timeline; this one closes as a duplicate.",
          params: IdParams,
          body: Type.Object({ incidentId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
          response: ok,
        },
      },
      async (req) => attachDuplicate(ctx, actor(req), id(req), (req.body as { incidentId: string }).incidentId),
    );
    app.post(
      "/triage/incidents/:id/close-invalid",
      {
        ...bodyOptional,
        config: { permission: "incident:update" },
        schema: {
          tags,
          description: "End a new call labelled invalid as 无效报警 (disposition invalid_call): the call-taker's own close.",
          params: IdParams,
          body: Empty,
          response: ok,
        },
      },
      async (req) => closeInvalidCall(ctx, actor(req), id(req)),
    );
    app.get(
      "/triage/incidents/:id/route",
      {
        config: { permission: "incident:read" },
        schema: {
          tags,
          description: "Where this incident would be routed, and why (no change).",
          params: IdParams,
          querystring: Type.Object({ townCode: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false }),
          response: ok,
        },
      },
      async (req) => {
        const inc = await loadIncidentRow(ctx, actor(req), id(req));
        return decideRoute(ctx, inc, { townCode: (req.query as { townCode?: string }).townCode });
      },
    );
    app.post(
      "/triage/incidents/:id/route",
      {
        ...bodyOptional,
        config: { permission: "incident:update" },
        schema: {
          tags,
          description:
            "Route a new incident: police (nothing changes), urgent non-police (police first, recorded), town centre (work order; incident closed as diverted_non_police) or 12345 (transfer; incident closed as transferred).",
          params: IdParams,
          body: Type.Object(
            { townCode: Type.Optional(Type.String({ maxLength: 12 })), reason: Type.Optional(Type.String({ maxLength: 1000 })) },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => {
        const b = req.body as { townCode?: string; reason?: string };
        const r = await routeIncident(ctx, actor(req), id(req), b);
        return {
          decision: r.decision,
          workOrder: r.workOrder ? await viewOf(ctx, r.workOrder) : null,
          transfer: r.transfer,
        };
      },
    );
    app.post(
      "/triage/incidents/:id/transfer-12345",
      {
        config: { permission: "incident:update" },
        schema: {
          tags,
          description: "One click: transfer to the 12345 hotline with a reason, linked both ways.",
          params: IdParams,
          body: Reason,
          response: ok,
        },
      },
      async (req) => transferTo12345(ctx, actor(req), id(req), (req.body as { reason: string }).reason),
    );
    app.get(
      "/transfers-12345",
      { config: { permission: "incident:read" }, schema: { tags, description: "12345 transfers in your area.", response: okList } },
      async (req) => listTransfers(ctx, actor(req)),
    );
    app.get(
      "/transfers-12345/:id",
      { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: ok } },
      async (req) => getTransfer(ctx, actor(req), id(req)),
    );
  }

  // ---- configuration: rules, timers, towns, staff ------------------------------------------
  {
    const tags = ["governance"];
    app.get(
      "/governance/routing-rules",
      { config: { permission: ["incident:read", "workorder:read"] }, schema: { tags, response: okList } },
      async () => listRules(ctx),
    );
    app.put(
      "/governance/routing-rules",
      {
        config: { permission: "plan:admin" },
        schema: {
          tags,
          description: "Set the routing rule for a category pattern (code, kind.* or *) and an area (org path prefix).",
          body: Type.Object(
            {
              categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
              areaPath: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
              target: lit(RULE_TARGETS),
              skill: Type.Optional(Nullable(lit(SKILL_CODES))),
              note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
            },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => setRule(ctx, req.body as never),
    );
    app.delete(
      "/governance/routing-rules/:id",
      { config: { permission: "plan:admin" }, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
      async (req, reply) => {
        await deleteRule(ctx, id(req));
        return reply.status(204).send();
      },
    );
    app.get(
      "/governance/timers",
      { config: { permission: ["workorder:read", "incident:read"] }, schema: { tags, response: ok } },
      async () => listTimerSettings(ctx),
    );
    app.put(
      "/governance/timers",
      {
        config: { permission: "plan:admin" },
        schema: {
          tags,
          description: "Override a work-order timer, for every category or one.",
          body: Type.Object(
            {
              stage: lit(TIMER_STAGES),
              categoryCode: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
              seconds: Type.Integer({ minimum: 1 }),
              warnSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
            },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => setTimer(ctx, req.body as never),
    );
    app.delete(
      "/governance/timers/:stage",
      {
        config: { permission: "plan:admin" },
        schema: {
          tags,
          description: "Remove a timer override (for one category, or for all categories): the stage falls back to the next setting.",
          params: Type.Object({ stage: lit(TIMER_STAGES) }),
          querystring: Type.Object(
            { categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        await clearTimer(ctx, (req.params as { stage: string }).stage, (req.query as { categoryCode?: string }).categoryCode ?? null);
        return reply.status(204).send();
      },
    );
    app.get("/governance/skills", { config: { permission: "authenticated" }, schema: { tags, response: okList } }, async () =>
      SKILL_CODES.map((code) => ({ code, nameZh: SKILLS[code].zh, nameEn: SKILLS[code].en })),
    );
    app.get(
      "/governance/workflow",
      { config: { permission: "authenticated" }, schema: { tags, description: "Work-order states and allowed moves.", response: ok } },
      async () => ({ statuses: WORK_ORDER_STATUSES, transitions: WORK_ORDER_TRANSITIONS }),
    );
    app.get(
      "/governance/towns",
      {
        config: { permission: ["workorder:read", "incident:read"] },
        schema: { tags, description: "Town centres and their areas.", response: okList },
      },
      async () =>
        (await listTowns(ctx)).map((t) => ({
          id: t.id,
          code: t.code,
          nameZh: t.nameZh,
          nameEn: t.nameEn,
          parentId: t.parentId,
          path: t.path,
          polygon: t.polygon,
        })),
    );
    app.get(
      "/governance/workers",
      {
        config: { permission: "workorder:read" },
        schema: {
          tags,
          description: "Field staff in your area, optionally with a skill.",
          querystring: Type.Object(
            { townId: Type.Optional(Type.String({ maxLength: 100 })), skill: Type.Optional(codeFilter("skill", SKILL_CODES)) },
            { additionalProperties: false },
          ),
          response: okList,
        },
      },
      async (req) => {
        const q = req.query as { townId?: string; skill?: string };
        const workers = await listWorkers(ctx, actor(req).orgPath, q.skill);
        return q.townId ? workers.filter((w) => w.townId === q.townId) : workers;
      },
    );
    app.put(
      "/governance/workers/:id",
      {
        config: { permission: "workorder:manage" },
        schema: {
          tags,
          description: "Register a user as field staff of a town with skills (the user must belong to that town or one of its villages).",
          params: IdParams,
          body: Type.Object(
            {
              townId: Type.String({ minLength: 1, maxLength: 100 }),
              skills: Type.Array(lit(SKILL_CODES), { minItems: 1, maxItems: 10 }),
              team: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
              onDuty: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => {
        const b = req.body as { townId: string; skills: string[]; team?: string | null; onDuty?: boolean };
        const a = actor(req);
        const towns = await listTowns(ctx);
        const town = towns.find((t) => t.id === b.townId);
        if (!town) throw problems.notFound("org", b.townId);
        if (!inScope(a, town.path)) throw problems.outOfScope("org");
        return registerWorker(ctx, { userId: id(req), ...b });
      },
    );
    app.post(
      "/governance/sweep",
      {
        ...bodyOptional,
        config: { permission: "plan:admin" },
        schema: {
          tags,
          description: "Run the timer sweep and follow-up scheduling now (they also run on a timer).",
          body: Empty,
          response: ok,
        },
      },
      async () => runGovernanceSweep(ctx),
    );
    app.get(
      "/governance/kpis",
      {
        config: { permission: "analytics:read" },
        schema: {
          tags,
          description:
            "Invalid share, non-police share, diversion rate, resolution rate, satisfaction and time to close, by station and town.",
          querystring: Type.Object(
            { from: Type.Optional(Type.String({ format: "date-time" })), to: Type.Optional(Type.String({ format: "date-time" })) },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => computeKpis(ctx, actor(req), req.query as { from?: string; to?: string }),
    );
  }

  // ---- work orders ----------------------------------------------------------------------------
  {
    const tags = ["work orders"];
    app.get(
      "/work-orders",
      { config: { permission: "workorder:read" }, schema: { tags, querystring: WorkOrderQuery, response: okList } },
      async (req) => {
        const q = req.query as Static<typeof WorkOrderQuery>;
        return listWorkOrders(ctx, actor(req), {
          open: q.open === "true",
          status: q.status?.split(",").filter(Boolean),
          townId: q.townId,
          incidentId: q.incidentId,
          limit: q.limit ? Number(q.limit) : undefined,
        });
      },
    );
    app.get(
      "/work-orders/:id",
      { config: { permission: "workorder:read" }, schema: { tags, params: IdParams, response: ok } },
      async (req) => getWorkOrder(ctx, actor(req), id(req)),
    );
    app.get(
      "/work-orders/:id/timeline",
      { config: { permission: "workorder:read" }, schema: { tags, params: IdParams, response: okList } },
      async (req) => workOrderTimeline(ctx, actor(req), id(req)),
    );
    app.get(
      "/work-orders/:id/candidates",
      {
        config: { permission: "workorder:manage" },
        schema: { tags, description: "On-duty staff of the order's town with the skill it needs.", params: IdParams, response: okList },
      },
      async (req) => {
        const a = actor(req);
        const wo = await loadWorkOrder(ctx.db, id(req));
        if (!inScope(a, wo.org_path)) throw problems.outOfScope("work order");
        return (await listWorkers(ctx, wo.org_path, wo.skill)).filter((w) => w.onDuty);
      },
    );
    app.post(
      "/work-orders/:id/dispatch",
      {
        ...bodyOptional,
        config: { permission: "workorder:manage" },
        schema: {
          tags,
          description:
            "派单: to one worker (assigneeId) or offered to the town's team with a skill (teamSkill; default the order's skill).",
          params: IdParams,
          body: Type.Object(
            { assigneeId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))), teamSkill: Type.Optional(Nullable(lit(SKILL_CODES))) },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => dispatchWorkOrder(ctx, actor(req), id(req), req.body as never),
    );
    app.post(
      "/work-orders/:id/take",
      {
        ...bodyOptional,
        config: { permission: "workorder:work" },
        schema: { tags, description: "接单.", params: IdParams, body: Empty, response: ok },
      },
      async (req) => takeWorkOrder(ctx, actor(req), id(req)),
    );
    app.post(
      "/work-orders/:id/decline",
      {
        config: { permission: "workorder:work" },
        schema: {
          tags,
          description: "Decline with a reason; the order returns to the centre's queue.",
          params: IdParams,
          body: Reason,
          response: ok,
        },
      },
      async (req) => declineWorkOrder(ctx, actor(req), id(req), (req.body as { reason: string }).reason),
    );
    for (const [path, step, description] of [
      ["on-scene", "on_scene", "The worker is on scene."],
      ["handled", "handled", "Handled, with a note."],
      ["feedback", "feedback", "First feedback to the citizen, with an optional photo URL."],
      ["close", "closed", "Close the order; a follow-up call is scheduled."],
    ] as const) {
      app.post(
        `/work-orders/:id/${path}`,
        {
          ...bodyOptional,
          config: { permission: ["workorder:work", "workorder:manage"] },
          schema: { tags, description, params: IdParams, body: Note, response: ok },
        },
        async (req) => {
          const { note, photoUrl, photoId } = (req.body ?? {}) as Static<typeof Note>;
          const url = photoId ? await photoUrlOf(ctx, id(req), photoId) : photoUrl;
          return stepWorkOrder(ctx, actor(req), id(req), step, { note, photoUrl: url });
        },
      );
    }
    app.post(
      "/work-orders/:id/escalate",
      {
        config: { permission: ["workorder:work", "workorder:manage"] },
        schema: { tags, description: "转回公安: one click makes a linked police incident.", params: IdParams, body: Reason, response: ok },
      },
      async (req) => escalateWorkOrder(ctx, actor(req), id(req), (req.body as { reason: string }).reason),
    );
    app.post(
      "/work-orders/:id/reopen",
      {
        config: { permission: "workorder:manage" },
        schema: { tags, description: "Re-open a closed order.", params: IdParams, body: Reason, response: ok },
      },
      async (req) => reopenWorkOrder(ctx, actor(req), id(req), (req.body as { reason: string }).reason),
    );
  }

  // ---- follow-up calls --------------------------------------------------------------------------
  {
    const tags = ["follow-ups"];
    const FollowUpQuery = Type.Object(
      {
        status: Type.Optional(codeFilter("follow-up status", ["pending", "done", "unreachable"])),
        due: Type.Optional(lit(["now"])),
        dissatisfied: Type.Optional(lit(["true", "false"])),
        subjectType: Type.Optional(codeFilter("follow-up subject type", ["incident", "work_order"])),
      },
      { additionalProperties: false },
    );
    app.get(
      "/followups",
      {
        config: { permission: ["followup:record", "analytics:read"] },
        schema: { tags, description: "The follow-up caller's list (with a call script).", querystring: FollowUpQuery, response: okList },
      },
      async (req) => {
        const q = req.query as Static<typeof FollowUpQuery>;
        return listFollowUps(ctx, actor(req), {
          status: q.status,
          dueBefore: q.due === "now" ? ctx.clock.now().toISOString() : undefined,
          dissatisfied: q.dissatisfied === "true",
          subjectType: q.subjectType,
        });
      },
    );
    app.get(
      "/followups/commander-flags",
      {
        config: { permission: ["incident:close", "followup:record"] },
        schema: {
          tags,
          description:
            "Incidents whose callers were dissatisfied, newest call first: for the station commander. Reviewed ones with includeReviewed=true.",
          querystring: Type.Object({ includeReviewed: Type.Optional(lit(["true", "false"])) }, { additionalProperties: false }),
          response: okList,
        },
      },
      async (req) =>
        commanderFlags(ctx, actor(req), { includeReviewed: (req.query as { includeReviewed?: string }).includeReviewed === "true" }),
    );
    app.post(
      "/followups/:id/review",
      {
        config: { permission: "incident:close" },
        schema: {
          tags,
          description: "The station commander's review of a dissatisfied call: what was done. On the incident's timeline; once per flag.",
          params: IdParams,
          body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
          response: ok,
        },
      },
      async (req) => reviewCommanderFlag(ctx, actor(req), id(req), (req.body as { note: string }).note),
    );
    app.get(
      "/followups/:id",
      { config: { permission: ["followup:record", "analytics:read"] }, schema: { tags, params: IdParams, response: ok } },
      async (req) => getFollowUp(ctx, actor(req), id(req)),
    );
    app.post(
      "/followups/:id",
      {
        config: { permission: "followup:record" },
        schema: {
          tags,
          description:
            "Record the outcome: reached or not, satisfied or not, a comment. Dissatisfied re-opens the order or flags the incident.",
          params: IdParams,
          body: Type.Object(
            {
              reached: Type.Boolean(),
              satisfied: Type.Optional(Nullable(Type.Boolean())),
              comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
            },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => recordFollowUp(ctx, actor(req), id(req), req.body as never),
    );
  }

  await app.register(photoRoutes, { ctx });
  await app.register(open311Routes, { ctx, prefix: "/open311/v2" });
}
