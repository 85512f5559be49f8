/** The incidents module's views: the server's schemas, under the names the console uses. */
import type {
  CallerView,
  CategoryView,
  DispositionView,
  IncidentView,
  NearbyIncident as NearbyIncidentView,
  TimelineEntry,
} from "../../../src/incidents/schemas.ts";

export type { Channel, IncidentStatus, Priority } from "../../../src/incidents/model.ts";

export type Category = CategoryView;
export type Incident = IncidentView;
/** An open incident near a point, with its distance: the call form's duplicate hint. */
export type NearbyIncident = NearbyIncidentView;
export type Disposition = DispositionView;
/** The unmasked caller, read with a reason. */
export type Caller = CallerView;
export type { TimelineEntry };
