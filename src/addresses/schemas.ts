/** The address gazetteer's contract: what a type-ahead search is sent and answers. */
import { type Static, Type } from "typebox";
import { Nullable } from "../platform/schemas.ts";

export const AddressQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,2}$" })) },
  { additionalProperties: false },
);

/** One standard address (标准地址). */
export const AddressView = Type.Object({
  id: Type.String(),
  text: Type.String(),
  street: Nullable(Type.String()),
  houseNumber: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  zoneId: Nullable(Type.String()),
});
export type AddressView = Static<typeof AddressView>;
