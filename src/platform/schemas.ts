/**
 * Schema pieces shared by every module's schemas.ts. Imports typebox only, so the web app can
 * import the types built from them.
 */
import { type TLiteral, type TSchema, type TUnion, Type } from "typebox";

/** A closed set of codes, such as a status list from a module's model.ts. */
export const lit = <const T extends readonly string[]>(xs: T) =>
  Type.Union(xs.map((x) => Type.Literal(x))) as unknown as TUnion<LiteralsOf<T>>;
type LiteralsOf<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> } extends infer L extends TSchema[] ? L : never;
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** An ISO 8601 instant as sent on the wire. */
export const Instant = Type.String({ format: "date-time" });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    field: Type.Optional(Type.String()),
    allowed: Type.Optional(Type.Array(Type.String())),
    /** The title in both languages, so a screen can show the reader's even after a switch. */
    titles: Type.Optional(Type.Object({ "zh-CN": Type.String(), en: Type.String() })),
    instance: Type.Optional(Type.String()),
    /** A validation problem's reason without the field pointer, for a form to put after its own label. */
    reasons: Type.Optional(Type.Object({ "zh-CN": Type.String(), en: Type.String() })),
  },
  { additionalProperties: true, description: "RFC 9457 problem details" },
);

export const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const Fix = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    at: Type.Optional(Type.String({ format: "date-time" })),
    accuracyM: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** The API's own description (GET /openapi.json); its shape is OpenAPI's, checked by the suite. */
export const OpenApiDocument = Type.Object(
  { info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }) },
  { additionalProperties: true },
);

/** GET /healthz: liveness and readiness. */
export const Health = Type.Object({
  status: lit(["ok", "unavailable"]),
  database: lit(["sqlite", "postgres"]),
  travelTimes: Type.Optional(Type.String({ description: "how unit-to-scene times are computed" })),
});
