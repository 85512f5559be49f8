/** The dispatch module's views (units, assignments, recommendations, response targets): the server's schemas, under the console's names. */
import type {
  AssignmentView,
  CandidateView,
  DispatchResult,
  RecommendationView,
  TargetTierView,
  UnitRouteView,
  UnitStatusView,
  UnitTypeView,
  UnitView,
} from "../../../src/dispatch/schemas.ts";

export type Unit = UnitView;
export type UnitStatusDef = UnitStatusView;
export type UnitType = UnitTypeView;
export type Assignment = AssignmentView;
export type RecommendedUnit = CandidateView;
export type Recommendation = RecommendationView;
export type TargetTier = TargetTierView;
export type UnitRoute = UnitRouteView;
export type { DispatchResult };
