/**
 * The smart-site contract (智安小区/校园/医院): sites, their devices, the guard and grid-worker
 * tasks, and the device online rate; what each route is sent and answers.
 */
import { type Static, Type } from "typebox";
import { PRIORITIES } from "../incidents/model.ts";
import { codeFilter } from "../platform/code-filter.ts";
import { IdParams, Instant, lit, Nullable } from "../platform/schemas.ts";
import { CONTACT_ROLES, DEVICE_STATES, DEVICE_TYPES, GROUP_KINDS, MODES, SITE_TYPES, TASK_STATUSES } from "./model.ts";

// ---- requests -------------------------------------------------------------------------------

/** Site and device ids appear in MQTT topics, so they may not contain `/`, `+` or `#`. */
const Id = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" });

const NewContact = Type.Object(
  {
    role: lit(CONTACT_ROLES),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.String({ pattern: "^[0-9+\\-() ]{3,32}$" }),
  },
  { additionalProperties: false },
);
const SiteLocation = Type.Object(
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

export const NewSite = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: lit(SITE_TYPES),
    location: SiteLocation,
    contacts: Type.Optional(Type.Array(NewContact, { maxItems: 50 })),
    escalation: Type.Optional(Escalation),
    mode: Type.Optional(lit(MODES)),
  },
  { additionalProperties: false },
);
export type NewSite = Static<typeof NewSite>;

export const SitePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: Type.Optional(lit(SITE_TYPES)),
    location: Type.Optional(SiteLocation),
    contacts: Type.Optional(Type.Array(NewContact, { maxItems: 50 })),
    escalation: Type.Optional(Escalation),
    mode: Type.Optional(lit(MODES)),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type SitePatch = Static<typeof SitePatch>;

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
export const NewDevice = Type.Object({ id: Type.Optional(Id), ...deviceFields }, { additionalProperties: false });
export type NewDevice = Static<typeof NewDevice>;
export const DevicePatch = Type.Partial(Type.Object(deviceFields, { additionalProperties: false }));
export type DevicePatch = Static<typeof DevicePatch>;

export const SiteParams = IdParams;
export const DeviceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  deviceId: Type.String({ minLength: 1, maxLength: 100 }),
});

export const SitesQuery = Type.Object(
  {
    type: Type.Optional(codeFilter("site type", SITE_TYPES)),
    limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
    offset: Type.Optional(Type.String({ pattern: "^[0-9]{1,7}$" })),
  },
  { additionalProperties: false },
);
export const SiteContactsQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const SiteTasksQuery = Type.Object(
  {
    status: Type.Optional(codeFilter("site-task status", TASK_STATUSES)),
    siteId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const TaskAck = Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false });

export const OfflineDevicesQuery = Type.Object(
  { limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })) },
  { additionalProperties: false },
);
export const OnlineDailyQuery = Type.Object(
  {
    groupKind: Type.Optional(codeFilter("grouping", GROUP_KINDS)),
    groupId: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
    to: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
  },
  { additionalProperties: false },
);

// ---- responses ------------------------------------------------------------------------------

/** A type's name in both languages, so a console can switch language without a refetch. */
const TypeName = Type.Object({ zh: Type.String(), en: Type.String() });

/** A guard's or grid worker's contact as stored: personal data, read only with a reason (audited). */
export const SiteContactView = Type.Object({ role: lit(CONTACT_ROLES), name: Type.String(), phone: Type.String() });
export type SiteContactView = Static<typeof SiteContactView>;

/** A smart-safe site. Its contacts are masked; the unmasked ones need a reason and are audited. */
export const SiteView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: lit(SITE_TYPES),
  typeName: TypeName,
  location: Type.Object({
    lat: Type.Number(),
    lon: Type.Number(),
    address: Nullable(Type.String()),
    zoneId: Nullable(Type.String()),
    stationId: Nullable(Type.String()),
    districtId: Nullable(Type.String()),
  }),
  contacts: Type.Array(
    Type.Object({
      role: lit(CONTACT_ROLES),
      name: Type.String({ description: "first character, then asterisks" }),
      phone: Type.String({ description: "asterisks, then the last four digits" }),
      masked: Type.Literal(true),
    }),
  ),
  escalation: Type.Object({
    chain: Type.Tuple([Type.Literal("guard"), Type.Literal("grid_worker"), Type.Literal("police")]),
    guardAckS: Type.Integer({ description: "seconds the guard has to acknowledge; 0 skips the step" }),
    gridWorkerAckS: Type.Integer({ description: "seconds the grid worker has to acknowledge; 0 skips the step" }),
  }),
  mode: lit(MODES),
  orgPath: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
  version: Type.Integer(),
});
export type SiteView = Static<typeof SiteView>;

/** A front-end device of a site. Its DC-09 key is never returned, only whether it has one. */
export const DeviceView = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  type: lit(DEVICE_TYPES),
  typeName: TypeName,
  name: Type.String(),
  location: Nullable(Type.String({ description: "where on the site, in words" })),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  heartbeatS: Type.Integer(),
  dc09Account: Nullable(Type.String()),
  dc09Encrypted: Type.Boolean(),
  mode: lit(MODES),
  state: lit(DEVICE_STATES),
  stateSince: Nullable(Instant),
  lastSeenAt: Nullable(Instant),
});
export type DeviceView = Static<typeof DeviceView>;

/** An alarm routed to the guard or grid worker first, and where it escalates if nobody acknowledges it. */
export const SiteTaskView = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  deviceId: Nullable(Type.String()),
  kind: Type.String({ description: "what to do: ebike_charging, object_thrown, fire_lane_blocked, welfare_check, tamper …" }),
  assignee: lit(CONTACT_ROLES),
  status: lit(TASK_STATUSES),
  escalatesTo: Type.Object({ categoryCode: Type.String(), priority: lit(PRIORITIES) }),
  createdAt: Instant,
  dueAt: Instant,
  acknowledgedAt: Nullable(Instant),
  note: Nullable(Type.String()),
  incidentId: Nullable(Type.String({ description: "the police incident it escalated to" })),
  orgPath: Type.String(),
  version: Type.Integer(),
});
export type SiteTaskView = Static<typeof SiteTaskView>;

/** The online rate of one group of devices (devices in maintenance mode are left out). */
export const OnlineRateView = Type.Object({
  groupKind: lit(GROUP_KINDS),
  groupId: Type.String(),
  name: Type.String(),
  devices: Type.Integer(),
  online: Type.Integer(),
  rate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: "online / devices; null when the group has no devices" })),
});
export type OnlineRateView = Static<typeof OnlineRateView>;

export const OnlineRatesView = Type.Object({
  at: Instant,
  onlineFactor: Type.Number({ description: "a device is online when heard within onlineFactor × its heartbeat interval" }),
  all: OnlineRateView,
  byDeviceType: Type.Array(OnlineRateView),
  bySite: Type.Array(OnlineRateView),
  bySiteType: Type.Array(OnlineRateView),
  byDistrict: Type.Array(OnlineRateView),
});
export type OnlineRatesView = Static<typeof OnlineRatesView>;

export const OfflineDeviceView = Type.Object({
  deviceId: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  type: lit(DEVICE_TYPES),
  heartbeatS: Type.Integer(),
  lastSeenAt: Nullable(Instant),
  silentS: Nullable(Type.Integer({ description: "seconds since last heard; null when never heard" })),
});
export type OfflineDeviceView = Static<typeof OfflineDeviceView>;

/** One day of one group's online rate, averaged over the day's samples. */
export const OnlineDayView = Type.Object({
  day: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "local (UTC+8) calendar day" }),
  groupKind: lit(GROUP_KINDS),
  groupId: Type.String(),
  samples: Type.Integer(),
  rate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
});
export type OnlineDayView = Static<typeof OnlineDayView>;
