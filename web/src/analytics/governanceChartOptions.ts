/**
 * The governance comparisons as ECharts options: stations and towns on their rates and their time
 * to close, satisfaction by category, each town's escalated and re-opened orders. Rates are in
 * percent; a bar with nothing to divide by is null (left out), never 0.
 */
import type { TFunction } from "i18next";
import { categoryName, orgName, percent } from "./GovernanceKpis.tsx";
import type { Kpis, Rate } from "./types.ts";

const COLOURS = { invalid: "#868e96", nonPolice: "#f08c00", diversion: "#1971c2", resolution: "#2f9e44", satisfaction: "#5f3dc4" };

export function governanceChartOptions(kpis: Kpis, t: TFunction) {
  const none = t("gov.noStation");
  const stations = kpis.byStation.map((s) => orgName(s.stationId, s.name, none));
  const towns = kpis.byTown.map((s) => orgName(s.townId, s.name, none));
  const grid = { left: 10, right: 20, top: 40, bottom: 10, containLabel: true };
  const axis = (names: string[]) => ({ type: "category", data: names, axisLabel: { rotate: names.length > 4 ? 30 : 0, interval: 0 } });
  const pctAxis = { type: "value", max: 100, name: "%" };
  const closeTooltip = {
    trigger: "axis",
    valueFormatter: (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v} ${t("gov.minutes")}`),
  };
  // Each bar carries its value, so a 0% reads as 0% and not as a missing bar.
  const label = (unit: string, position = "top") => ({
    show: true,
    position,
    fontSize: 11,
    formatter: (p: { value: number | null }) => (p.value === null || p.value === undefined ? "" : `${p.value}${unit}`),
  });
  const rateSeries = (name: string, color: string, rates: Rate[], position = "top") => ({
    type: "bar",
    name,
    itemStyle: { color },
    label: label("%", position),
    data: rates.map((r) => ({ value: percent(r), n: r.numerator, d: r.denominator })),
  });
  // The tooltip shows the counts as well, for whoever hovers: "86% (43/50)".
  const rateTooltip = {
    trigger: "axis",
    formatter: (
      ps: { seriesName: string; marker: string; axisValueLabel: string; data: { value: number | null; n: number; d: number } }[],
    ) =>
      [
        ps[0]?.axisValueLabel ?? "",
        ...ps.map((p) => `${p.marker}${p.seriesName}: ${p.data.value === null ? "—" : `${p.data.value}% (${p.data.n}/${p.data.d})`}`),
      ].join("<br/>"),
  };
  const minutes = (s: number | null) => (s === null ? null : Math.round(s / 6) / 10);
  return {
    stationRates: {
      tooltip: rateTooltip,
      legend: { top: 0, type: "scroll" },
      grid,
      xAxis: axis(stations),
      yAxis: pctAxis,
      series: [
        rateSeries(
          t("gov.kpi.invalidShare"),
          COLOURS.invalid,
          kpis.byStation.map((s) => s.invalidShare),
        ),
        rateSeries(
          t("gov.kpi.nonPoliceShare"),
          COLOURS.nonPolice,
          kpis.byStation.map((s) => s.nonPoliceShare),
        ),
        rateSeries(
          t("gov.kpi.diversionRate"),
          COLOURS.diversion,
          kpis.byStation.map((s) => s.diversionRate),
        ),
        rateSeries(
          t("gov.kpi.satisfaction"),
          COLOURS.satisfaction,
          kpis.byStation.map((s) => s.satisfaction),
        ),
      ],
    },
    townRates: {
      tooltip: rateTooltip,
      legend: { top: 0 },
      grid,
      xAxis: axis(towns),
      yAxis: pctAxis,
      series: [
        rateSeries(
          t("gov.kpi.resolutionRate"),
          COLOURS.resolution,
          kpis.byTown.map((s) => s.resolutionRate),
        ),
        rateSeries(
          t("gov.kpi.satisfaction"),
          COLOURS.satisfaction,
          kpis.byTown.map((s) => s.satisfaction),
        ),
      ],
    },
    category: {
      tooltip: rateTooltip,
      grid: { ...grid, top: 20 },
      xAxis: pctAxis,
      yAxis: { type: "category", data: kpis.byCategory.map((c) => categoryName(c.categoryCode)) },
      series: [
        rateSeries(
          t("gov.kpi.satisfaction"),
          COLOURS.satisfaction,
          kpis.byCategory.map((c) => c.satisfaction),
          "right",
        ),
      ],
    },
    stationClose: {
      tooltip: closeTooltip,
      grid: { ...grid, top: 30 },
      xAxis: axis(stations),
      yAxis: { type: "value", name: t("gov.minutes") },
      series: [
        {
          type: "bar",
          name: t("gov.kpi.medianClose"),
          itemStyle: { color: COLOURS.diversion },
          label: label(""),
          data: kpis.byStation.map((s) => minutes(s.medianCloseS)),
        },
      ],
    },
    townClose: {
      tooltip: closeTooltip,
      grid: { ...grid, top: 30 },
      xAxis: axis(towns),
      yAxis: { type: "value", name: t("gov.minutes") },
      series: [
        {
          type: "bar",
          name: t("gov.kpi.medianClose"),
          itemStyle: { color: COLOURS.resolution },
          label: label(""),
          data: kpis.byTown.map((s) => minutes(s.medianCloseS)),
        },
      ],
    },
    townOrders: {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid,
      xAxis: axis(towns),
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { type: "bar", name: t("gov.col.workOrders"), itemStyle: { color: "#adb5bd" }, data: kpis.byTown.map((s) => s.workOrders) },
        { type: "bar", name: t("gov.col.escalated"), itemStyle: { color: "#e03131" }, data: kpis.byTown.map((s) => s.escalated) },
        { type: "bar", name: t("gov.col.reopened"), itemStyle: { color: COLOURS.nonPolice }, data: kpis.byTown.map((s) => s.reopened) },
      ],
    },
  };
}
