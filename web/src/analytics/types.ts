/** The figure views (the response-time figures of GET /analytics/response, the non-police loop's of GET /governance/kpis), as far as the console reads them. */

/** One group's response times (a district, a station, or all). */
export interface Group {
  key: string;
  incidents: number;
  avgArrivalS: number | null;
  avgTimeToDispatchS: number | null;
  avgCallProcessingS: number | null;
  avgTravelS: number | null;
  p90ArrivalS: number | null;
  withinTarget: {
    dispatch: { measured: number; met: number; share: number | null };
    arrival: { measured: number; met: number; share: number | null };
  };
}

/** GET /analytics/response: the groups asked for, all of them together, and the reference arrival time. */
export interface Figures {
  overall: Group;
  groups: Group[];
  referenceArrivalS: number;
}

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface StationKpis {
  stationId: string | null;
  name: string | null;
  incidents: number;
  invalidShare: Rate;
  nonPoliceShare: Rate;
  diversionRate: Rate;
  satisfaction: Rate;
  medianCloseS: number | null;
}

export interface TownKpis {
  townId: string;
  name: string | null;
  workOrders: number;
  resolutionRate: Rate;
  escalated: number;
  reopened: number;
  satisfaction: Rate;
  medianCloseS: number | null;
}

export interface Kpis {
  from: string;
  to: string;
  totals: Omit<StationKpis, "stationId" | "name"> & { resolutionRate: Rate };
  byStation: StationKpis[];
  byTown: TownKpis[];
  byCategory: { categoryCode: string; satisfaction: Rate }[];
}
