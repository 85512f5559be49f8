/**
 * The Open311 GeoReport v2 contract, as the spec names its fields (snake_case). The JSON answers
 * are declared here; the same data in XML (`.xml`) is written by xml.ts and not checked against
 * these. Errors are Open311 error lists with the spec's codes, never problem+json.
 */
import { type Static, Type } from "typebox";
import { Instant, lit, Nullable } from "../../platform/schemas.ts";

export const FORMATS = ["json", "xml"] as const;
export type Format = (typeof FORMATS)[number];
const FormatParam = lit(FORMATS);

/** The languages names, notes and error descriptions are given in. */
export type Locale = "zh-CN" | "en";

export const ATTRIBUTE_DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;

// ---- requests ---------------------------------------------------------------------------------

const jurisdiction = { jurisdiction_id: Type.Optional(Type.String({ maxLength: 200 })) };
/** Reads may carry the client's api_key: required when the operator says so (OPEN311_READ_API_KEY). */
const readKey = { api_key: Type.Optional(Type.String({ maxLength: 200 })) };

export const FormatParams = Type.Object({ format: FormatParam });
export const ServiceParams = Type.Object({ serviceCode: Type.String({ minLength: 1, maxLength: 64 }), format: FormatParam });
export const RequestParams = Type.Object({ serviceRequestId: Type.String({ minLength: 1, maxLength: 64 }), format: FormatParam });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }), format: FormatParam });

export const JurisdictionQuery = Type.Object(jurisdiction);
export const ReadQuery = Type.Object({ ...jurisdiction, ...readKey });

export const RequestsQuery = Type.Object({
  ...jurisdiction,
  ...readKey,
  service_request_id: Type.Optional(Type.String({ maxLength: 4000 })),
  service_code: Type.Optional(Type.String({ maxLength: 1000 })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
});
export type RequestsQuery = Static<typeof RequestsQuery>;

/** The spec lets a client send its api_key in the query as well as in the form; the form's wins. */
export const CreateQuery = Type.Object({ api_key: Type.Optional(Type.Unknown({ description: "used when the form has none" })) });

/**
 * The posted request: a form (application/x-www-form-urlencoded, parsed by the plugin) or a JSON
 * object. Its fields are checked by the service, which names the spec's field in its error.
 */
export const CreateBody = Type.Object({}, { additionalProperties: true, description: "the spec's create-request fields" });

// ---- answers ----------------------------------------------------------------------------------

export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Nullable(Type.String()),
  metadata: Type.Boolean({ description: "true when the service has attributes (GET services/{code})" }),
  type: Type.Literal("realtime"),
  keywords: Nullable(Type.String()),
  group: Nullable(Type.String()),
});
export type Open311Service = Static<typeof Open311Service>;

export const Open311Attribute = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: lit(ATTRIBUTE_DATATYPES),
  required: Type.Boolean(),
  datatype_description: Nullable(Type.String()),
  order: Type.Integer(),
  description: Type.String(),
  values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
});
export type Open311Attribute = Static<typeof Open311Attribute>;

export const ServiceDefinition = Type.Object({ service_code: Type.String(), attributes: Type.Array(Open311Attribute) });
export type ServiceDefinition = Static<typeof ServiceDefinition>;

/** What a created request answers; account_id only when the client sent one. */
export const PostResult = Type.Object({
  service_request_id: Type.String(),
  token: Type.String(),
  service_notice: Nullable(Type.String()),
  account_id: Type.Optional(Type.String()),
});
export type PostResult = Static<typeof PostResult>;

/** A request as anyone may read it: the spec's public fields only. */
export const Open311Request = Type.Object({
  service_request_id: Type.String(),
  status: lit(["open", "closed"]),
  status_notes: Nullable(Type.String()),
  service_name: Nullable(Type.String()),
  service_code: Type.String(),
  description: Nullable(Type.String({ description: "filtered, or withheld, as the operator says (OPEN311_PUBLIC_DESCRIPTION)" })),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Instant,
  updated_datetime: Instant,
  expected_datetime: Nullable(Instant),
  address: Nullable(Type.String()),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Nullable(Type.String()),
});
export type Open311Request = Static<typeof Open311Request>;

export const TokenView = Type.Object({ service_request_id: Type.String(), token: Type.String() });
export type TokenView = Static<typeof TokenView>;

/** Open311's error list, with the spec's HTTP codes. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
export type Open311Errors = Static<typeof Open311Errors>;

export const open311Errors = { 400: Open311Errors, 403: Open311Errors, 404: Open311Errors };
