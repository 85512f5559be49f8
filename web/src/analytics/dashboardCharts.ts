/**
 * The dashboard's six charts as ECharts options: average arrival against the reference, the share
 * within each target tier, the response-time breakdown, incidents by hour and by category, and
 * units by status. Pure, so the dashboard decides when to recompute.
 */
import type { TFunction } from "i18next";
import type { Unit } from "../dispatch/types.ts";
import { pickName } from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { BASE_COLOURS } from "../platform/format.ts";
import { statusSlices } from "./statusSlices.ts";
import type { Group } from "./types.ts";

/** A group the charts can name: the one outside any district or station (key null) is left out. */
export type NamedGroup = Group & { key: string };

export function dashboardCharts({
  groups,
  incidents,
  units,
  reference,
  nameOf,
  t,
}: {
  groups: NamedGroup[];
  incidents: Incident[];
  units: Unit[];
  /** The reference arrival time, in seconds. */
  reference: number;
  nameOf: (key: string) => string;
  t: TFunction;
}) {
  const names = groups.map((g) => nameOf(g.key));
  const min = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
  const pct = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);
  const byHour = new Array(24).fill(0);
  const byCat = new Map<string, number>();
  for (const i of incidents) {
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
      xAxis: { type: "category", data: names, axisLabel: everyName(names.length) },
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
            // Inside the plot, above the line: at the line's end it ran past the chart's edge.
            label: { formatter: t("dash.reference"), position: "insideEndTop" },
            // Drawn at once: a line that grows from the axis carries its label across the axis numbers.
            animation: false,
            data: [{ yAxis: reference / 60 }],
          },
        },
      ],
    },
    within: {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid,
      xAxis: { type: "category", data: names, axisLabel: everyName(names.length) },
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
      xAxis: { type: "category", data: names, axisLabel: everyName(names.length) },
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
      // Every category named (ECharts drops labels it thinks crowded); a long name is cut, its tooltip whole.
      yAxis: { type: "category", data: cats.map(([n]) => n), axisLabel: { interval: 0, width: 120, overflow: "truncate" } },
      series: [{ type: "bar", data: cats.map(([, n]) => n), itemStyle: { color: "#1c7ed6" } }],
    },
    units: {
      tooltip: { trigger: "item" },
      legend: { bottom: 0, type: "scroll" },
      series: [
        {
          type: "pie",
          radius: ["35%", "65%"],
          data: statusSlices(byStatus, BASE_COLOURS),
          label: { formatter: "{b}: {c}" },
        },
      ],
    },
  };
}

/** Category axis labels: all of them, turned when there are many, wrapped rather than dropped. */
function everyName(count: number) {
  return { interval: 0, rotate: count > 4 ? 30 : 0, width: 110, overflow: "break" as const };
}

function round(s: number | null): number | null {
  return s === null ? null : Math.round(s);
}
