/**
 * 分流治理: the non-police loop's figures for the reader's area. Headline tiles (each rate with
 * its counts), charts comparing stations and towns, and the tables with the exact numbers.
 * Refetches when the event stream says something changed, at most every 3 s.
 */
import "../governance.css";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, can, errorText } from "../api.ts";
import { CommanderFlags } from "../components/CommanderFlags.tsx";
import { GovernanceCharts } from "../components/GovernanceCharts.tsx";
import type { Kpis } from "../components/GovernanceKpis.tsx";
import { GovernanceTables } from "../components/GovernanceTables.tsx";
import { GovernanceTiles } from "../components/GovernanceTiles.tsx";
import { RANGES, type Range, rangeFrom, useStreamGeneration } from "../figures.ts";
import { timeOfDay } from "../format.ts";
import { useTopic } from "../store.ts";

export default function Governance() {
  const { t } = useTranslation();
  // Org and category names come from the store's reference data.
  useTopic("ref");
  // A follow-up comes an hour or more after the call: a month is the window where these figures mean something.
  const [range, setRange] = useState<Range>("30d");
  const [kpis, setKpis] = useState<Kpis | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const allowed = can("analytics:read");
  // Something changed on the stream: refetch, but at most every 3 s.
  const generation = useStreamGeneration();

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the refetch trigger from the event stream
  useEffect(() => {
    if (!allowed) return;
    let alive = true;
    api<Kpis>("GET", `/governance/kpis?from=${encodeURIComponent(rangeFrom(range).toISOString())}`)
      .then((k) => {
        if (!alive) return;
        setKpis(k);
        setError(null);
        setUpdatedAt(Date.now());
      })
      .catch((e) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [range, generation, allowed]);

  if (!allowed) return <div className="dashboard muted">{t("dash.noPermission")}</div>;
  return (
    <div className="dashboard gov" data-testid="governance-view" data-ready={!!kpis} data-generation={generation}>
      <header>
        <h2>{t("gov.title")}</h2>
        <label className="filter">
          {t("gov.range")}
          <select value={range} onChange={(e) => setRange(e.target.value as Range)} data-testid="gov-range">
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`dash.range.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {kpis && <span className="muted">{t("gov.received", { n: kpis.totals.incidents })}</span>}
        {updatedAt && <span className="muted">{t("gov.updated", { time: timeOfDay(updatedAt) })}</span>}
      </header>
      <CommanderFlags />
      {error !== null && (
        <div className="note error" role="alert" data-testid="gov-error">
          {t("gov.loadFailed", { error: errorText(error, t) })}
        </div>
      )}
      {!kpis && error === null && <div className="muted">{t("common.loading")}</div>}
      {kpis && (
        <>
          <GovernanceTiles totals={kpis.totals} />
          <GovernanceCharts kpis={kpis} />
          <GovernanceTables kpis={kpis} />
        </>
      )}
    </div>
  );
}
