/**
 * The non-police loop's figures (GET /governance/kpis): invalid and non-police shares, diversion,
 * resolution at town level, satisfaction and time to close, by station, town and category.
 * The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { Instant, Nullable } from "../platform/schemas.ts";

export const KpiQuery = Type.Object({ from: Type.Optional(Instant), to: Type.Optional(Instant) }, { additionalProperties: false });
export type KpiQuery = Static<typeof KpiQuery>;

/** A share with what it was computed from, so a reader can tell 0 of 0 from 0 of 50. */
export const Rate = Type.Object({
  numerator: Type.Integer({ minimum: 0 }),
  denominator: Type.Integer({ minimum: 0 }),
  value: Nullable(Type.Number({ description: "numerator / denominator; null when there is nothing to divide by" })),
});
export type Rate = Static<typeof Rate>;

const MedianCloseS = Nullable(Type.Number({ description: "median seconds from arrival to close; null when none closed" }));

const incidentFigures = {
  incidents: Type.Integer({ minimum: 0 }),
  invalidShare: Rate,
  nonPoliceShare: Rate,
  /** Of the non-police incidents, the share diverted to a town centre or to 12345. */
  diversionRate: Rate,
  satisfaction: Rate,
  medianCloseS: MedianCloseS,
};

export const StationKpis = Type.Object({
  stationId: Nullable(Type.String({ description: "null for incidents outside any station's area" })),
  name: Nullable(Type.String()),
  ...incidentFigures,
});
export type StationKpis = Static<typeof StationKpis>;

export const TownKpis = Type.Object({
  townId: Type.String(),
  name: Nullable(Type.String()),
  workOrders: Type.Integer({ minimum: 0 }),
  resolutionRate: Rate,
  escalated: Type.Integer({ minimum: 0 }),
  reopened: Type.Integer({ minimum: 0 }),
  satisfaction: Rate,
  medianCloseS: MedianCloseS,
});
export type TownKpis = Static<typeof TownKpis>;

export const KpiView = Type.Object({
  from: Instant,
  to: Instant,
  totals: Type.Object({ ...incidentFigures, resolutionRate: Rate }),
  byStation: Type.Array(StationKpis),
  byTown: Type.Array(TownKpis),
  byCategory: Type.Array(Type.Object({ categoryCode: Type.String(), satisfaction: Rate })),
});
export type KpiView = Static<typeof KpiView>;
