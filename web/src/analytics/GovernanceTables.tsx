/**
 * The exact numbers behind the charts: by town, by station, by category. Each table exports as
 * CSV with the counts and the percentage in separate columns, so a spreadsheet can recompute them.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { categoryName, closeText, orgName, percent, rateText } from "./GovernanceKpis.tsx";
import type { Kpis, Rate, StationKpis, TownKpis } from "./types.ts";

type Cell = string | number | null;

interface Column<R> {
  head: string;
  show: (r: R) => ReactNode;
  csv: { head: string; value: (r: R) => Cell }[];
}

function rateCol<R>(head: string, get: (r: R) => Rate): Column<R> {
  return {
    head,
    show: (r) => rateText(get(r)),
    csv: [
      { head: `${head} (n)`, value: (r) => get(r).numerator },
      { head: `${head} (N)`, value: (r) => get(r).denominator },
      { head: `${head} %`, value: (r) => percent(get(r)) },
    ],
  };
}

function countCol<R>(head: string, get: (r: R) => number): Column<R> {
  return { head, show: get, csv: [{ head, value: get }] };
}

function closeCol<R>(head: string, get: (r: R) => number | null): Column<R> {
  return {
    head,
    show: (r) => closeText(get(r)),
    csv: [{ head: `${head} (s)`, value: (r) => (get(r) === null ? null : Math.round(get(r) as number)) }],
  };
}

function csvOf<R>(rows: R[], cols: Column<R>[]): string {
  const esc = (v: Cell) => {
    const s = v === null ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const all = cols.flatMap((c) => c.csv);
  return [all.map((c) => esc(c.head)), ...rows.map((r) => all.map((c) => esc(c.value(r))))].map((l) => l.join(",")).join("\r\n");
}

function download(name: string, csv: string): void {
  // The byte-order mark makes spreadsheet programs read the Chinese names as UTF-8.
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Table<R>({
  id,
  title,
  rows,
  cols,
  rowKey,
  fileStem,
}: {
  id: string;
  title: string;
  rows: R[];
  cols: Column<R>[];
  rowKey: (r: R) => string;
  fileStem: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="gov-table" data-testid={`gov-table-${id}`}>
      <header>
        <h3>{title}</h3>
        <button
          type="button"
          className="small"
          disabled={rows.length === 0}
          data-testid={`gov-csv-${id}`}
          onClick={() => download(`${fileStem}.csv`, csvOf(rows, cols))}
        >
          {t("gov.csv")}
        </button>
      </header>
      <table>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c.head}>{c.head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={cols.length} className="muted" data-testid={`gov-${id}-empty`}>
                {t("gov.noData")}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={rowKey(r)} data-testid={`gov-${id}-row`} data-id={rowKey(r)}>
              {cols.map((c) => (
                <td key={c.head}>{c.show(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function GovernanceTables({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const day = kpis.to.slice(0, 10);
  const none = t("gov.noStation");
  const townCols: Column<TownKpis>[] = [
    {
      head: t("gov.col.town"),
      show: (r) => orgName(r.townId, r.name, none),
      csv: [{ head: t("gov.col.town"), value: (r) => orgName(r.townId, r.name, none) }],
    },
    countCol(t("gov.col.workOrders"), (r) => r.workOrders),
    rateCol(t("gov.kpi.resolutionRate"), (r) => r.resolutionRate),
    countCol(t("gov.col.escalated"), (r) => r.escalated),
    countCol(t("gov.col.reopened"), (r) => r.reopened),
    rateCol(t("gov.kpi.satisfaction"), (r) => r.satisfaction),
    closeCol(t("gov.col.medianClose"), (r) => r.medianCloseS),
  ];
  const stationCols: Column<StationKpis>[] = [
    {
      head: t("gov.col.station"),
      show: (r) => orgName(r.stationId, r.name, none),
      csv: [{ head: t("gov.col.station"), value: (r) => orgName(r.stationId, r.name, none) }],
    },
    countCol(t("gov.col.incidents"), (r) => r.incidents),
    rateCol(t("gov.kpi.invalidShare"), (r) => r.invalidShare),
    rateCol(t("gov.kpi.nonPoliceShare"), (r) => r.nonPoliceShare),
    rateCol(t("gov.kpi.diversionRate"), (r) => r.diversionRate),
    rateCol(t("gov.kpi.satisfaction"), (r) => r.satisfaction),
    closeCol(t("gov.col.medianClose"), (r) => r.medianCloseS),
  ];
  const categoryCols: Column<Kpis["byCategory"][number]>[] = [
    {
      head: t("gov.col.category"),
      show: (r) => categoryName(r.categoryCode),
      csv: [{ head: t("gov.col.category"), value: (r) => categoryName(r.categoryCode) }],
    },
    rateCol(t("gov.kpi.satisfaction"), (r) => r.satisfaction),
  ];
  return (
    <div className="gov-tables">
      <Table
        id="towns"
        title={t("gov.table.towns")}
        rows={kpis.byTown}
        cols={townCols}
        rowKey={(r) => r.townId}
        fileStem={`governance-towns-${day}`}
      />
      <Table
        id="stations"
        title={t("gov.table.stations")}
        rows={kpis.byStation}
        cols={stationCols}
        rowKey={(r) => r.stationId ?? "none"}
        fileStem={`governance-stations-${day}`}
      />
      <Table
        id="categories"
        title={t("gov.table.categories")}
        rows={kpis.byCategory}
        cols={categoryCols}
        rowKey={(r) => r.categoryCode}
        fileStem={`governance-categories-${day}`}
      />
    </div>
  );
}
