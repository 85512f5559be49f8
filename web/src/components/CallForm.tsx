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
import { ApiError, api, newIdempotencyKey } from "../api.ts";
import { duration, haversineMeters } from "../format.ts";
import { pickName } from "../i18n.ts";
import { store, useTopic } from "../store.ts";
import type { Address, Incident, Priority } from "../types.ts";
import { CHANNELS, PRIORITIES } from "../types.ts";
import { type FieldError, FieldErrorText, fieldOf } from "./errors.tsx";

const DRAFT_KEY = "lantern.callDraft";

export interface Draft {
  channel: string;
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

type NearbyIncident = Incident & { distanceM?: number; similar?: "same_category" | "same_kind" | null };
type NearbyHit = { id: string; number: string; category: string; meters: number; ageS: number };

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
  const [suggestions, setSuggestions] = useState<Address[]>([]);
  const [active, setActive] = useState(0);
  const [gazetteer, setGazetteer] = useState<"ok" | "offline">("ok");
  const [searched, setSearched] = useState(false);
  const [nearby, setNearby] = useState<NearbyHit[]>([]);
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

  // Type-ahead against the gazetteer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: searches when the typed text changes, not when the selection object does
  useEffect(() => {
    const q = draft.addressText.trim();
    if (!q || draft.address?.text === draft.addressText) {
      setSuggestions([]);
      setSearched(false);
      return;
    }
    const timer = setTimeout(async () => {
      try {
        const hits = await api<Address[]>("GET", `/addresses?q=${encodeURIComponent(q)}&limit=10`);
        // Anything but a list (an older server answering with its web page) means no gazetteer.
        if (!Array.isArray(hits)) throw new ApiError(404, {});
        setSuggestions(hits);
        setActive(0);
        setGazetteer("ok");
        setSearched(true);
      } catch (e) {
        if (e instanceof ApiError && e.status !== 404 && e.status !== 501) return;
        setGazetteer("offline");
        setSuggestions([]);
      }
    }, 150);
    return () => clearTimeout(timer);
  }, [draft.addressText]);

  // Duplicate hint: open incidents near the location with a similar category.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checks duplicates when the location or category changes by value
  useEffect(() => {
    if (!location || !draft.categoryCode) {
      setNearby([]);
      return;
    }
    let cancelled = false;
    const kind = draft.categoryCode.split(".")[0];
    const local = (): NearbyHit[] =>
      store
        .openIncidents()
        .map((i) => ({ i, m: haversineMeters(location.lat, location.lon, i.location.lat, i.location.lon) }))
        .filter(({ i, m }) => m <= 500 && (i.category.code === draft.categoryCode || i.category.code.split(".")[0] === kind))
        .sort((a, b) => a.m - b.m)
        .slice(0, 5)
        .map(({ i, m }) => ({
          id: i.id,
          number: i.number,
          category: pickName(i.category),
          meters: m,
          ageS: (Date.now() - Date.parse(i.times.receivedAt)) / 1000,
        }));
    const timer = setTimeout(async () => {
      try {
        const res = await api<NearbyIncident[] | { incidents: NearbyIncident[] }>(
          "GET",
          `/incidents/nearby?lat=${location.lat}&lon=${location.lon}&radiusM=500&categoryCode=${encodeURIComponent(draft.categoryCode)}`,
        );
        const list = Array.isArray(res) ? res : res?.incidents;
        if (!Array.isArray(list)) throw new Error("no nearby endpoint");
        if (cancelled) return;
        setNearby(
          list
            .filter((i) => i.similar !== null)
            .slice(0, 5)
            .map((i) => ({
              id: i.id,
              number: i.number,
              category: pickName(i.category),
              meters: i.distanceM ?? haversineMeters(location.lat, location.lon, i.location.lat, i.location.lon),
              ageS: (Date.now() - Date.parse(i.times.receivedAt)) / 1000,
            })),
        );
      } catch {
        if (!cancelled) setNearby(local());
      }
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [location?.lat, location?.lon, draft.categoryCode]);

  function pickAddress(a: Address) {
    update({ address: a, addressText: a.text, pin: null });
    setSuggestions([]);
    categoryRef.current?.focus();
  }

  function onAddressKey(e: React.KeyboardEvent) {
    if (!suggestions.length) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => (a - 1 + suggestions.length) % suggestions.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      pickAddress(suggestions[active]);
    } else if (e.key === "Escape") setSuggestions([]);
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
      const body = {
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
          <select name="channel" value={draft.channel} onChange={(e) => update({ channel: e.target.value })}>
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
                aria-selected={idx === active}
                className={idx === active ? "active" : ""}
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
          {gazetteer === "ok" && searched && !suggestions.length && !draft.address && draft.addressText && (
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
