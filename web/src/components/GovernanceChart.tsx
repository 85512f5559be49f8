/**
 * One ECharts bar chart, drawn the way the police dashboard draws its charts (tree-shaken core,
 * canvas, resized with its box). With nothing to plot it says so instead of drawing empty axes.
 */
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

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
      {empty ? <div className="chart gov-empty">{t("gov.noData")}</div> : <Canvas option={option} />}
    </figure>
  );
}

function Canvas({ option }: { option: echarts.EChartsCoreOption }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current, undefined, { renderer: "canvas" });
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={el} className="chart" />;
}
