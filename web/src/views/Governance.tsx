/**
 * 分流治理: the non-police loop's figures for the reader's area. Headline tiles (each rate with
 * its counts), charts comparing stations and towns, and the tables with the exact numbers.
 * Refetches when the event stream says something changed, at most every 3 s.
 */
import "../governance.css";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, can, errorText } from "../api.ts";
import { GovernanceCharts } from "../components/GovernanceCharts.tsx";
import type { Kpis } from "../components/GovernanceKpis.tsx";
import { GovernanceTables } from "../components/GovernanceTables.tsx";
import { GovernanceTiles } from "../components/GovernanceTiles.tsx";
import { timeOfDay } from "../format.ts";
import { store, useTopic } from "../store.ts";

type Range = "today" | "24h" | "7d" | "30d";
const RANGES: Range[] = ["today", "24h", "7d", "30d"];

function rangeFrom(r: Range): Date {
  const now = new Date();
  if (r === "today") return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const hours = r === "24h" ? 24 : r === "7d" ? 24 * 7 : 24 * 30;
  return new Date(now.getTime() - hours * 3600_000);
}

export default function Governance() {
  const { t } = useTranslation();
  // Org and category names come from the store's reference data.
  useTopic("ref");
  // A follow-up comes an hour or more after the call: a month is the window where these figures mean something.
  const [range, setRange] = useState<Range>("30d");
  const [kpis, setKpis] = useState<Kpis | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [generation, setGeneration] = useState(0);
  const allowed = can("analytics:read");

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const off = store.onEvent((e) => {
      if (e.type === "unit.position" || timer) return;
      const wait = Math.max(300, 3000 - (Date.now() - last));
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        setGeneration((g) => g + 1);
      }, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);

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
