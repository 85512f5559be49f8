/** The offline base map's contract: the road layer as GeoJSON. */
import { type Static, Type } from "typebox";
import { lit } from "../platform/schemas.ts";

export const ROAD_CLASSES = ["motorway", "primary", "secondary", "tertiary", "residential"] as const;

export const RoadsLayer = Type.Object({
  type: Type.Literal("FeatureCollection"),
  features: Type.Array(
    Type.Object({
      type: Type.Literal("Feature"),
      geometry: Type.Object({
        type: Type.Literal("LineString"),
        coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: "[lon, lat] pairs" }),
      }),
      properties: Type.Object({ cls: lit(ROAD_CLASSES) }),
    }),
  ),
});
export type RoadsLayer = Static<typeof RoadsLayer>;
