/** The dashboard's headline tiles: incidents, open ones, average arrival, and the shares within target. */
import { useTranslation } from "react-i18next";
// The server's list (a file with no imports, so it bundles as is), so "open" means what the API means.
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import type { Incident } from "../incidents/types.ts";
import type { Group } from "./types.ts";

export function DashboardKpis({
  overall,
  incidents,
  reference,
}: {
  /** The figures for the whole scope, once read. */
  overall: Group | null;
  /** The incidents in scope, for the counts the figures do not carry. */
  incidents: Incident[];
  /** The reference arrival time, in seconds. */
  reference: number;
}) {
  const { t } = useTranslation();
  const openCount = incidents.filter((i) => OPEN_STATUSES.includes(i.status)).length;
  const fmtMin = (s: number | null | undefined) => (s === null || s === undefined ? "—" : `${(s / 60).toFixed(1)}`);
  const fmtPct = (s: number | null | undefined) => (s === null || s === undefined ? "—" : `${Math.round(s * 100)}%`);
  return (
    <div className="kpis">
      <Kpi id="incidents" label={t("dash.kpi.incidents")} value={String(overall?.incidents ?? incidents.length)} />
      <Kpi id="open" label={t("dash.kpi.open")} value={String(openCount)} />
      <Kpi
        id="avg-arrival"
        label={t("dash.kpi.avgArrival")}
        value={`${fmtMin(overall?.avgArrivalS)} ${t("dash.minutes")}`}
        bad={!!overall?.avgArrivalS && overall.avgArrivalS > reference}
      />
      <Kpi id="dispatch-share" label={t("dash.kpi.dispatchShare")} value={fmtPct(overall?.withinTarget.dispatch.share)} />
      <Kpi id="arrival-share" label={t("dash.kpi.arrivalShare")} value={fmtPct(overall?.withinTarget.arrival.share)} />
    </div>
  );
}

function Kpi({ id, label, value, bad }: { id: string; label: string; value: string; bad?: boolean }) {
  return (
    <div className={`kpi ${bad ? "bad" : ""}`} data-testid={`kpi-${id}`}>
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}
