/** Schema pieces shared by routes. */
import { Type } from "typebox";

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    field: Type.Optional(Type.String()),
    allowed: Type.Optional(Type.Array(Type.String())),
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

/** Responses are documented loosely (any object) so that adding a field never breaks a client. */
export const AnyObject = Type.Object({}, { additionalProperties: true });
export const AnyArray = Type.Array(AnyObject);
