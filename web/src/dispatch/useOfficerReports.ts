/**
 * What the officer reports on the assignment: each status step (with the last fix, when fresh)
 * and the notes. The notes are kept in localStorage per incident until sent, so a reload on the
 * road does not lose them.
 */
import { useEffect, useState } from "react";
import { keys } from "../data/keys.ts";
import { invalidate } from "../data/mutations.ts";
import { ApiError, api } from "../platform/api.ts";
import type { FieldError } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";

export interface OfficerReportsOf {
  unitId: string | null;
  incidentId: string | null;
  /** The incident's number, for the note after the unit cleared. */
  incidentNumber: string | undefined;
  /** The last position the browser gave. */
  lastFix: { lat: number; lon: number; at: number } | null;
}

export function useOfficerReports({ unitId, incidentId, incidentNumber, lastFix }: OfficerReportsOf) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [lastCleared, setLastCleared] = useState<string | null>(null);

  const notesKey = incidentId ? `lantern.notes.${incidentId}` : null;
  const [notes, setNotes] = useState("");
  useEffect(() => setNotes(notesKey ? (localStorage.getItem(notesKey) ?? "") : ""), [notesKey]);

  function editNotes(text: string) {
    setNotes(text);
    if (notesKey) localStorage.setItem(notesKey, text);
  }

  async function step(status: string) {
    if (!unitId || !incidentId || busy) return;
    setBusy(true);
    setError(null);
    try {
      const fix = lastFix && Date.now() - lastFix.at < 60_000 ? { lat: lastFix.lat, lon: lastFix.lon } : undefined;
      await api("POST", `/incidents/${incidentId}/units/${encodeURIComponent(unitId)}/status`, { status, ...(fix ? { fix } : {}) });
      if (status === "cleared") setLastCleared(incidentNumber ?? incidentId);
      await Promise.all([store.refreshUnit(unitId), store.refreshIncident(incidentId), invalidate(keys.assignments(incidentId))]);
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setBusy(false);
    }
  }

  async function sendNotes() {
    if (!incidentId) return;
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/incidents/${incidentId}/notes`, { text: notes });
      setNotes("");
      if (notesKey) localStorage.removeItem(notesKey);
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, lastCleared, step, notes, editNotes, sendNotes };
}
