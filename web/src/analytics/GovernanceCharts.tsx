/**
 * The comparisons, as charts: stations and towns side by side on their rates and their time to
 * close, satisfaction by category, and each town's escalated and re-opened orders. Rates are
 * plotted in percent; a bar with nothing to divide by is left out rather than drawn as 0.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { GovernanceChart } from "./GovernanceChart.tsx";
import { governanceChartOptions } from "./governanceChartOptions.ts";
import type { Kpis } from "./types.ts";

export function GovernanceCharts({ kpis }: { kpis: Kpis }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the language is a recompute trigger (names and legends)
  const o = useMemo(() => governanceChartOptions(kpis, t), [kpis, lang]);

  const noStations = kpis.byStation.length === 0;
  const noTowns = kpis.byTown.length === 0;
  const anyClose = (xs: { medianCloseS: number | null }[]) => xs.some((x) => x.medianCloseS !== null);
  return (
    <div className="charts gov-charts">
      <GovernanceChart caption={t("gov.chart.stationRates")} option={o.stationRates} empty={noStations} testId="gov-chart-station-rates" />
      <GovernanceChart caption={t("gov.chart.townRates")} option={o.townRates} empty={noTowns} testId="gov-chart-town-rates" />
      <GovernanceChart
        caption={t("gov.chart.category")}
        option={o.category}
        empty={kpis.byCategory.every((c) => c.satisfaction.denominator === 0)}
        testId="gov-chart-category"
      />
      <GovernanceChart
        caption={t("gov.chart.stationClose")}
        option={o.stationClose}
        empty={!anyClose(kpis.byStation)}
        testId="gov-chart-station-close"
      />
      <GovernanceChart
        caption={t("gov.chart.townClose")}
        option={o.townClose}
        empty={!anyClose(kpis.byTown)}
        testId="gov-chart-town-close"
      />
      <GovernanceChart caption={t("gov.chart.townOrders")} option={o.townOrders} empty={noTowns} testId="gov-chart-town-orders" />
    </div>
  );
}
