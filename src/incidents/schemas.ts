/**
 * The incident's contract: what intake, updates, closing and the list filters are sent, and the
 * views they answer with. The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { AREA_TYPES } from "../org/model.ts";
import { codeListFilter } from "../platform/code-filter.ts";
import { Instant, lit, Nullable } from "../platform/schemas.ts";
import { CHANNELS, DISPOSITIONS, type Disposition, INCIDENT_STATUSES, INVALID_REASONS, PRIORITIES, TEXT_LIMITS } from "./model.ts";

// DISPOSITIONS is a table of names by code, so its codes are a list only at run time.
const DispositionCode = Type.Unsafe<Disposition>(lit(Object.keys(DISPOSITIONS)));
const LatLonText = Type.String({ pattern: "^-?[0-9]+(\\.[0-9]+)?$" });

export const NewIncidentBody = Type.Object(
  {
    channel: lit(CHANNELS),
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    priority: Type.Optional(lit(PRIORITIES)),
    caller: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.callerName }))),
          phone: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.callerPhone, pattern: "^[0-9+\\-() ]*$" }))),
        },
        { additionalProperties: false },
      ),
    ),
    location: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lon: Type.Number({ minimum: -180, maximum: 180 }),
        address: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.address }))),
      },
      { additionalProperties: false },
    ),
    narrative: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.narrative }))),
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
export type NewIncidentBody = Static<typeof NewIncidentBody>;

export const IdempotencyHeaders = Type.Object({ "idempotency-key": Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

export const IncidentPatchBody = Type.Object(
  {
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    priority: Type.Optional(lit(PRIORITIES)),
    narrative: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.narrative }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.address }))),
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
export type IncidentPatchBody = Static<typeof IncidentPatchBody>;

export const IncidentListQuery = Type.Object(
  {
    open: Type.Optional(lit(["true", "false"])),
    status: Type.Optional(codeListFilter("incident status", INCIDENT_STATUSES)),
    from: Type.Optional(Type.String({ format: "date-time" })),
    to: Type.Optional(Type.String({ format: "date-time" })),
    limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
  },
  { additionalProperties: false },
);
export type IncidentListQuery = Static<typeof IncidentListQuery>;

export const NearbyQuery = Type.Object(
  {
    lat: LatLonText,
    lon: LatLonText,
    radiusM: Type.Optional(Type.String({ pattern: "^[0-9]{1,5}$" })),
    withinMinutes: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
    categoryCode: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type NearbyQuery = Static<typeof NearbyQuery>;

export const CallerReadQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.note }) }, { additionalProperties: false });

export const CloseBody = Type.Object(
  { disposition: DispositionCode, note: Type.Optional(Nullable(Type.String({ maxLength: TEXT_LIMITS.note }))) },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;

/** A category of the dictionary (报警/求助/投诉 and their types). */
export const CategoryView = Type.Object({
  code: Type.String({ description: "`kind.type`, stable across languages" }),
  kind: Type.String({ description: "alarm, help or complaint; the dictionary is edited in the database" }),
  kindZh: Type.String(),
  kindEn: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  defaultPriority: lit(PRIORITIES),
  police: Type.Boolean({ description: "police business by default; triage may override per incident" }),
});
export type CategoryView = Static<typeof CategoryView>;

/** 反馈类别: one way an incident can end. */
export const DispositionView = Type.Object({ code: DispositionCode, nameZh: Type.String(), nameEn: Type.String() });
export type DispositionView = Static<typeof DispositionView>;

// The fields of an incident, shared by the plain view and the nearby one (which adds two).
const incidentFields = {
  id: Type.String(),
  number: Type.String({ description: "J + yyyymmdd + a six-digit counter of the day" }),
  channel: lit(CHANNELS),
  status: lit(INCIDENT_STATUSES),
  category: Type.Object({
    code: Type.String(),
    kind: Type.String({ description: "empty when the category is no longer in the dictionary" }),
    nameZh: Type.String(),
    nameEn: Type.String(),
  }),
  priority: lit(PRIORITIES),
  caller: Type.Object(
    { name: Nullable(Type.String()), phone: Nullable(Type.String()), masked: Type.Literal(true) },
    { description: "masked; the unmasked caller is GET /incidents/{id}/caller, with a reason" },
  ),
  location: Type.Object({
    lat: Type.Number(),
    lon: Type.Number(),
    address: Nullable(Type.String()),
    zoneId: Nullable(Type.String()),
    stationId: Nullable(Type.String()),
    districtId: Nullable(Type.String()),
    areaType: lit(AREA_TYPES),
  }),
  flags: Type.Object({
    valid: Nullable(Type.Boolean()),
    invalidReason: Nullable(lit(INVALID_REASONS)),
    police: Nullable(Type.Boolean()),
    duplicateOf: Nullable(Type.String()),
  }),
  narrative: Nullable(Type.String()),
  disposition: Nullable(
    Type.Object({ code: DispositionCode, nameZh: Type.String(), nameEn: Type.String(), note: Nullable(Type.String()) }),
  ),
  times: Type.Object({
    receivedAt: Instant,
    createdAt: Instant,
    firstDispatchedAt: Nullable(Instant),
    firstOnSceneAt: Nullable(Instant),
    clearedAt: Nullable(Instant),
    closedAt: Nullable(Instant),
    cancelledAt: Nullable(Instant),
    dispatchOverdueAt: Nullable(Instant),
    arrivalOverdueAt: Nullable(Instant),
  }),
  orgPath: Type.String(),
  version: Type.Integer({ minimum: 1, description: "send it back with a PATCH to refuse a stale edit" }),
};

/** One incident (警情), its caller masked. */
export const IncidentView = Type.Object(incidentFields);
export type IncidentView = Static<typeof IncidentView>;

/** An open incident near a point: the call-taker's duplicate hint. */
export const NearbyIncident = Type.Object({
  ...incidentFields,
  distanceM: Type.Integer({ minimum: 0 }),
  similar: Nullable(lit(["same_category", "same_kind"])),
});
export type NearbyIncident = Static<typeof NearbyIncident>;

/** One event of an incident's history, oldest first. */
export const TimelineEntry = Type.Object({
  seq: Type.Integer({ description: "the event's position in the log; commit order" }),
  type: Type.String({ description: "incident.created, incident.status_changed, incident.note_added, …" }),
  stream: Type.String(),
  streamId: Type.String(),
  at: Instant,
  actorId: Nullable(Type.String()),
  orgPath: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "what happened; its fields depend on the event type" }),
  text: Nullable(
    Type.Object(
      { "zh-CN": Type.String(), en: Type.String() },
      {
        description:
          "the line as a sentence (who acted, on whose behalf, the target missed, the disposition and note, the cancel reason); null where the console words the event itself",
      },
    ),
  ),
  derived: Type.Boolean({
    description:
      "true for a line derived when read (a target missed before the sweep noted it), not stored; it carries the seq of the event it explains",
  }),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

/** The unmasked caller (personal data: the read is audited). */
export const CallerView = Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) });
export type CallerView = Static<typeof CallerView>;

/** A note as added to the timeline (trimmed). */
export const NoteView = Type.Object({ incidentId: Type.String(), text: Type.String() });
export type NoteView = Static<typeof NoteView>;
