/**
 * One ECharts chart on canvas, resized with its box. Callers register the chart types and
 * components they draw with (echarts.use), so each view bundles only what it needs.
 */
import type * as echarts from "echarts/core";
import { init } from "echarts/core";
import { useEffect, useRef } from "react";

export function Chart({ option, testId }: { option: echarts.EChartsCoreOption; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = init(el.current, undefined, { renderer: "canvas" });
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
  return <div ref={el} className="chart" data-testid={testId} />;
}
