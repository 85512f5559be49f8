import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { codeFilter } from "../platform/code-filter.ts";
import { actorOf } from "../platform/http.ts";
import { AnyArray, AnyObject, errors } from "../platform/schemas.ts";
import { CONTACT_ROLES, DEVICE_TYPES, MODES, SITE_TYPES } from "./model.ts";
import { GROUP_KINDS, offlineDevices, onlineRates, onlineSeries } from "./online.ts";
import {
  createDevice,
  createSite,
  deleteDevice,
  deleteSite,
  getDevice,
  getSite,
  listDevices,
  listSites,
  readSiteContacts,
  updateDevice,
  updateSite,
} from "./registry.ts";
import { acknowledgeTask, listTasks } from "./tasks.ts";

const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" });

const Contact = Type.Object(
  {
    role: lit(CONTACT_ROLES),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.String({ pattern: "^[0-9+\\-() ]{3,32}$" }),
  },
  { additionalProperties: false },
);
const Location = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  },
  { additionalProperties: false },
);
const Escalation = Type.Object(
  {
    guardAckS: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 604800 }))),
    gridWorkerAckS: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 604800 }))),
  },
  { additionalProperties: false, description: "Seconds each step has to acknowledge before the next (0 skips it); null = default." },
);
const NewSite = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: lit(SITE_TYPES),
    location: Location,
    contacts: Type.Optional(Type.Array(Contact, { maxItems: 50 })),
    escalation: Type.Optional(Escalation),
    mode: Type.Optional(lit(MODES)),
  },
  { additionalProperties: false },
);
const SitePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: Type.Optional(lit(SITE_TYPES)),
    location: Type.Optional(Location),
    contacts: Type.Optional(Type.Array(Contact, { maxItems: 50 })),
    escalation: Type.Optional(Escalation),
    mode: Type.Optional(lit(MODES)),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const deviceFields = {
  type: lit(DEVICE_TYPES),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  heartbeatS: Type.Optional(Type.Integer({ minimum: 5, maximum: 604800 })),
  dc09Account: Type.Optional(Nullable(Type.String({ pattern: "^[0-9A-Fa-f]{3,16}$" }))),
  dc09KeyHex: Type.Optional(Nullable(Type.String({ pattern: "^([0-9A-Fa-f]{32}|[0-9A-Fa-f]{48}|[0-9A-Fa-f]{64})$" }))),
  mode: Type.Optional(lit(MODES)),
};
const NewDevice = Type.Object({ id: Type.Optional(Id), ...deviceFields }, { additionalProperties: false });
const DevicePatch = Type.Partial(Type.Object(deviceFields, { additionalProperties: false }));
const SiteParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const DeviceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  deviceId: Type.String({ minLength: 1, maxLength: 100 }),
});

export async function sitesRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const tags = ["sites"];
  const read = { permission: "org:read" } as const;
  const write = { permission: "org:admin" } as const;
  const actor = (req: unknown) => actorOf<Actor>(req as never);

  app.get(
    "/sites",
    {
      config: read,
      schema: {
        tags,
        description: "Smart-safe sites (智安小区/校园/医院) in the caller's org subtree. Contacts are masked.",
        querystring: Type.Object(
          {
            type: Type.Optional(codeFilter("site type", SITE_TYPES)),
            limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
            offset: Type.Optional(Type.String({ pattern: "^[0-9]{1,7}$" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => {
      const q = req.query as { type?: string; limit?: string; offset?: string };
      return listSites(ctx, actor(req), {
        type: q.type,
        limit: q.limit ? Number(q.limit) : undefined,
        offset: q.offset ? Number(q.offset) : undefined,
      });
    },
  );
  app.post("/sites", { config: write, schema: { tags, body: NewSite, response: { 201: AnyObject, ...errors } } }, async (req, reply) => {
    const s = await createSite(ctx, actor(req), req.body as Static<typeof NewSite>);
    return reply.status(201).header("Location", `/api/v1/sites/${s.id}`).send(s);
  });
  app.get("/sites/:id", { config: read, schema: { tags, params: SiteParams, response: { 200: AnyObject, ...errors } } }, async (req) =>
    getSite(ctx, actor(req), (req.params as { id: string }).id),
  );
  app.patch(
    "/sites/:id",
    { config: write, schema: { tags, params: SiteParams, body: SitePatch, response: { 200: AnyObject, ...errors } } },
    async (req) => updateSite(ctx, actor(req), (req.params as { id: string }).id, req.body as Static<typeof SitePatch>),
  );
  app.delete(
    "/sites/:id",
    { config: write, schema: { tags, params: SiteParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await deleteSite(ctx, actor(req), (req.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
  app.get(
    "/sites/:id/contacts",
    {
      config: { permission: "caller:read" },
      schema: {
        tags,
        description: "The unmasked guard and grid-worker contacts. Personal data: a reason is required and the read is audited.",
        params: SiteParams,
        querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => readSiteContacts(ctx, actor(req), (req.params as { id: string }).id, (req.query as { reason?: string }).reason),
  );

  app.get(
    "/sites/:id/devices",
    { config: read, schema: { tags, params: SiteParams, response: { 200: AnyArray, ...errors } } },
    async (req) => listDevices(ctx, actor(req), (req.params as { id: string }).id),
  );
  app.post(
    "/sites/:id/devices",
    { config: write, schema: { tags, params: SiteParams, body: NewDevice, response: { 201: AnyObject, ...errors } } },
    async (req, reply) => {
      const d = await createDevice(ctx, actor(req), (req.params as { id: string }).id, req.body as Static<typeof NewDevice>);
      return reply.status(201).send(d);
    },
  );
  app.get(
    "/sites/:id/devices/:deviceId",
    { config: read, schema: { tags, params: DeviceParams, response: { 200: AnyObject, ...errors } } },
    async (req) => {
      const p = req.params as { id: string; deviceId: string };
      return getDevice(ctx, actor(req), p.id, p.deviceId);
    },
  );
  app.patch(
    "/sites/:id/devices/:deviceId",
    { config: write, schema: { tags, params: DeviceParams, body: DevicePatch, response: { 200: AnyObject, ...errors } } },
    async (req) => {
      const p = req.params as { id: string; deviceId: string };
      return updateDevice(ctx, actor(req), p.id, p.deviceId, req.body as Static<typeof DevicePatch>);
    },
  );
  app.delete(
    "/sites/:id/devices/:deviceId",
    { config: write, schema: { tags, params: DeviceParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      const p = req.params as { id: string; deviceId: string };
      await deleteDevice(ctx, actor(req), p.id, p.deviceId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/site-tasks",
    {
      config: read,
      schema: {
        tags,
        description: "Alarms routed to the guard or grid worker first (fire lane, welfare check …) and their escalation.",
        querystring: Type.Object(
          {
            status: Type.Optional(codeFilter("site-task status", ["open", "acknowledged", "escalated"])),
            siteId: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => listTasks(ctx, actor(req), req.query as { status?: string; siteId?: string }),
  );
  app.post(
    "/site-tasks/:id/ack",
    {
      config: { permission: ["org:admin", "incident:update", "workorder:work"] },
      schema: {
        tags,
        description: "The guard or grid worker acknowledges: the escalation to police stops.",
        params: SiteParams,
        body: Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false }),
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => acknowledgeTask(ctx, actor(req), (req.params as { id: string }).id, (req.body as { note?: string | null }).note),
  );

  app.get(
    "/site-online",
    {
      config: read,
      schema: {
        tags,
        description: "Current front-end device online rate (在线率), overall and per device type, site, site type and district.",
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => onlineRates(ctx, actor(req)),
  );
  app.get(
    "/site-online/offline",
    {
      config: read,
      schema: {
        tags,
        description: "Devices not heard within onlineFactor × their heartbeat interval, longest silent first.",
        querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })) }, { additionalProperties: false }),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => offlineDevices(ctx, actor(req), Number((req.query as { limit?: string }).limit ?? 500)),
  );
  app.get(
    "/site-online/daily",
    {
      config: { permission: "analytics:read" },
      schema: {
        tags,
        description: "The daily online-rate series (time-averaged over the day's samples).",
        querystring: Type.Object(
          {
            groupKind: Type.Optional(codeFilter("grouping", GROUP_KINDS)),
            groupId: Type.Optional(Type.String({ maxLength: 100 })),
            from: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
            to: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => onlineSeries(ctx, req.query as never),
  );
}
