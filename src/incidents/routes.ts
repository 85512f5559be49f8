import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors, IdParams } from "../platform/schemas.ts";
import { DISPOSITIONS, type Disposition, type IncidentStatus } from "./model.ts";
import {
  CallerReadQuery,
  CallerView,
  CategoryView,
  CloseBody,
  DispositionView,
  IdempotencyHeaders,
  IncidentListQuery,
  IncidentPatchBody,
  IncidentView,
  NearbyIncident,
  NearbyQuery,
  NewIncidentBody,
  NoteBody,
  NoteView,
  TimelineEntry,
} from "./schemas.ts";
import {
  addNote,
  closeIncident,
  createIncident,
  getIncident,
  listCategories,
  listIncidents,
  nearbyIncidents,
  readCaller,
  timeline,
  updateIncident,
} from "./service.ts";

const tags = ["incidents"];

export const incidentRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(dictionaryRoutes, { ctx });
  await app.register(intakeRoutes, { ctx });
  await app.register(incidentDetailRoutes, { ctx });
};

/** The vocabularies a console offers: categories and dispositions. */
const dictionaryRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/categories",
    { config: { permission: "incident:read" }, schema: { tags, response: { 200: Type.Array(CategoryView), ...errors } } },
    async () => listCategories(ctx),
  );
  app.get(
    "/dispositions",
    { config: { permission: "incident:read" }, schema: { tags, response: { 200: Type.Array(DispositionView), ...errors } } },
    async () => Object.entries(DISPOSITIONS).map(([code, n]) => ({ code: code as Disposition, nameZh: n.zh, nameEn: n.en })),
  );
};

/** Taking a call and finding incidents: create, list, nearby. */
const intakeRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/incidents",
    {
      config: { permission: "incident:create" },
      schema: {
        tags,
        description: "Create an incident (警情). Send an Idempotency-Key header so a retry never makes a duplicate.",
        headers: IdempotencyHeaders,
        body: NewIncidentBody,
        response: { 200: IncidentView, 201: IncidentView, ...errors },
      },
    },
    async (req, reply) => {
      const r = await createIncident(ctx, actorOf<Actor>(req), req.body, req.headers["idempotency-key"]);
      if (r.replayed) reply.header("Idempotent-Replayed", "true");
      return reply.status(r.status).header("Location", `/api/v1/incidents/${r.incident.id}`).send(r.incident);
    },
  );

  app.get(
    "/incidents",
    {
      config: { permission: "incident:read" },
      schema: { tags, querystring: IncidentListQuery, response: { 200: Type.Array(IncidentView), ...errors } },
    },
    async (req) => {
      const q = req.query;
      // The filter's codes were checked against the statuses when the query was validated.
      const status = q.status?.split(",").filter(Boolean) as IncidentStatus[] | undefined;
      return listIncidents(ctx, actorOf<Actor>(req), {
        open: q.open === "true",
        status,
        from: q.from,
        to: q.to,
        limit: q.limit ? Number(q.limit) : undefined,
      });
    },
  );

  app.get(
    "/incidents/nearby",
    {
      config: { permission: "incident:read" },
      schema: {
        tags,
        description: "Open incidents near a point (duplicate hint for the call-taker).",
        querystring: NearbyQuery,
        response: { 200: Type.Array(NearbyIncident), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return nearbyIncidents(ctx, actorOf<Actor>(req), {
        lat: Number(q.lat),
        lon: Number(q.lon),
        radiusM: Math.min(Number(q.radiusM ?? 500), 5000),
        withinMinutes: Number(q.withinMinutes ?? 120),
        categoryCode: q.categoryCode,
      });
    },
  );
};

/** One incident: read, edit, its timeline and caller, notes, closing. */
const incidentDetailRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/incidents/:id",
    { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: { 200: IncidentView, ...errors } } },
    async (req) => getIncident(ctx, actorOf<Actor>(req), req.params.id),
  );

  app.patch(
    "/incidents/:id",
    {
      config: { permission: "incident:update" },
      schema: { tags, params: IdParams, body: IncidentPatchBody, response: { 200: IncidentView, ...errors } },
    },
    async (req) => {
      const { params, body } = req;
      return updateIncident(ctx, actorOf<Actor>(req), params.id, body);
    },
  );

  app.get(
    "/incidents/:id/timeline",
    {
      config: { permission: "incident:read" },
      schema: { tags, params: IdParams, response: { 200: Type.Array(TimelineEntry), ...errors } },
    },
    async (req) => timeline(ctx, actorOf<Actor>(req), req.params.id),
  );

  app.get(
    "/incidents/:id/caller",
    {
      config: { permission: "caller:read" },
      schema: {
        tags,
        description: "The unmasked caller. Personal data: a reason is required and the read is audited.",
        params: IdParams,
        querystring: CallerReadQuery,
        response: { 200: CallerView, ...errors },
      },
    },
    async (req) => readCaller(ctx, actorOf<Actor>(req), req.params.id, req.query.reason),
  );

  app.post(
    "/incidents/:id/notes",
    {
      config: { permission: ["incident:update", "unit:status:own"] },
      schema: {
        tags,
        description: "Add a note to the incident's timeline (officers on the incident, call-takers, dispatchers).",
        params: IdParams,
        body: NoteBody,
        response: { 201: NoteView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await addNote(ctx, actorOf<Actor>(req), req.params.id, req.body.text)),
  );

  app.post(
    "/incidents/:id/close",
    {
      config: { permission: "incident:close" },
      schema: { tags, params: IdParams, body: CloseBody, response: { 200: IncidentView, ...errors } },
    },
    async (req) => closeIncident(ctx, actorOf<Actor>(req), req.params.id, req.body.disposition, req.body.note),
  );
};
