import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { codeListFilter } from "../platform/code-filter.ts";
import { actorOf } from "../platform/http.ts";
import { AnyArray, AnyObject, errors, IdParams } from "../platform/schemas.ts";
import { CHANNELS, DISPOSITIONS, INCIDENT_STATUSES, INVALID_REASONS, PRIORITIES } from "./model.ts";
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

const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const NewIncident = Type.Object(
  {
    channel: lit(CHANNELS),
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    priority: Type.Optional(lit(PRIORITIES)),
    caller: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 32, pattern: "^[0-9+\\-() ]*$" }))),
        },
        { additionalProperties: false },
      ),
    ),
    location: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lon: Type.Number({ minimum: -180, maximum: 180 }),
        address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
      },
      { additionalProperties: false },
    ),
    narrative: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    receivedAt: Type.Optional(Type.String({ format: "date-time" })),
    flags: Type.Optional(
      Type.Object(
        {
          valid: Type.Optional(Type.Boolean()),
          invalidReason: Type.Optional(Nullable(lit(INVALID_REASONS))),
          police: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Patch = Type.Object(
  {
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    priority: Type.Optional(lit(PRIORITIES)),
    narrative: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    flags: Type.Optional(
      Type.Object(
        {
          valid: Type.Optional(Type.Boolean()),
          invalidReason: Type.Optional(Nullable(lit(INVALID_REASONS))),
          police: Type.Optional(Type.Boolean()),
          duplicateOf: Type.Optional(Nullable(Type.String())),
        },
        { additionalProperties: false },
      ),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    open: Type.Optional(lit(["true", "false"])),
    status: Type.Optional(codeListFilter("incident status", INCIDENT_STATUSES)),
    from: Type.Optional(Type.String({ format: "date-time" })),
    to: Type.Optional(Type.String({ format: "date-time" })),
    limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
  },
  { additionalProperties: false },
);

const Close = Type.Object(
  { disposition: lit(Object.keys(DISPOSITIONS)), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);

export async function incidentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const tags = ["incidents"];
  app.get("/categories", { config: { permission: "incident:read" }, schema: { tags, response: { 200: AnyArray } } }, async () =>
    listCategories(ctx),
  );
  app.get("/dispositions", { config: { permission: "incident:read" }, schema: { tags, response: { 200: AnyArray } } }, async () =>
    Object.entries(DISPOSITIONS).map(([code, n]) => ({ code, nameZh: n.zh, nameEn: n.en })),
  );

  app.post(
    "/incidents",
    {
      config: { permission: "incident:create" },
      schema: {
        tags,
        description: "Create an incident (警情). Send an Idempotency-Key header so a retry never makes a duplicate.",
        headers: Type.Object({ "idempotency-key": Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: NewIncident,
        response: { 200: AnyObject, 201: AnyObject, ...errors },
      },
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"] as string | undefined;
      const r = await createIncident(ctx, actorOf<Actor>(req), req.body as Static<typeof NewIncident>, key);
      if (r.replayed) reply.header("Idempotent-Replayed", "true");
      return reply.status(r.status).header("Location", `/api/v1/incidents/${r.incident.id}`).send(r.incident);
    },
  );

  app.get(
    "/incidents",
    { config: { permission: "incident:read" }, schema: { tags, querystring: ListQuery, response: { 200: AnyArray, ...errors } } },
    async (req) => {
      const q = req.query as Static<typeof ListQuery>;
      const status = q.status?.split(",").filter(Boolean) as never;
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
        querystring: Type.Object(
          {
            lat: Type.String({ pattern: "^-?[0-9]+(\\.[0-9]+)?$" }),
            lon: Type.String({ pattern: "^-?[0-9]+(\\.[0-9]+)?$" }),
            radiusM: Type.Optional(Type.String({ pattern: "^[0-9]{1,5}$" })),
            withinMinutes: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
            categoryCode: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => {
      const q = req.query as { lat: string; lon: string; radiusM?: string; withinMinutes?: string; categoryCode?: string };
      return nearbyIncidents(ctx, actorOf<Actor>(req), {
        lat: Number(q.lat),
        lon: Number(q.lon),
        radiusM: Math.min(Number(q.radiusM ?? 500), 5000),
        withinMinutes: Number(q.withinMinutes ?? 120),
        categoryCode: q.categoryCode,
      });
    },
  );

  app.get(
    "/incidents/:id",
    { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: { 200: AnyObject, ...errors } } },
    async (req) => getIncident(ctx, actorOf<Actor>(req), (req.params as { id: string }).id),
  );

  app.patch(
    "/incidents/:id",
    { config: { permission: "incident:update" }, schema: { tags, params: IdParams, body: Patch, response: { 200: AnyObject, ...errors } } },
    async (req) => updateIncident(ctx, actorOf<Actor>(req), (req.params as { id: string }).id, req.body as Static<typeof Patch>),
  );

  app.get(
    "/incidents/:id/timeline",
    { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: { 200: AnyArray, ...errors } } },
    async (req) => timeline(ctx, actorOf<Actor>(req), (req.params as { id: string }).id),
  );

  app.get(
    "/incidents/:id/caller",
    {
      config: { permission: "caller:read" },
      schema: {
        tags,
        description: "The unmasked caller. Personal data: a reason is required and the read is audited.",
        params: IdParams,
        querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => readCaller(ctx, actorOf<Actor>(req), (req.params as { id: string }).id, (req.query as { reason?: string }).reason),
  );

  app.post(
    "/incidents/:id/notes",
    {
      config: { permission: ["incident:update", "unit:status:own"] },
      schema: {
        tags,
        description: "Add a note to the incident's timeline (officers on the incident, call-takers, dispatchers).",
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: AnyObject, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await addNote(ctx, actorOf<Actor>(req), (req.params as { id: string }).id, (req.body as { text: string }).text)),
  );

  app.post(
    "/incidents/:id/close",
    { config: { permission: "incident:close" }, schema: { tags, params: IdParams, body: Close, response: { 200: AnyObject, ...errors } } },
    async (req) => {
      const b = req.body as Static<typeof Close>;
      return closeIncident(ctx, actorOf<Actor>(req), (req.params as { id: string }).id, b.disposition, b.note);
    },
  );
}
