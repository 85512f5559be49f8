/** The triage views (警情研判): an incident's triage flags, the routing decision, duplicates and suggestions, as far as the console reads them. */
import type { Incident } from "../incidents/types.ts";

export interface TriageFlags {
  valid: boolean | null;
  invalidReason: string | null;
  police: boolean | null;
  duplicateOf: string | null;
}

/** The API's incident carries its triage flags; the console's shared type does not list them. */
export type TriagedIncident = Incident & { flags?: TriageFlags };

export interface LabelPatch {
  valid?: boolean;
  invalidReason?: string | null;
  police?: boolean;
  urgent?: boolean;
  categoryCode?: string;
}

export type Candidate = Incident & { distanceM: number; similar: "same_category" | "same_kind" | null };

/** Where the server would route a call, and why. */
export interface RouteDecision {
  target: "police" | "police_fallback" | "town" | "hotline_12345";
  reason: { zh: string; en: string };
  skill: string | null;
  town: { id: string; code: string | null; nameZh: string; nameEn: string } | null;
}

export interface HotlineTransfer {
  id: string;
  reason: string;
}

/** A category the narrative points at, with the classifier's confidence. */
export interface Suggestion {
  code: string;
  confidence: number;
  matched: string[];
  evidence: string[];
}
