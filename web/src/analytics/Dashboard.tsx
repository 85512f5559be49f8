/**
 * The dashboard (ECharts): average arrival against the 4-minute reference, the share within each
 * target tier, the response-time breakdown, incidents by hour and by category, and units by
 * status. Filterable by district and time range; it refetches when the event stream says
 * something changed, at most every 3 s.
 */
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
// The server's list (a file with no imports, so it bundles as is), so "open" means what the API means.
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import { useApi } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { can } from "../platform/api.ts";
import { BASE_COLOURS, timeOfDay } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { Chart } from "./Chart.tsx";
import type { Range } from "./figures.ts";
import { rangeIncidentsRead, responseFiguresRead } from "./queries.ts";
import type { Group } from "./types.ts";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const NO_INCIDENTS: Incident[] = [];

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  useTopic("ref", "units");
  const [district, setDistrict] = useState("");
  const [range, setRange] = useState<Range>("today");
  const allowed = can("analytics:read");
  // The stream says when something changed; the figures are refetched at most every 3 s (data/bridge.ts).
  const main = useApi(allowed ? responseFiguresRead(district ? "station" : "district", range) : null, { keepPrevious: true });
  const byDistrict = useApi(allowed && district ? responseFiguresRead("district", range) : null, { keepPrevious: true });
  const listed = useApi(allowed && can("incident:read") ? rangeIncidentsRead(range) : null, { keepPrevious: true });
  const figures = main.data ?? null;
  const districtFigures = district ? (byDistrict.data ?? null) : null;
  const incidents = listed.data ?? NO_INCIDENTS;
  const updatedAt = main.dataUpdatedAt || null;

  const districts = store.orgs.filter((o) => o.kind === "district");
  const nameOf = (key: string) => (key === "all" ? t("common.all") : pickName(store.orgById.get(key)) || key);
  const groups = useMemo(() => {
    if (!figures) return [];
    // The group of incidents outside any district or station (key null) has no name to chart.
    const gs = figures.groups.filter((g): g is Group & { key: string } => g.key !== null);
    if (!district) return gs;
    return gs.filter((g) => store.orgById.get(g.key)?.parentId === district);
  }, [figures, district]);
  const overall: Group | null = district ? (districtFigures?.groups.find((g) => g.key === district) ?? null) : (figures?.overall ?? null);
  const scopedIncidents = district ? incidents.filter((i) => i.location.districtId === district) : incidents;
  const units = [...store.units.values()].filter((u) => !district || u.orgPath.includes(`/${district}/`));
  const reference = figures?.referenceArrivalS ?? 240;
  const lang = i18n.language;

  // biome-ignore lint/correctness/useExhaustiveDependencies: store versions and the language are the recompute triggers
  const options = useMemo(() => {
    const names = groups.map((g) => nameOf(g.key));
    const min = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
    const pct = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);
    const byHour = new Array(24).fill(0);
    const byCat = new Map<string, number>();
    for (const i of scopedIncidents) {
      byHour[new Date(i.times.receivedAt).getHours()]++;
      const n = pickName(i.category);
      byCat.set(n, (byCat.get(n) ?? 0) + 1);
    }
    const cats = [...byCat.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .reverse();
    const byStatus = new Map<string, { n: number; base: keyof typeof BASE_COLOURS }>();
    for (const u of units) {
      const n = pickName(u.status);
      byStatus.set(n, { n: (byStatus.get(n)?.n ?? 0) + 1, base: u.status.baseType });
    }
    const grid = { left: 50, right: 20, top: 40, bottom: 50, containLabel: true };
    return {
      arrival: {
        tooltip: { trigger: "axis" },
        grid,
        xAxis: { type: "category", data: names, axisLabel: { rotate: names.length > 4 ? 30 : 0 } },
        // Always tall enough to show the reference line, even when every arrival beats it.
        yAxis: { type: "value", name: t("dash.minutes"), max: (v: { max: number }) => Math.ceil(Math.max(v.max, (reference / 60) * 1.25)) },
        series: [
          {
            type: "bar",
            name: t("dash.kpi.avgArrival"),
            data: groups.map((g) => ({
              value: min(g.avgArrivalS),
              itemStyle: { color: g.avgArrivalS !== null && g.avgArrivalS > reference ? "#e03131" : "#2f9e44" },
            })),
            markLine: {
              symbol: "none",
              lineStyle: { color: "#c92a2a", type: "dashed" },
              label: { formatter: t("dash.reference") },
              data: [{ yAxis: reference / 60 }],
            },
          },
        ],
      },
      within: {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid,
        xAxis: { type: "category", data: names, axisLabel: { rotate: names.length > 4 ? 30 : 0 } },
        yAxis: { type: "value", max: 100, name: "%" },
        series: [
          {
            type: "bar",
            name: t("dash.withinDispatch"),
            data: groups.map((g) => pct(g.withinTarget.dispatch.share)),
            itemStyle: { color: "#1971c2" },
          },
          {
            type: "bar",
            name: t("dash.withinArrival"),
            data: groups.map((g) => pct(g.withinTarget.arrival.share)),
            itemStyle: { color: "#f08c00" },
          },
        ],
      },
      distribution: {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid,
        xAxis: { type: "category", data: names, axisLabel: { rotate: names.length > 4 ? 30 : 0 } },
        yAxis: { type: "value", name: t("dash.seconds") },
        series: [
          { type: "bar", stack: "t", name: t("dash.callProcessing"), data: groups.map((g) => round(g.avgCallProcessingS)) },
          {
            type: "bar",
            stack: "t",
            name: t("dash.dispatch"),
            data: groups.map((g) =>
              g.avgTimeToDispatchS === null ? null : round(Math.max(0, g.avgTimeToDispatchS - (g.avgCallProcessingS ?? 0))),
            ),
          },
          { type: "bar", stack: "t", name: t("dash.travel"), data: groups.map((g) => round(g.avgTravelS)) },
        ],
      },
      byHour: {
        tooltip: { trigger: "axis" },
        grid,
        xAxis: { type: "category", data: byHour.map((_, h) => `${h}`) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: byHour, itemStyle: { color: "#5f3dc4" } }],
      },
      byCategory: {
        tooltip: { trigger: "axis" },
        grid: { ...grid, left: 10 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: cats.map(([n]) => n) },
        series: [{ type: "bar", data: cats.map(([, n]) => n), itemStyle: { color: "#1c7ed6" } }],
      },
      units: {
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [
          {
            type: "pie",
            radius: ["35%", "65%"],
            data: [...byStatus.entries()].map(([name, { n, base }]) => ({ name, value: n, itemStyle: { color: BASE_COLOURS[base] } })),
            label: { formatter: "{b}: {c}" },
          },
        ],
      },
    };
  }, [groups, scopedIncidents, units.length, store.version("units"), lang, reference]);

  if (!allowed) return <div className="dashboard muted">{t("dash.noPermission")}</div>;
  const openCount = scopedIncidents.filter((i) => OPEN_STATUSES.includes(i.status)).length;
  const fmtMin = (s: number | null | undefined) => (s === null || s === undefined ? "—" : `${(s / 60).toFixed(1)}`);
  const fmtPct = (s: number | null | undefined) => (s === null || s === undefined ? "—" : `${Math.round(s * 100)}%`);

  return (
    <div className="dashboard" data-testid="dashboard" data-updated={main.dataUpdatedAt}>
      <header>
        <h2>{t("dash.title")}</h2>
        <label className="filter">
          {t("dash.district")}
          <select value={district} onChange={(e) => setDistrict(e.target.value)} data-testid="dash-district">
            <option value="">{t("common.all")}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {pickName(d)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          {t("dash.range")}
          <select value={range} onChange={(e) => setRange(e.target.value as Range)} data-testid="dash-range">
            {(["today", "24h", "7d", "30d"] as Range[]).map((r) => (
              <option key={r} value={r}>
                {t(`dash.range.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {updatedAt && <span className="muted">{t("dash.updated", { time: timeOfDay(updatedAt) })}</span>}
      </header>
      <div className="kpis">
        <Kpi id="incidents" label={t("dash.kpi.incidents")} value={String(overall?.incidents ?? scopedIncidents.length)} />
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
      <div className="charts">
        <figure>
          <figcaption>{t("dash.avgArrival")}</figcaption>
          <Chart option={options.arrival} testId="chart-arrival" />
        </figure>
        <figure>
          <figcaption>{t("dash.within")}</figcaption>
          <Chart option={options.within} testId="chart-within" />
        </figure>
        <figure>
          <figcaption>{t("dash.distribution")}</figcaption>
          <Chart option={options.distribution} testId="chart-distribution" />
        </figure>
        <figure>
          <figcaption>{t("dash.byHour")}</figcaption>
          <Chart option={options.byHour} testId="chart-hour" />
        </figure>
        <figure>
          <figcaption>{t("dash.byCategory")}</figcaption>
          <Chart option={options.byCategory} testId="chart-category" />
        </figure>
        <figure>
          <figcaption>{t("dash.unitsByStatus")}</figcaption>
          <Chart option={options.units} testId="chart-units" />
        </figure>
      </div>
    </div>
  );
}

function round(s: number | null): number | null {
  return s === null ? null : Math.round(s);
}

function Kpi({ id, label, value, bad }: { id: string; label: string; value: string; bad?: boolean }) {
  return (
    <div className={`kpi ${bad ? "bad" : ""}`} data-testid={`kpi-${id}`}>
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}
