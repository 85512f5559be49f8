/**
 * Checkpoint duty (卡点执勤) on the officer's phone: the post the officer staffs, the active watch
 * orders pushed to it (newest first), and a hit or a pass-through reported with one tap and a
 * confirm step. The list follows the stream when its events reach the officer, and is re-read
 * every 15 s regardless: watch orders for an incident outside the officer's area never do.
 */
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../data/keys.ts";
import { invalidate } from "../data/mutations.ts";
import { useApi } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import { ApiError, api, errorText, getSession, newIdempotencyKey } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { haversineMeters, timeOfDay } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { activeWatchOrdersRead, checkpointsRead } from "./queries.ts";
import type { Checkpoint, WatchOrder, WatchReportResult } from "./types.ts";

const POLL_MS = 15_000;
/** A unit sent this close to a checkpoint is taken to be staffing it (as the officer view reads an intercept post). */
const AT_CHECKPOINT_M = 150;

/** What the reader sees under a report: a strings key and its values, so a language switch re-renders it. */
interface Outcome {
  key: string;
  params: Record<string, unknown>;
  warn: boolean;
}

/** Hours and minutes: the report time as a person says it on the radio. */
const hhmm = (iso: string) => timeOfDay(iso).slice(0, 5);
const storageKey = (userId: string) => `lantern.duty.checkpoint.${userId}`;

const forbidden = (e: unknown) => e instanceof ApiError && e.status === 403;

export function CheckpointDuty() {
  const { t } = useTranslation();
  useTopic("units");
  const user = getSession()?.user ?? null;
  const userId = user?.userId ?? "";
  const destination = user?.unitId ? (store.units.get(user.unitId)?.destination ?? null) : null;
  const [chosen, setChosen] = useState(() => (userId ? (localStorage.getItem(storageKey(userId)) ?? "") : ""));
  // The post list and the active orders follow the stream's watch-order events (data/bridge.ts),
  // and are re-read every 15 s regardless: orders for an incident outside the officer's area
  // never reach this officer's stream.
  /** Cleared after the first 403: a role without the checkpoint list is not asked again. */
  const listable = useRef(true);
  const posts = useApi(checkpointsRead(), { enabled: listable.current, freshness: { every: POLL_MS }, giveUpOn: forbidden });
  if (forbidden(posts.error)) listable.current = false;
  /** null while unknown; "forbidden" when this account may not read the checkpoint list. */
  const checkpoints: Checkpoint[] | "forbidden" | null = posts.data ?? (listable.current ? null : "forbidden");
  const active = useApi(activeWatchOrdersRead(), { freshness: { every: POLL_MS } });
  const orders = active.data ?? null;
  const loadError = active.error ?? null;
  const updatedAt = active.dataUpdatedAt || null;

  function choose(id: string) {
    setChosen(id);
    if (!userId) return;
    if (id) localStorage.setItem(storageKey(userId), id);
    else localStorage.removeItem(storageKey(userId));
  }

  const named = Array.isArray(checkpoints) ? checkpoints : [];
  const byId = new Map(named.map((c) => [c.id, c]));
  const nameOf = (id: string) => {
    const c = byId.get(id);
    return c ? pickName(c) : id;
  };
  // A post is offered when it is switched on or has an active order pushed to it; the chosen one stays.
  const ids = new Set<string>(named.filter((c) => c.active).map((c) => c.id));
  for (const o of orders ?? []) for (const id of o.checkpointIds) ids.add(id);
  if (chosen) ids.add(chosen);
  const options = [...ids].sort((a, b) => nameOf(a).localeCompare(nameOf(b), undefined, { numeric: true }));
  const nearby = destination
    ? named.find((c) => haversineMeters(c.lat, c.lon, destination.lat, destination.lon) <= AT_CHECKPOINT_M)
    : undefined;
  const mine = chosen
    ? (orders ?? [])
        .filter((o) => o.status === "active" && o.checkpointIds.includes(chosen))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    : [];

  return (
    <section
      className="assignment-card"
      data-testid="checkpoint-duty"
      data-checkpoint={chosen}
      data-orders={chosen && orders ? mine.length : undefined}
    >
      <h2>{t("duty.title")}</h2>
      {nearby && nearby.id !== chosen && (
        <div className="note info" data-testid="duty-offer" data-checkpoint={nearby.id}>
          {t("duty.offer", { name: pickName(nearby) })}{" "}
          <button type="button" className="primary" onClick={() => choose(nearby.id)} data-testid="duty-offer-take">
            {t("duty.offerTake")}
          </button>
        </div>
      )}
      {options.length === 0 && orders !== null ? (
        <div className="muted" data-testid="duty-no-checkpoints">
          {t("duty.noCheckpoints")}
        </div>
      ) : (
        <label>
          {t("duty.checkpoint")}
          <select
            name="duty-checkpoint"
            value={chosen}
            onChange={(e) => choose(e.target.value)}
            style={{ fontSize: 16, padding: 10 }}
            data-testid="duty-checkpoint"
          >
            <option value="">{t("duty.offDuty")}</option>
            {options.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </label>
      )}
      {checkpoints === "forbidden" && options.length > 0 && <span className="hint">{t("duty.byNumber")}</span>}
      {loadError != null && (
        <div className="note warn" role="alert" data-testid="duty-load-error">
          {t("duty.loadFailed", { error: errorText(loadError, t) })}
        </div>
      )}
      {chosen && (
        <>
          {orders === null && loadError == null && <div className="muted">{t("common.loading")}</div>}
          {orders !== null && mine.length === 0 && (
            <div className="muted" data-testid="duty-none">
              {t("duty.none")}
            </div>
          )}
          <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 10 }}>
            {mine.map((o) => (
              <DutyOrder
                key={o.id}
                order={o}
                checkpointId={chosen}
                where={nameOf(chosen)}
                onReported={() => void invalidate(keys.watchOrders(), keys.checkpoints())}
              />
            ))}
          </ul>
          {updatedAt !== null && <span className="hint">{t("duty.updated", { at: timeOfDay(updatedAt) })}</span>}
        </>
      )}
    </section>
  );
}

function DutyOrder({
  order,
  checkpointId,
  where,
  onReported,
}: {
  order: WatchOrder;
  checkpointId: string;
  where: string;
  onReported: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<"hit" | "pass_through" | null>(null);
  const [stopped, setStopped] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: "note" | "report"; error: FieldError } | null>(null);
  /** The last send got no answer: the report may or may not be stored, and the button says so. */
  const [unanswered, setUnanswered] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  /**
   * The report last sent without an answer, with its key: sending the same report again reuses
   * the key, so a retry after a lost answer is recorded once. A changed report is a new one.
   */
  const pending = useRef<{ body: string; key: string } | null>(null);
  const plate = order.plate ?? t("duty.noPlate");

  function open(k: "hit" | "pass_through") {
    setKind(k);
    setError(null);
  }

  async function send() {
    if (!kind || busy) return;
    const body = {
      checkpointId,
      kind,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(kind === "hit" && stopped ? { stopped: true } : {}),
    };
    const json = JSON.stringify(body);
    if (pending.current?.body !== json) pending.current = { body: json, key: newIdempotencyKey() };
    const key = pending.current.key;
    setBusy(true);
    setError(null);
    try {
      const r = await api<WatchReportResult>("POST", `/watch-orders/${encodeURIComponent(order.id)}/reports`, body, {
        "Idempotency-Key": key,
      });
      pending.current = null;
      setUnanswered(false);
      const at = hhmm(r.report.at);
      if (body.stopped) setOutcome({ key: "duty.reportedStopped", params: { at }, warn: false });
      else if (r.plan || r.report.planId)
        setOutcome({ key: kind === "hit" ? "duty.reportedHit" : "duty.reportedPass", params: { at }, warn: false });
      else if (r.replanError) setOutcome({ key: "duty.reportedNoPlan", params: { at, code: r.replanError.code }, warn: true });
      // A retry answered with the first report, whose re-plan did not run.
      else setOutcome({ key: "duty.reported", params: { at }, warn: true });
      setKind(null);
      setNote("");
      setStopped(false);
      onReported();
    } catch (e) {
      // The server answered, so nothing was stored under the key: a corrected report gets a new one.
      if (e instanceof ApiError) pending.current = null;
      setUnanswered(!(e instanceof ApiError));
      const fe: FieldError = e instanceof ApiError ? { error: e } : { key: "err.network" };
      setError({ field: e instanceof ApiError && e.field === "note" ? "note" : "report", error: fe });
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="assignment-card" data-testid="duty-order" data-order={order.id} data-incident={order.incidentId}>
      <div data-testid="duty-plate" style={{ fontSize: 30, fontWeight: 800, letterSpacing: 1, lineHeight: 1.15 }}>
        {plate}
      </div>
      {order.vehicle && (
        <div className="address" data-testid="duty-vehicle">
          {order.vehicle}
        </div>
      )}
      <div data-testid="duty-description">{order.description}</div>
      <div className="muted">
        {t("duty.issued", { at: hhmm(order.createdAt) })} · {t("duty.expires", { at: hhmm(order.expiresAt) })}
      </div>
      {outcome && (
        <div className={`note ${outcome.warn ? "warn" : "ok"}`} role="status" data-testid="duty-result">
          {t(outcome.key, outcome.params)}
        </div>
      )}
      {kind === null ? (
        <div className="step-buttons">
          <button type="button" className="step next" onClick={() => open("hit")} data-testid="duty-hit">
            {t("duty.hit")}
            <span className="hint" style={{ display: "block", color: "inherit", fontWeight: 400 }}>
              {t("duty.hitHint")}
            </span>
          </button>
          <button type="button" className="step" onClick={() => open("pass_through")} data-testid="duty-pass">
            {t("duty.pass")}
            <span className="hint" style={{ display: "block", color: "inherit", fontWeight: 400 }}>
              {t("duty.passHint")}
            </span>
          </button>
        </div>
      ) : (
        <div data-testid="duty-confirm" data-kind={kind} style={{ display: "flex", flexDirection: "column", gap: 8 }}>
          <div className="note warn" style={{ fontSize: 16, fontWeight: 600 }}>
            {kind === "hit" ? t("duty.confirmHit", { plate, where }) : t("duty.confirmPass", { plate, where })}
          </div>
          {kind === "hit" && (
            <label className="inline-check" style={{ fontSize: 16, color: "var(--ink)", gap: 8 }}>
              <input
                type="checkbox"
                name="stopped"
                checked={stopped}
                onChange={(e) => setStopped(e.target.checked)}
                style={{ width: 22, height: 22 }}
              />
              {t("duty.stopped")}
            </label>
          )}
          <label className="notes">
            {t("duty.note")}
            <textarea name="note" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
            <FieldErrorText field="note" error={error?.field === "note" ? error.error : null} />
          </label>
          <div className="step-buttons">
            <button type="button" className="step next" disabled={busy} onClick={send} data-testid="duty-send">
              {busy ? t("duty.sending") : unanswered ? t("duty.resend") : t("duty.send")}
            </button>
            <button type="button" className="step" disabled={busy} onClick={() => setKind(null)} data-testid="duty-cancel">
              {t("common.cancel")}
            </button>
          </div>
          <FieldErrorText field="report" error={error?.field === "report" ? error.error : null} />
        </div>
      )}
    </li>
  );
}
