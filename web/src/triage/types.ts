/**
 * The triage views (警情研判): an incident's triage flags, the routing decision, duplicates and
 * suggestions. They are the server's own contract types, so the console cannot drift from what
 * the API sends.
 */
import type {
  DuplicateView,
  RouteDecision as RouteDecisionView,
  RoutedView,
  SuggestionsView,
  TransferView,
  TriageLabels,
} from "../../../src/governance/routing/schemas.ts";
import type { IncidentView, NearbyIncident } from "../../../src/incidents/schemas.ts";
import type { Incident } from "../incidents/types.ts";

export type TriageFlags = IncidentView["flags"];

/**
 * An incident as the console holds it, with the triage flags every incident view carries; they
 * are optional here so the panel reads an incident from any of the console's stores.
 */
export type TriagedIncident = Incident & { flags?: TriageFlags };

/** The body of `POST /triage/incidents/{id}/labels`: each label set on its own. */
export type LabelPatch = TriageLabels;

/** `GET /triage/incidents/{id}/duplicates`: an open incident near this one, with how near and how alike. */
export type Candidate = NearbyIncident;

/** The answer to `POST /triage/incidents/{id}/duplicate-of`: the report, closed, and the incident it joined. */
export type Duplicate = DuplicateView;

/** `GET /triage/incidents/{id}/route`: where the server would route a call, and why. */
export type RouteDecision = RouteDecisionView;

/** The answer to `POST /triage/incidents/{id}/route`: the decision and the work order or transfer it made. */
export type Routed = RoutedView;

/** A 12345 transfer as stored (`POST /triage/incidents/{id}/transfer-12345`). */
export type HotlineTransfer = TransferView;

/** `POST /triage/suggest`: a category the narrative points at, with the classifier's confidence. */
export type Suggestion = SuggestionsView["suggestions"][number];
export type Suggestions = SuggestionsView;
