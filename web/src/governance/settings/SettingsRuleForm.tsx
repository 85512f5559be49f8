/**
 * Adds a routing rule, or edits a configured one. A rule is named by its category pattern and
 * area (the server keeps one rule per pair), so editing changes only where it goes, the skill
 * and the note: moving a rule would be a new rule plus a delete, two requests that could half
 * succeed. One PUT per save; the server's refusal is shown next to the field it names.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../../i18n.ts";
import type { Category } from "../../incidents/types.ts";
import type { Org } from "../../org/types.ts";
import { api } from "../../platform/api.ts";
import { errorForForm, type FieldError, FieldErrorText } from "../../platform/errors.tsx";
import type { Named } from "../../platform/types.ts";
import type { SkillName } from "../work-orders/types.ts";
import { areaName, kindsOf, patternName, policeAreas, RULE_TARGETS, type RuleTarget, targetName } from "./SettingsNames.tsx";
import type { Rule, SavedRule } from "./types.ts";

type Field = "categoryCode" | "areaPath" | "target" | "skill" | "note" | "form";
const FIELDS: Field[] = ["categoryCode", "areaPath", "target", "skill", "note"];

export interface RuleDraft {
  mode: "add" | "edit";
  categoryCode: string;
  areaPath: string;
  target: RuleTarget;
  skill: string | null;
  note: string | null;
}

export const EMPTY_DRAFT: RuleDraft = { mode: "add", categoryCode: "", areaPath: "", target: "town", skill: null, note: null };

/** The form's category options: the wildcards, then each kind's categories. */
export function CategoryOptions({ categories, wildcards }: { categories: Category[]; wildcards: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {wildcards && (
        <optgroup label={t("set.form.wildcards")}>
          <option value="*">{`${t("set.pattern.all")} (*)`}</option>
          {kindsOf(categories).map((k) => (
            <option key={k.kind} value={`${k.kind}.*`}>
              {`${patternName(`${k.kind}.*`, categories, t)} (${k.kind}.*)`}
            </option>
          ))}
        </optgroup>
      )}
      {kindsOf(categories).map((k) => (
        <optgroup key={k.kind} label={pickName({ nameZh: k.kindZh, nameEn: k.kindEn })}>
          {categories
            .filter((c) => c.kind === k.kind)
            .map((c) => (
              <option key={c.code} value={c.code}>
                {`${pickName(c)} (${c.code})`}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
}

/** The police areas, district by district; zones indented under their station. */
export function AreaOptions({ orgs }: { orgs: Org[] }) {
  return (
    <>
      {policeAreas(orgs).map(({ district, areas }) => (
        <optgroup key={district.id} label={pickName(district)}>
          <option value={district.path}>{pickName(district)}</option>
          {areas.map((o) => (
            <option key={o.id} value={o.path}>
              {`${o.kind === "zone" ? "\u00a0\u00a0\u00a0\u00a0" : "\u00a0\u00a0"}${pickName(o)}`}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

export function SettingsRuleForm({
  draft,
  rules,
  categories,
  orgs,
  places,
  skills,
  onSaved,
  onCancel,
}: {
  draft: RuleDraft;
  rules: Rule[];
  categories: Category[];
  orgs: Org[];
  places: ReadonlyMap<string, Named>;
  skills: SkillName[];
  onSaved: (saved: SavedRule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [categoryCode, setCategoryCode] = useState(draft.categoryCode);
  const [areaPath, setAreaPath] = useState(draft.areaPath);
  const [target, setTarget] = useState<RuleTarget>(draft.target);
  const [skill, setSkill] = useState(draft.skill ?? "");
  const [note, setNote] = useState(draft.note ?? "");
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [busy, setBusy] = useState(false);
  const editing = draft.mode === "edit";

  const same = rules.filter((r) => r.categoryCode === categoryCode && r.areaPath === areaPath);
  const replaces = !editing && same.some((r) => !r.builtIn);
  const overrides = same.some((r) => r.builtIn);
  // A configured rule may name an area the picker does not offer (set through the API): keep it selectable.
  const offered = new Set(["", ...policeAreas(orgs).flatMap((d) => [d.district.path, ...d.areas.map((a) => a.path)])]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!categoryCode) {
      setErrors({ categoryCode: { key: "val.required", params: { field: t("set.form.category") } } });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await api<SavedRule>("PUT", "/governance/routing-rules", {
        categoryCode,
        areaPath,
        target,
        skill: target === "town" ? skill || null : null,
        note: note.trim() || null,
      });
      onSaved(saved);
    } catch (err) {
      setErrors(errorForForm(err, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="set-form" onSubmit={submit} noValidate data-testid="set-rule-form" data-mode={draft.mode}>
      <h3>{editing ? t("set.form.edit") : t("set.form.add")}</h3>
      <label>
        {t("set.form.category")}
        <select
          value={categoryCode}
          disabled={editing}
          onChange={(e) => setCategoryCode(e.target.value)}
          aria-invalid={!!errors.categoryCode}
          data-testid="set-rule-category"
        >
          <option value="">{t("set.form.categoryPick")}</option>
          <CategoryOptions categories={categories} wildcards />
        </select>
      </label>
      <span className="hint">{t("set.form.categoryHint")}</span>
      <FieldErrorText field="categoryCode" error={errors.categoryCode} />
      <label>
        {t("set.form.area")}
        <select
          value={areaPath}
          disabled={editing}
          onChange={(e) => setAreaPath(e.target.value)}
          aria-invalid={!!errors.areaPath}
          data-testid="set-rule-area"
        >
          <option value="">{t("set.area.everywhere")}</option>
          {!offered.has(areaPath) && <option value={areaPath}>{areaName(areaPath, places, t)}</option>}
          <AreaOptions orgs={orgs} />
        </select>
      </label>
      <span className="hint">{t("set.form.areaHint")}</span>
      <FieldErrorText field="areaPath" error={errors.areaPath} />
      {editing && <div className="hint">{t("set.form.locked")}</div>}
      <fieldset className="set-targets" aria-invalid={!!errors.target} data-testid="set-rule-target">
        <legend>{t("set.form.target")}</legend>
        {RULE_TARGETS.map((x) => (
          <label key={x} className={target === x ? "checked" : ""}>
            <input
              type="radio"
              name="set-target"
              checked={target === x}
              onChange={() => setTarget(x)}
              data-testid={`set-rule-target-${x}`}
            />
            {targetName(x, t)}
          </label>
        ))}
      </fieldset>
      <FieldErrorText field="target" error={errors.target} />
      {target === "town" && (
        <>
          <label>
            {t("set.form.skill")}
            <select value={skill} onChange={(e) => setSkill(e.target.value)} aria-invalid={!!errors.skill} data-testid="set-rule-skill">
              <option value="">{t("set.form.skillPick")}</option>
              {skills.map((s) => (
                <option key={s.code} value={s.code}>
                  {pickName(s)}
                </option>
              ))}
            </select>
          </label>
          <FieldErrorText field="skill" error={errors.skill} />
        </>
      )}
      <label>
        {t("set.form.note")}
        <input
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={!!errors.note}
          data-testid="set-rule-note"
        />
      </label>
      <FieldErrorText field="note" error={errors.note} />
      {replaces && <div className="note warn">{t("set.form.replaces")}</div>}
      {overrides && !replaces && !editing && <div className="note info">{t("set.form.overrides")}</div>}
      <FieldErrorText field="form" error={errors.form} />
      <div className="set-buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="set-rule-save">
          {busy ? t("set.form.saving") : t("set.form.save")}
        </button>
        {(editing || draft.categoryCode) && (
          <button type="button" disabled={busy} onClick={onCancel} data-testid="set-rule-cancel">
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
