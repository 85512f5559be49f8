/** The response-figures contract: one incident's times, and times summarised by area over a range. */
import { type Static, Type } from "typebox";
import { ResponseFiguresView } from "../dispatch/schemas.ts";
import { codeFilter } from "../platform/code-filter.ts";
import { Instant, Nullable } from "../platform/schemas.ts";

export { ResponseFiguresView };

export const FIGURE_GROUPINGS = ["zone", "station", "district", "all"] as const;
export type FigureGrouping = (typeof FIGURE_GROUPINGS)[number];

export const ResponseFiguresQuery = Type.Object(
  {
    groupBy: Type.Optional(codeFilter("grouping", FIGURE_GROUPINGS)),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  },
  { additionalProperties: false },
);

const WithinTarget = Type.Object({
  measured: Type.Integer({ description: "incidents that reached the stage and had a target for it" }),
  met: Type.Integer(),
  share: Nullable(Type.Number({ description: "met / measured; null when nothing was measured" })),
});

/** One group's incidents (a zone, station, district, or everything in scope), averaged. */
export const GroupFiguresView = Type.Object({
  key: Nullable(Type.String({ description: "the zone, station or district id (null: incidents outside any), or `all`" })),
  incidents: Type.Integer(),
  avgCallProcessingS: Nullable(Type.Number()),
  avgTimeToDispatchS: Nullable(Type.Number()),
  avgTravelS: Nullable(Type.Number()),
  avgArrivalS: Nullable(Type.Number()),
  p90ArrivalS: Nullable(Type.Number()),
  withinTarget: Type.Object({ dispatch: WithinTarget, arrival: WithinTarget }),
});
export type GroupFiguresView = Static<typeof GroupFiguresView>;

export const ResponseSummaryView = Type.Object({
  overall: GroupFiguresView,
  groups: Type.Array(GroupFiguresView),
  referenceArrivalS: Type.Number({ description: "the city-wide average arrival the figures are read against" }),
});
export type ResponseSummaryView = Static<typeof ResponseSummaryView>;
