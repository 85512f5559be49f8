import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type HttpApp, type Routes } from "../platform/http.ts";
import { errors } from "../platform/schemas.ts";
import { offlineDevices, onlineRates, onlineSeries } from "./online.ts";
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
import {
  DeviceParams,
  DevicePatch,
  DeviceView,
  NewDevice,
  NewSite,
  OfflineDevicesQuery,
  OfflineDeviceView,
  OnlineDailyQuery,
  OnlineDayView,
  OnlineRatesView,
  SiteContactsQuery,
  SiteContactView,
  SiteParams,
  SitePatch,
  SitesQuery,
  SiteTasksQuery,
  SiteTaskView,
  SiteView,
  TaskAck,
} from "./schemas.ts";
import { acknowledgeTask, listTasks } from "./tasks.ts";

const tags = ["sites"];
const read = { permission: "org:read" } as const;
const write = { permission: "org:admin" } as const;

export const sitesRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  registerSiteRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  registerOnlineRoutes(app, ctx);
};

/** The sites themselves, and the audited read of their unmasked contacts. */
function registerSiteRoutes(app: HttpApp, ctx: AppContext) {
  app.get(
    "/sites",
    {
      config: read,
      schema: {
        tags,
        description: "Smart-safe sites (智安小区/校园/医院) in the caller's org subtree. Contacts are masked.",
        querystring: SitesQuery,
        response: { 200: Type.Array(SiteView), ...errors },
      },
    },
    async (req) =>
      listSites(ctx, actorOf<Actor>(req), {
        type: req.query.type,
        limit: req.query.limit ? Number(req.query.limit) : undefined,
        offset: req.query.offset ? Number(req.query.offset) : undefined,
      }),
  );
  app.post("/sites", { config: write, schema: { tags, body: NewSite, response: { 201: SiteView, ...errors } } }, async (req, reply) => {
    const { body } = req;
    const s = await createSite(ctx, actorOf<Actor>(req), body);
    return reply.status(201).header("Location", `/api/v1/sites/${s.id}`).send(s);
  });
  app.get("/sites/:id", { config: read, schema: { tags, params: SiteParams, response: { 200: SiteView, ...errors } } }, async (req) =>
    getSite(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.patch(
    "/sites/:id",
    { config: write, schema: { tags, params: SiteParams, body: SitePatch, response: { 200: SiteView, ...errors } } },
    async (req) => {
      const { params, body } = req;
      return updateSite(ctx, actorOf<Actor>(req), params.id, body);
    },
  );
  app.delete(
    "/sites/:id",
    { config: write, schema: { tags, params: SiteParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await deleteSite(ctx, actorOf<Actor>(req), req.params.id);
      return reply.status(204).send(null);
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
        querystring: SiteContactsQuery,
        response: { 200: Type.Array(SiteContactView), ...errors },
      },
    },
    async (req) => readSiteContacts(ctx, actorOf<Actor>(req), req.params.id, req.query.reason),
  );
}

function registerDeviceRoutes(app: HttpApp, ctx: AppContext) {
  app.get(
    "/sites/:id/devices",
    { config: read, schema: { tags, params: SiteParams, response: { 200: Type.Array(DeviceView), ...errors } } },
    async (req) => listDevices(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.post(
    "/sites/:id/devices",
    { config: write, schema: { tags, params: SiteParams, body: NewDevice, response: { 201: DeviceView, ...errors } } },
    async (req, reply) => {
      const { params, body } = req;
      const d = await createDevice(ctx, actorOf<Actor>(req), params.id, body);
      return reply.status(201).send(d);
    },
  );
  app.get(
    "/sites/:id/devices/:deviceId",
    { config: read, schema: { tags, params: DeviceParams, response: { 200: DeviceView, ...errors } } },
    async (req) => getDevice(ctx, actorOf<Actor>(req), req.params.id, req.params.deviceId),
  );
  app.patch(
    "/sites/:id/devices/:deviceId",
    { config: write, schema: { tags, params: DeviceParams, body: DevicePatch, response: { 200: DeviceView, ...errors } } },
    async (req) => {
      const { params, body } = req;
      return updateDevice(ctx, actorOf<Actor>(req), params.id, params.deviceId, body);
    },
  );
  app.delete(
    "/sites/:id/devices/:deviceId",
    { config: write, schema: { tags, params: DeviceParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await deleteDevice(ctx, actorOf<Actor>(req), req.params.id, req.params.deviceId);
      return reply.status(204).send(null);
    },
  );
}

/** The guard and grid-worker tasks, and their acknowledgement (which stops the escalation). */
function registerTaskRoutes(app: HttpApp, ctx: AppContext) {
  app.get(
    "/site-tasks",
    {
      config: read,
      schema: {
        tags,
        description: "Alarms routed to the guard or grid worker first (fire lane, welfare check …) and their escalation.",
        querystring: SiteTasksQuery,
        response: { 200: Type.Array(SiteTaskView), ...errors },
      },
    },
    async (req) => listTasks(ctx, actorOf<Actor>(req), { status: req.query.status, siteId: req.query.siteId }),
  );
  app.post(
    "/site-tasks/:id/ack",
    {
      config: { permission: ["org:admin", "incident:update", "workorder:work"] },
      schema: {
        tags,
        description: "The guard or grid worker acknowledges: the escalation to police stops.",
        params: SiteParams,
        body: TaskAck,
        response: { 200: SiteTaskView, ...errors },
      },
    },
    async (req) => acknowledgeTask(ctx, actorOf<Actor>(req), req.params.id, req.body.note),
  );
}

/** The front-end device online rate (在线率): now, the offline devices, and the daily series. */
function registerOnlineRoutes(app: HttpApp, ctx: AppContext) {
  app.get(
    "/site-online",
    {
      config: read,
      schema: {
        tags,
        description: "Current front-end device online rate (在线率), overall and per device type, site, site type and district.",
        response: { 200: OnlineRatesView, ...errors },
      },
    },
    async (req) => onlineRates(ctx, actorOf<Actor>(req)),
  );
  app.get(
    "/site-online/offline",
    {
      config: read,
      schema: {
        tags,
        description: "Devices not heard within onlineFactor × their heartbeat interval, longest silent first.",
        querystring: OfflineDevicesQuery,
        response: { 200: Type.Array(OfflineDeviceView), ...errors },
      },
    },
    async (req) => offlineDevices(ctx, actorOf<Actor>(req), Number(req.query.limit ?? 500)),
  );
  app.get(
    "/site-online/daily",
    {
      config: { permission: "analytics:read" },
      schema: {
        tags,
        description: "The daily online-rate series (time-averaged over the day's samples).",
        querystring: OnlineDailyQuery,
        response: { 200: Type.Array(OnlineDayView), ...errors },
      },
    },
    async (req) => {
      const { groupKind, groupId, from, to } = req.query;
      return onlineSeries(ctx, { groupKind, groupId, from, to });
    },
  );
}
