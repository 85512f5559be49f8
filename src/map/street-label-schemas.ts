/** The base map's street names: anchor points the console writes names at, and their credit. */
import { type Static, Type } from "typebox";
import { Nullable } from "../platform/schemas.ts";

export const StreetLabelsLayer = Type.Object({
  attribution: Nullable(Type.String({ description: "The credit the names' source requires, shown with the map" })),
  labels: Type.Array(
    Type.Object({
      zh: Type.String(),
      en: Type.String(),
      lat: Type.Number(),
      lon: Type.Number(),
      angle: Type.Number({ description: "Screen degrees clockwise from east, −90…90, so the name reads upright" }),
    }),
  ),
});
export type StreetLabelsLayer = Static<typeof StreetLabelsLayer>;
