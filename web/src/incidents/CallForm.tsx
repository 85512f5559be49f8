/**
 * The call-taker form (接警登记), keyboard first. The address comes from the gazetteer's
 * type-ahead of validated standard addresses; the map pin overrides it (a wrong address is the
 * worst dispatch failure, so the form always shows which one will be used). Every keystroke is
 * kept in localStorage, so an expired session or a crash never loses a half-typed call, and the
 * Idempotency-Key lives with the draft so a retry never makes a duplicate. Logout removes it with
 * everything else personal the console stored (api.ts `signOut`).
 */
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CHANNELS, PRIORITIES } from "../../../src/incidents/model.ts";
import type { NewIncidentBody } from "../../../src/incidents/schemas.ts";
import type { Address } from "../addresses/types.ts";
import { useApi, useSettled } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import { ApiError, api, newIdempotencyKey } from "../platform/api.ts";
import { type FieldError, FieldErrorText, fieldOf } from "../platform/errors.tsx";
import { duration } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { addressesRead, type NearbyHit, nearbyHintRead } from "./queries.ts";
import type { Channel, Incident, Priority } from "./types.ts";

const DRAFT_KEY = "lantern.callDraft";

export interface Draft {
  channel: Channel;
  phone: string;
  name: string;
  addressText: string;
  address: Address | null;
  pin: { lat: number; lon: number } | null;
  categoryCode: string;
  priority: Priority | "";
  priorityTouched: boolean;
  narrative: string;
  idempotencyKey: string;
}

const emptyDraft = (): Draft => ({
  channel: "call_110",
  phone: "",
  name: "",
  addressText: "",
  address: null,
  pin: null,
  categoryCode: "",
  priority: "",
  priorityTouched: false,
  narrative: "",
  idempotencyKey: newIdempotencyKey(),
});

function loadDraft(): { draft: Draft; restored: boolean } {
  try {
    const d = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? "null") as Draft | null;
    if (d && typeof d === "object" && d.idempotencyKey) return { draft: { ...emptyDraft(), ...d }, restored: isDirty(d) };
  } catch {}
  return { draft: emptyDraft(), restored: false };
}

function isDirty(d: Draft): boolean {
  return !!(d.phone || d.name || d.addressText || d.pin || d.categoryCode || d.narrative);
}

export interface CallFormHandle {
  focus(): void;
  setPin(lat: number, lon: number): void;
}

export interface CallFormProps {
  onCreated: (i: Incident) => void;
  onSelectIncident: (id: string) => void;
  pinning: boolean;
  onPinningChange: (on: boolean) => void;
  onLocationChange: (loc: { lat: number; lon: number } | null) => void;
}

export const CallForm = forwardRef<CallFormHandle, CallFormProps>(function CallForm(props, ref) {
  const { t } = useTranslation();
  useTopic("ref");
  const initial = useMemo(loadDraft, []);
  const [draft, setDraft] = useState<Draft>(initial.draft);
  const [restored, setRestored] = useState(initial.restored);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [general, setGeneral] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  /** The highlighted suggestion, on the answer it was moved on: new suggestions start at the top. */
  const [active, setActiveOn] = useState({ answeredAt: 0, index: 0 });
  /** The answer whose suggestions Esc put away; the next answer shows again. */
  const [dismissed, setDismissed] = useState<number | null>(null);
  /** What the gazetteer last said: "offline" stays up until it answers again. */
  const gazetteerSaid = useRef<"ok" | "offline">("ok");
  const addressRef = useRef<HTMLInputElement>(null);
  const categoryRef = useRef<HTMLSelectElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  useImperativeHandle(ref, () => ({
    focus: () => phoneRef.current?.focus(),
    setPin: (lat, lon) => update({ pin: { lat, lon } }),
  }));

  function update(patch: Partial<Draft>) {
    setDraft((d) => {
      const next = { ...d, ...patch };
      localStorage.setItem(DRAFT_KEY, JSON.stringify(next));
      return next;
    });
    setCreated(null);
    const cleared = Object.keys(patch).map((k) => (k === "pin" || k === "address" || k === "addressText" ? "location" : k));
    if (cleared.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
  }

  const location = draft.pin ?? (draft.address ? { lat: draft.address.lat, lon: draft.address.lon } : null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reports the location by value; the callback identity changes every render
  useEffect(() => props.onLocationChange(location), [location?.lat, location?.lon]);

  // Type-ahead against the gazetteer, once the typing settles; the list shown stays up while the
  // next one loads.
  const typed = draft.addressText.trim();
  const searching = !!typed && draft.address?.text !== draft.addressText;
  const query = useSettled(searching ? typed : "", 150);
  const search = useApi(query ? addressesRead(query) : null, { keepPrevious: true });
  const answered = search.isSuccess && !search.isPlaceholderData;
  if (answered) gazetteerSaid.current = "ok";
  // A missing gazetteer (404, 501) or no network: the typed text is the address. Other failures
  // (a server error) leave what it last said standing.
  else if (search.isError && !(search.error instanceof ApiError && search.error.status !== 404 && search.error.status !== 501))
    gazetteerSaid.current = "offline";
  const gazetteer = gazetteerSaid.current;
  const suggestions: Address[] = searching && gazetteer === "ok" && dismissed !== search.dataUpdatedAt ? (search.data ?? []) : [];
  const activeIndex = active.answeredAt === search.dataUpdatedAt ? active.index : 0;
  const setActive = (index: number) => setActiveOn({ answeredAt: search.dataUpdatedAt, index });

  // Duplicate hint: open incidents near the location with a similar category, once both settle.
  const near = location && draft.categoryCode ? JSON.stringify([location.lat, location.lon, draft.categoryCode]) : "";
  const settledNear = useSettled(near, 200);
  const nearbyAnswer = useApi(settledNear ? nearbyHintRead(...(JSON.parse(settledNear) as [number, number, string])) : null, {
    keepPrevious: true,
  });
  const nearby: NearbyHit[] = near ? (nearbyAnswer.data ?? []) : [];

  function pickAddress(a: Address) {
    update({ address: a, addressText: a.text, pin: null });
    categoryRef.current?.focus();
  }

  function onAddressKey(e: React.KeyboardEvent) {
    if (!suggestions.length) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((activeIndex + 1) % suggestions.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((activeIndex - 1 + suggestions.length) % suggestions.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      pickAddress(suggestions[activeIndex]);
    } else if (e.key === "Escape") setDismissed(search.dataUpdatedAt);
  }

  function validate(): Record<string, FieldError> {
    const errs: Record<string, FieldError> = {};
    const label = (k: string) => t(`field.${k}`);
    if (!location) errs.location = { key: "val.location" };
    if (!draft.categoryCode) errs.categoryCode = { key: "val.required", params: { field: label("categoryCode") } };
    if (draft.phone && !/^[0-9+\-() ]*$/.test(draft.phone))
      errs["caller.phone"] = { key: "val.phone", params: { field: label("caller.phone") } };
    return errs;
  }

  async function submit() {
    if (busy) return;
    const errs = validate();
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const body: NewIncidentBody = {
        channel: draft.channel,
        categoryCode: draft.categoryCode,
        ...(draft.priority ? { priority: draft.priority } : {}),
        caller: draft.phone || draft.name ? { phone: draft.phone || null, name: draft.name || null } : undefined,
        location: { lat: location!.lat, lon: location!.lon, address: draft.addressText.trim() || null },
        narrative: draft.narrative.trim() || null,
      };
      const inc = await api<Incident>("POST", "/incidents", body, { "Idempotency-Key": draft.idempotencyKey });
      store.upsertIncident(inc);
      const fresh = emptyDraft();
      fresh.channel = draft.channel;
      localStorage.removeItem(DRAFT_KEY);
      setDraft(fresh);
      setRestored(false);
      setCreated(inc.number);
      props.onPinningChange(false);
      props.onCreated(inc);
    } catch (e) {
      const f = e instanceof ApiError ? fieldOf(e.field) : null;
      if (e instanceof ApiError && f) setErrors({ [f]: { error: e } });
      else setGeneral(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    localStorage.removeItem(DRAFT_KEY);
    setDraft(emptyDraft());
    setErrors({});
    setGeneral(null);
    setRestored(false);
    props.onPinningChange(false);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: category groups follow the reference data and the language
  const groups = useMemo(() => {
    const g = new Map<string, { label: string; items: typeof store.categories }>();
    for (const c of store.categories) {
      const label = pickName({ nameZh: c.kindZh, nameEn: c.kindEn });
      if (!g.has(c.kind)) g.set(c.kind, { label, items: [] });
      g.get(c.kind)!.items.push(c);
    }
    return [...g.values()];
  }, [store.categories, t]);

  return (
    <form
      className="call-form"
      data-testid="call-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        } else if (e.altKey && (e.key === "a" || e.key === "A")) {
          e.preventDefault();
          addressRef.current?.focus();
        } else if (e.altKey && (e.key === "c" || e.key === "C")) {
          e.preventDefault();
          categoryRef.current?.focus();
        }
      }}
    >
      <h2>{t("call.title")}</h2>
      {restored && <div className="note info">{t("call.draftRestored")}</div>}
      {created && (
        <div className="note ok" role="status">
          {t("call.created", { number: created })}
        </div>
      )}
      <div className="row">
        <label>
          {t("call.phone")}
          <input
            ref={phoneRef}
            name="phone"
            inputMode="tel"
            autoComplete="off"
            value={draft.phone}
            onChange={(e) => update({ phone: e.target.value })}
            aria-invalid={!!errors["caller.phone"]}
          />
          <FieldErrorText field="caller.phone" error={errors["caller.phone"]} />
        </label>
        <label>
          {t("call.name")}
          <input name="callerName" autoComplete="off" value={draft.name} onChange={(e) => update({ name: e.target.value })} />
          <FieldErrorText field="caller.name" error={errors["caller.name"]} />
        </label>
        <label className="narrow">
          {t("call.channel")}
          <select
            name="channel"
            value={draft.channel}
            onChange={(e) => update({ channel: CHANNELS.find((c) => c === e.target.value) ?? draft.channel })}
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="address-box">
        <label>
          {t("call.address")}
          <input
            ref={addressRef}
            name="address"
            role="combobox"
            aria-expanded={suggestions.length > 0}
            aria-autocomplete="list"
            autoComplete="off"
            placeholder={t("call.addressPlaceholder")}
            value={draft.addressText}
            onChange={(e) => update({ addressText: e.target.value, address: null })}
            onKeyDown={onAddressKey}
            aria-invalid={!!errors.location}
          />
        </label>
        {suggestions.length > 0 && (
          <div className="suggestions" role="listbox" data-testid="address-suggestions">
            {suggestions.map((a, idx) => (
              <div
                key={a.id}
                role="option"
                tabIndex={-1}
                aria-selected={idx === activeIndex}
                className={idx === activeIndex ? "active" : ""}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pickAddress(a);
                }}
              >
                {a.text}
              </div>
            ))}
          </div>
        )}
        <div className="address-state">
          {draft.address && !draft.pin && <span className="badge ok">{t("call.validated")}</span>}
          {draft.pin && (
            <span className="badge pin">
              {t("call.pinnedAt", { lat: draft.pin.lat.toFixed(5), lon: draft.pin.lon.toFixed(5) })}
              {draft.address ? ` · ${t("call.pinOverride")}` : ""}
            </span>
          )}
          {gazetteer === "offline" && <span className="badge warn">{t("call.addressOffline")}</span>}
          {gazetteer === "ok" && answered && searching && !suggestions.length && !draft.address && draft.addressText && (
            <span className="badge warn">{t("call.addressNone")}</span>
          )}
          <button type="button" className={`small ${props.pinning ? "active" : ""}`} onClick={() => props.onPinningChange(!props.pinning)}>
            {props.pinning ? t("call.pinActive") : t("call.pin")}
          </button>
        </div>
        <FieldErrorText field="location" error={errors.location} />
      </div>
      <div className="row">
        <label>
          {t("call.category")}
          <select
            ref={categoryRef}
            name="category"
            value={draft.categoryCode}
            aria-invalid={!!errors.categoryCode}
            onChange={(e) => {
              const c = store.categories.find((x) => x.code === e.target.value);
              update({ categoryCode: e.target.value, ...(c && !draft.priorityTouched ? { priority: c.defaultPriority } : {}) });
            }}
          >
            <option value="">{t("call.categoryPick")}</option>
            {groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.items.map((c) => (
                  <option key={c.code} value={c.code}>
                    {pickName(c)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldErrorText field="categoryCode" error={errors.categoryCode} />
        </label>
      </div>
      <fieldset className="priority-picker">
        <legend>{t("call.priority")}</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className={`prio prio-${p} ${draft.priority === p ? "checked" : ""}`}>
            <input
              type="radio"
              name="priority"
              value={p}
              checked={draft.priority === p}
              onChange={() => update({ priority: p, priorityTouched: true })}
            />
            {t(`priority.${p}`)}
          </label>
        ))}
        <FieldErrorText field="priority" error={errors.priority} />
      </fieldset>
      <label>
        {t("call.narrative")}
        <textarea name="narrative" rows={2} value={draft.narrative} onChange={(e) => update({ narrative: e.target.value })} />
        <FieldErrorText field="narrative" error={errors.narrative} />
      </label>
      {nearby.length > 0 && (
        <div className="dup-hint" data-testid="duplicate-hint">
          <b>{t("call.dupTitle")}</b>
          <ul>
            {nearby.map((n) => (
              <li key={n.id}>
                <button type="button" className="link" onClick={() => props.onSelectIncident(n.id)}>
                  {t("call.dupItem", { number: n.number, category: n.category, m: Math.round(n.meters), ago: duration(n.ageS) })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {general && <FieldErrorText field="form" error={general} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="create-incident">
          {busy ? t("call.submitting") : t("call.submit")}
        </button>
        <button type="button" onClick={reset}>
          {t("call.reset")}
        </button>
      </div>
      <div className="hint">{t("call.keys")}</div>
    </form>
  );
});
