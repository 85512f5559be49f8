/** The unit board: every unit's status, incident and time in status; a dispatcher sets status on a unit's behalf (logged server-side). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { BASE_TYPES } from "../../../src/dispatch/model.ts";
import { pickName } from "../i18n.ts";
import { ApiError, api, can } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { ageSeconds, BASE_COLOURS, clock, duration, useTick } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import type { Unit } from "./types.ts";

const INCIDENT_STEPS: Record<string, string | undefined> = {
  dispatched: "acknowledged",
  acknowledged: "en_route",
  en_route: "on_scene",
  on_scene: "cleared",
};

export function UnitBoard({ onSelectIncident }: { onSelectIncident: (id: string) => void }) {
  const { t } = useTranslation();
  useTopic("units", "ref", "incidents");
  useTick(1000);
  const [filter, setFilter] = useState("");
  const [base, setBase] = useState<string>("");
  const [message, setMessage] = useState<{ ok?: string; error?: FieldError } | null>(null);
  const q = filter.trim().toLowerCase();
  const units = [...store.units.values()]
    .filter((u) => !base || u.status.baseType === base)
    .filter((u) => !q || u.callsign.toLowerCase().includes(q) || u.nameZh.includes(filter.trim()) || u.nameEn.toLowerCase().includes(q))
    .sort((a, b) => a.callsign.localeCompare(b.callsign));
  const settable = store.statuses.filter((s) => s.baseType !== "committed");
  const allowed = can("unit:status");

  async function setStatus(u: Unit, code: string) {
    setMessage(null);
    try {
      if (u.incidentId && INCIDENT_STEPS[u.status.code] === code) {
        await api("POST", `/incidents/${u.incidentId}/units/${encodeURIComponent(u.id)}/status`, { status: code });
        void store.refreshIncident(u.incidentId);
      } else {
        store.upsertUnit(await api<Unit>("POST", `/units/${encodeURIComponent(u.id)}/status`, { status: code }));
      }
      await store.refreshUnit(u.id);
      const def = store.statuses.find((s) => s.code === code);
      setMessage({ ok: t("units.logged", { callsign: u.callsign, status: def ? pickName(def) : t(`asg.${code}`) }) });
    } catch (e) {
      setMessage({ error: e instanceof ApiError ? { error: e } : { key: "err.network" } });
    }
  }

  return (
    <section className="unit-board" data-testid="unit-board">
      <header>
        <h2>{t("units.title")}</h2>
        <input placeholder={t("units.filter")} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <select value={base} onChange={(e) => setBase(e.target.value)}>
          <option value="">{t("common.all")}</option>
          {BASE_TYPES.map((b) => (
            <option key={b} value={b}>
              {t(`base.${b}`)}
            </option>
          ))}
        </select>
        <span className="muted">{t("units.count", { n: units.length })}</span>
      </header>
      {message?.ok && (
        <div className="note ok" role="status">
          {message.ok}
        </div>
      )}
      {message?.error && <FieldErrorText field="status" error={message.error} />}
      <table>
        <thead>
          <tr>
            <th>{t("units.callsign")}</th>
            <th>{t("units.type")}</th>
            <th>{t("units.station")}</th>
            <th>{t("units.status")}</th>
            <th>{t("units.incident")}</th>
            <th>{t("units.inStatus")}</th>
            <th>{t("units.avl")}</th>
            {allowed && <th>{t("units.action")}</th>}
          </tr>
        </thead>
        <tbody>
          {units.slice(0, 500).map((u) => {
            const inc = u.incidentId ? store.incidents.get(u.incidentId) : null;
            const inStatus = ageSeconds(u.status.since);
            const avlAge = ageSeconds(u.position?.at);
            const next = INCIDENT_STEPS[u.status.code];
            return (
              <tr key={u.id} data-testid="unit-row" data-unit={u.id} data-status={u.status.code} className={`level-${u.status.level}`}>
                <td>
                  <b>{u.callsign}</b>
                </td>
                <td>{pickName(store.unitTypes.find((x) => x.code === u.type)) || u.type}</td>
                <td>{pickName(store.orgById.get(u.stationId)) || u.stationId}</td>
                <td>
                  <i className="dot" style={{ background: BASE_COLOURS[u.status.baseType] }} /> {pickName(u.status)}
                </td>
                <td>
                  {u.incidentId && (
                    <button type="button" className="link" onClick={() => onSelectIncident(u.incidentId!)}>
                      {inc?.number ?? u.incidentId.slice(0, 8)}
                    </button>
                  )}
                </td>
                <td className={`level-${u.status.level}`}>{inStatus !== null ? clock(inStatus) : ""}</td>
                <td className={u.position?.stale || (avlAge ?? 0) > 120 ? "stale-avl" : ""}>
                  {avlAge !== null ? duration(avlAge) : t("map.noAvl")}
                </td>
                {allowed && (
                  <td>
                    <select
                      aria-label={t("units.setStatus")}
                      value=""
                      onChange={(e) => e.target.value && setStatus(u, e.target.value)}
                      data-testid="set-status"
                    >
                      <option value="">{t("units.setStatus")}</option>
                      {next && <option value={next}>{t(`asg.${next}`)}</option>}
                      {!u.incidentId &&
                        settable
                          .filter((s) => s.code !== u.status.code)
                          .map((s) => (
                            <option key={s.code} value={s.code}>
                              {pickName(s)}
                            </option>
                          ))}
                    </select>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
