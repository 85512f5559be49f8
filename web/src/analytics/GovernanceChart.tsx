/**
 * One ECharts bar chart, drawn the way the police dashboard draws its charts (tree-shaken core,
 * canvas, resized with its box). With nothing to plot it says so instead of drawing empty axes.
 */
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import { Chart } from "./Chart.tsx";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function GovernanceChart({
  caption,
  option,
  empty,
  testId,
}: {
  caption: string;
  option: echarts.EChartsCoreOption;
  empty: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <figure data-testid={testId} data-empty={empty}>
      <figcaption>{caption}</figcaption>
      {empty ? <div className="chart gov-empty">{t("gov.noData")}</div> : <Chart option={option} />}
    </figure>
  );
}
