/**
 * 分流治理: the non-police loop's figures for the reader's area. Headline tiles (each rate with
 * its counts), charts comparing stations and towns, and the tables with the exact numbers.
 * Refetches when the event stream says something changed, at most every 3 s.
 */
import "../governance/governance.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../data/query.ts";
import { CommanderFlags } from "../governance/followups/CommanderFlags.tsx";
import { can, errorText } from "../platform/api.ts";
import { timeOfDay } from "../platform/format.ts";
import { useTopic } from "../platform/store.ts";
import { RANGES, type Range } from "./figures.ts";
import { GovernanceCharts } from "./GovernanceCharts.tsx";
import { GovernanceTables } from "./GovernanceTables.tsx";
import { GovernanceTiles } from "./GovernanceTiles.tsx";
import { governanceKpisRead } from "./queries.ts";

export default function Governance() {
  const { t } = useTranslation();
  // Org and category names come from the store's reference data.
  useTopic("ref");
  // A follow-up comes an hour or more after the call: a month is the window where these figures mean something.
  const [range, setRange] = useState<Range>("30d");
  const allowed = can("analytics:read");
  // The stream says when something changed; the figures are refetched at most every 3 s (data/bridge.ts).
  const answer = useApi(allowed ? governanceKpisRead(range) : null, { keepPrevious: true });
  const kpis = answer.data ?? null;
  const error = answer.error ?? null;
  const updatedAt = answer.dataUpdatedAt || null;

  if (!allowed) return <div className="dashboard muted">{t("dash.noPermission")}</div>;
  return (
    <div className="dashboard gov" data-testid="governance-view" data-ready={!!kpis} data-updated={answer.dataUpdatedAt}>
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
