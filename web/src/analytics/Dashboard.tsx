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
import { useApi } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { can } from "../platform/api.ts";
import { store, useTopic } from "../platform/store.ts";
import { Chart } from "./Chart.tsx";
import { DashboardHeader } from "./DashboardHeader.tsx";
import { DashboardKpis } from "./DashboardKpis.tsx";
import { dashboardCharts, type NamedGroup } from "./dashboardCharts.ts";
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
    const gs = figures.groups.filter((g): g is NamedGroup => g.key !== null);
    if (!district) return gs;
    return gs.filter((g) => store.orgById.get(g.key)?.parentId === district);
  }, [figures, district]);
  const overall: Group | null = district ? (districtFigures?.groups.find((g) => g.key === district) ?? null) : (figures?.overall ?? null);
  const scopedIncidents = district ? incidents.filter((i) => i.location.districtId === district) : incidents;
  const units = [...store.units.values()].filter((u) => !district || u.orgPath.includes(`/${district}/`));
  const reference = figures?.referenceArrivalS ?? 240;
  const lang = i18n.language;

  // biome-ignore lint/correctness/useExhaustiveDependencies: store versions and the language are the recompute triggers
  const options = useMemo(
    () => dashboardCharts({ groups, incidents: scopedIncidents, units, reference, nameOf, t }),
    [groups, scopedIncidents, units.length, store.version("units"), lang, reference],
  );

  if (!allowed) return <div className="dashboard muted">{t("dash.noPermission")}</div>;

  return (
    <div className="dashboard" data-testid="dashboard" data-updated={main.dataUpdatedAt}>
      <DashboardHeader
        districts={districts}
        district={district}
        onDistrict={setDistrict}
        range={range}
        onRange={setRange}
        updatedAt={updatedAt}
      />
      <DashboardKpis overall={overall} incidents={scopedIncidents} reference={reference} />
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
