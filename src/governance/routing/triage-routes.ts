/**
 * The call-taker's triage: category suggestions, the four labels, duplicate reports, and the
 * close of a call labelled invalid.
 */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import { IncidentView, NearbyIncident } from "../../incidents/schemas.ts";
import type { Actor } from "../../org/model.ts";
import { actorOf, type Routes } from "../../platform/http.ts";
import { problems } from "../../platform/problem.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { suggestCategories } from "../../triage/classifier.ts";
import { bodyOptional } from "../body-optional.ts";
import { Empty } from "../schemas.ts";
import { DuplicateOfBody, DuplicatesQuery, DuplicateView, SuggestBody, SuggestionsView, TriageLabels } from "./schemas.ts";
import { attachDuplicate, closeInvalidCall, duplicateCandidates, setTriageLabels } from "./triage.ts";

const tags = ["triage"];

export const triageRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/triage/suggest",
    {
      config: { permission: ["incident:create", "incident:update"] },
      schema: {
        tags,
        description: "Category suggestions for a narrative (zh or en), with confidence. Advisory: the call-taker confirms.",
        body: SuggestBody,
        response: { 200: SuggestionsView, ...errors },
      },
    },
    async (req) => {
      if (!req.body.text.trim()) throw problems.validation("text", "empty", "不能为空");
      return { suggestions: suggestCategories(req.body.text, { k: req.body.k ?? 3 }) };
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
        body: TriageLabels,
        response: { 200: IncidentView, ...errors },
      },
    },
    async (req) => setTriageLabels(ctx, actorOf<Actor>(req), req.params.id, req.body),
  );
  app.get(
    "/triage/incidents/:id/duplicates",
    {
      config: { permission: "incident:read" },
      schema: {
        tags,
        description: "Open incidents this report may repeat: near in place (default 300 m) and time (60 min), same category or kind.",
        params: IdParams,
        querystring: DuplicatesQuery,
        response: { 200: Type.Array(NearbyIncident), ...errors },
      },
    },
    async (req) =>
      duplicateCandidates(ctx, actorOf<Actor>(req), req.params.id, {
        radiusM: req.query.radiusM ? Number(req.query.radiusM) : undefined,
        withinMinutes: req.query.withinMinutes ? Number(req.query.withinMinutes) : undefined,
      }),
  );
  app.post(
    "/triage/incidents/:id/duplicate-of",
    {
      config: { permission: "incident:update" },
      schema: {
        tags,
        description: "Attach this report to the open incident it repeats: the caller joins that timeline; this one closes as a duplicate.",
        params: IdParams,
        body: DuplicateOfBody,
        response: { 200: DuplicateView, ...errors },
      },
    },
    async (req) => attachDuplicate(ctx, actorOf<Actor>(req), req.params.id, req.body.incidentId),
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
        response: { 200: IncidentView, ...errors },
      },
    },
    async (req) => closeInvalidCall(ctx, actorOf<Actor>(req), req.params.id),
  );
};
