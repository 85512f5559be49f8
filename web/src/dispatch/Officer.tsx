/**
 * The officer terminal (phone-sized PWA): the current assignment with map and route, four big
 * status buttons, notes, and AVL from the browser's geolocation when the officer allows it.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import { assignmentsRead, useIncident } from "../incidents/queries.ts";
import { CheckpointDuty } from "../intercept/CheckpointDuty.tsx";
import { MapView } from "../map/MapView.tsx";
import { ApiError, api, getSession } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { duration, haversineMeters } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { OfficerNotes } from "./OfficerNotes.tsx";
import { OfficerSteps } from "./OfficerSteps.tsx";
import { unitRouteRead, useUnit } from "./queries.ts";
import type { Assignment } from "./types.ts";
import { useOfficerReports } from "./useOfficerReports.ts";

/** A destination this far from the scene is a post the unit was sent to (an intercept point). */
const INTERCEPT_POST_M = 150;

export function Officer() {
  const { t } = useTranslation();
  useTopic("units", "incidents", "ref");
  const unitId = getSession()?.user.unitId ?? null;
  const unit = useUnit(unitId);
  const incidentId = unit?.incidentId ?? null;
  const geo = useGeolocation(unitId);

  // A new assignment buzzes the phone, where the device allows it.
  const previousIncident = useRef<string | null>(null);
  useEffect(() => {
    if (incidentId && incidentId !== previousIncident.current) navigator.vibrate?.([300, 150, 300]);
    previousIncident.current = incidentId;
  }, [incidentId]);

  // The assignment follows the unit's incident, and every event about it (data/bridge.ts).
  const { incident } = useIncident(incidentId);
  const mine = (list: Assignment[]) => list.filter((a) => a.unitId === unitId && a.status !== "cancelled").at(-1) ?? null;
  const assignment = useApi(incidentId && unitId ? assignmentsRead(incidentId) : null, { select: mine }).data ?? null;
  // The route changes when the unit's status or destination does.
  const stage = `${incidentId}|${unit?.status.code}|${unit?.destination?.lat},${unit?.destination?.lon}`;
  const routeAnswer = useApi(unitId && incidentId ? unitRouteRead(unitId, stage) : null);
  const route = routeAnswer.isError ? null : (routeAnswer.data ?? null);

  const reports = useOfficerReports({ unitId, incidentId, incidentNumber: incident?.number, lastFix: geo.last });

  if (!unitId)
    return (
      <div className="officer">
        <div className="note warn">{t("officer.noUnit")}</div>
      </div>
    );
  const current = assignment?.status ?? "dispatched";
  const dest = unit?.destination;
  const post =
    dest && incident && haversineMeters(dest.lat, dest.lon, incident.location.lat, incident.location.lon) > INTERCEPT_POST_M ? dest : null;

  return (
    <div className="officer" data-testid="officer-view">
      <div className="officer-unit">
        <b>{t("officer.unit", { callsign: unit?.callsign ?? unitId })}</b>{" "}
        {unit && (
          <span className={`status base-${unit.status.baseType}`} data-testid="officer-unit-status">
            {pickName(unit.status)}
          </span>
        )}
      </div>
      {incident && incidentId ? (
        <div className="assignment-card" data-testid="officer-assignment" data-incident={incident.id} data-status={current}>
          <h2>
            <span className={`prio-badge prio-${incident.priority}`}>{t(`priority.${incident.priority}`)}</span>{" "}
            {pickName(incident.category)}
          </h2>
          <div className="muted">{incident.number}</div>
          <div className="address">
            {incident.location.address ?? `${incident.location.lat.toFixed(5)}, ${incident.location.lon.toFixed(5)}`}
          </div>
          {incident.narrative && <p>{incident.narrative}</p>}
          {post && (
            // Sent to an intercept point or a cordon post, not to the scene: say so before anything else.
            <div className="note warn" data-testid="officer-intercept-point">
              {t("officer.interceptPoint", { lat: post.lat.toFixed(5), lon: post.lon.toFixed(5) })}
            </div>
          )}
          {route && (
            <div className="route-summary">{t("officer.route", { km: (route.meters / 1000).toFixed(1), t: duration(route.seconds) })}</div>
          )}
          <MapView className="officer-map" focusUnitId={unitId} />
          <OfficerSteps current={current} busy={reports.busy} onStep={reports.step} />
          <FieldErrorText field="status" error={reports.error} />
          <OfficerNotes
            notes={reports.notes}
            onChange={reports.editNotes}
            busy={reports.busy}
            onSend={reports.sendNotes}
            error={reports.error}
          />
        </div>
      ) : (
        <div className="no-assignment" data-testid="officer-idle">
          {reports.lastCleared && (
            <div className="note ok" data-testid="officer-done">
              {t("officer.done")}
            </div>
          )}
          <p>{t("officer.none")}</p>
          <MyStatus unitId={unitId} />
        </div>
      )}
      <CheckpointDuty />
      <div className="geo">
        {geo.state === "unsupported" ? (
          <span className="muted">{t("officer.geoUnsupported")}</span>
        ) : (
          <label>
            <input type="checkbox" checked={geo.on} onChange={(e) => geo.setOn(e.target.checked)} /> {t("officer.geo")}
          </label>
        )}
        {geo.state === "denied" && <span className="badge warn">{t("officer.geoDenied")}</span>}
        {geo.on && geo.last && <span className="muted"> {t("officer.geoOn", { t: duration((Date.now() - geo.last.at) / 1000) })}</span>}
      </div>
    </div>
  );
}

function MyStatus({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<FieldError | null>(null);
  const unit = store.units.get(unitId);
  const options = store.statuses.filter((s) => s.baseType !== "committed");
  return (
    <label className="my-status">
      {t("officer.myStatus")}
      <select
        value={unit?.status.code ?? ""}
        onChange={async (e) => {
          setError(null);
          try {
            await api("POST", `/units/${encodeURIComponent(unitId)}/status`, { status: e.target.value });
            await store.refreshUnit(unitId);
          } catch (err) {
            setError(err instanceof ApiError ? { error: err } : { key: "err.network" });
          }
        }}
      >
        {unit && !options.some((o) => o.code === unit.status.code) && <option value={unit.status.code}>{pickName(unit.status)}</option>}
        {options.map((s) => (
          <option key={s.code} value={s.code}>
            {pickName(s)}
          </option>
        ))}
      </select>
      <FieldErrorText field="status" error={error} />
    </label>
  );
}

/** Browser geolocation → AVL reports, at most one every 5 s, only while the officer allows it. */
function useGeolocation(unitId: string | null) {
  const [on, setOn] = useState(localStorage.getItem("lantern.geo") === "on");
  const [state, setState] = useState<"idle" | "watching" | "denied" | "unsupported">(
    typeof navigator !== "undefined" && "geolocation" in navigator ? "idle" : "unsupported",
  );
  const [last, setLast] = useState<{ lat: number; lon: number; at: number } | null>(null);
  const sentAt = useRef(0);
  useEffect(() => {
    localStorage.setItem("lantern.geo", on ? "on" : "off");
    if (!on || !unitId || !("geolocation" in navigator)) return;
    const id = navigator.geolocation.watchPosition(
      (p) => {
        const fix = { lat: p.coords.latitude, lon: p.coords.longitude, at: Date.now() };
        setLast(fix);
        setState("watching");
        if (Date.now() - sentAt.current < 5000) return;
        sentAt.current = Date.now();
        void api("POST", `/units/${encodeURIComponent(unitId)}/position`, {
          lat: fix.lat,
          lon: fix.lon,
          at: new Date(p.timestamp).toISOString(),
          ...(Number.isFinite(p.coords.accuracy) ? { accuracyM: Math.round(p.coords.accuracy) } : {}),
        }).catch(() => {});
      },
      (err) => setState(err.code === err.PERMISSION_DENIED ? "denied" : "idle"),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 20_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [on, unitId]);
  return { on, setOn, state, last };
}
