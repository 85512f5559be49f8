/**
 * What happened and how urgent: the category, grouped by kind, and the priority. Choosing a
 * category proposes its default priority until the call-taker picks one by hand.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { PRIORITIES } from "../../../src/incidents/model.ts";
import { pickName } from "../i18n.ts";
import { FieldErrorText } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";
import { CALL_FORM_LABELS } from "./callFormFields.ts";
import type { Draft, DraftErrors, DraftUpdate } from "./useCallDraft.ts";

export interface CallFormCategoryProps {
  draft: Draft;
  update: DraftUpdate;
  errors: DraftErrors;
  selectRef: React.RefObject<HTMLSelectElement | null>;
}

export function CallFormCategory({ draft, update, errors, selectRef }: CallFormCategoryProps) {
  const { t } = useTranslation();
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
    <>
      <div className="row">
        <label>
          {t("call.category")}
          <select
            ref={selectRef}
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
          <FieldErrorText field="categoryCode" error={errors.categoryCode} labels={CALL_FORM_LABELS} />
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
        <FieldErrorText field="priority" error={errors.priority} labels={CALL_FORM_LABELS} />
      </fieldset>
    </>
  );
}
