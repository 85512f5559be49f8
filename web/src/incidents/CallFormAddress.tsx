/**
 * Where the call is: the gazetteer's type-ahead of validated standard addresses, and the map pin
 * that overrides it. A wrong address is the worst dispatch failure, so the state line always shows
 * which one will be used.
 */
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "../addresses/types.ts";
import { useApi, useSettled } from "../data/query.ts";
import { ApiError } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { CALL_FORM_LABELS } from "./callFormFields.ts";
import { addressesRead } from "./queries.ts";
import type { Draft, DraftUpdate } from "./useCallDraft.ts";

export interface CallFormAddressProps {
  draft: Draft;
  update: DraftUpdate;
  error: FieldError | undefined;
  inputRef: React.RefObject<HTMLInputElement | null>;
  onPick: (a: Address) => void;
  pinning: boolean;
  onPinningChange: (on: boolean) => void;
}

export function CallFormAddress({ draft, update, error, inputRef, onPick, pinning, onPinningChange }: CallFormAddressProps) {
  const { t } = useTranslation();
  const { searching, answered, gazetteer, suggestions, activeIndex, setActive, dismiss } = useAddressSearch(draft);

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
      onPick(suggestions[activeIndex]);
    } else if (e.key === "Escape") dismiss();
  }

  return (
    <div className="address-box">
      <label>
        {t("call.address")}
        <input
          ref={inputRef}
          name="address"
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-autocomplete="list"
          autoComplete="off"
          placeholder={t("call.addressPlaceholder")}
          value={draft.addressText}
          onChange={(e) => update({ addressText: e.target.value, address: null })}
          onKeyDown={onAddressKey}
          aria-invalid={!!error}
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
                onPick(a);
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
        <button type="button" className={`small ${pinning ? "active" : ""}`} onClick={() => onPinningChange(!pinning)}>
          {pinning ? t("call.pinActive") : t("call.pin")}
        </button>
      </div>
      <FieldErrorText field="location" error={error} labels={CALL_FORM_LABELS} />
    </div>
  );
}

/**
 * Type-ahead against the gazetteer, once the typing settles; the list shown stays up while the
 * next one loads.
 */
function useAddressSearch(draft: Draft) {
  /** The highlighted suggestion, on the answer it was moved on: new suggestions start at the top. */
  const [active, setActiveOn] = useState({ answeredAt: 0, index: 0 });
  /** The answer whose suggestions Esc put away; the next answer shows again. */
  const [dismissed, setDismissed] = useState<number | null>(null);
  /** What the gazetteer last said: "offline" stays up until it answers again. */
  const gazetteerSaid = useRef<"ok" | "offline">("ok");

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
  const dismiss = () => setDismissed(search.dataUpdatedAt);
  return { searching, answered, gazetteer, suggestions, activeIndex, setActive, dismiss };
}
