/**
 * What a triage action did. Its own file because the panel shows it and the sections that act
 * (duplicates, routing, closing as invalid) report it: none of them owns it.
 */

/** What a triage action did, said once the incident has left the call-taker's hands. */
export interface TriageOutcome {
  key: string;
  params?: Record<string, unknown>;
  /** The incident this one now belongs to (a duplicate's original). */
  open?: { id: string; number: string };
}
