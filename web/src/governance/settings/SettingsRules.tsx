/**
 * The effective routing rules, built-in and configured side by side (a configured rule sits next
 * to the built-in one it overrides). Configured rules can be edited or deleted, the delete asking
 * for a second click; built-in ones can only be overridden.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentLang } from "../../i18n.ts";
import type { Category } from "../../incidents/types.ts";
import { ApiError, api } from "../../platform/api.ts";
import { type FieldError, FieldErrorText } from "../../platform/errors.tsx";
import type { Named } from "../../platform/types.ts";
import { dateTime } from "../followups/FollowUpList.tsx";
import type { SkillName } from "../work-orders/types.ts";
import { skillName } from "../work-orders/workorders.ts";
import { areaName, patternName, ruleKey, ruleLabel, targetName } from "./SettingsNames.tsx";
import type { Rule } from "./types.ts";

/** `*` first, then kinds, then codes; within one pattern the wider area first, built-in before configured. */
function displayOrder(a: Rule, b: Rule): number {
  const rank = (p: string) => (p === "*" ? 0 : p.endsWith(".*") ? 1 : 2);
  return (
    rank(a.categoryCode) - rank(b.categoryCode) ||
    a.categoryCode.localeCompare(b.categoryCode) ||
    a.areaPath.length - b.areaPath.length ||
    a.areaPath.localeCompare(b.areaPath) ||
    Number(b.builtIn) - Number(a.builtIn)
  );
}

export function SettingsRules({
  rules,
  categories,
  places,
  skills,
  winner,
  editing,
  onEdit,
  onOverride,
  onDeleted,
}: {
  rules: Rule[];
  categories: Category[];
  places: ReadonlyMap<string, Named>;
  skills: SkillName[];
  /** The key of the rule the tester found, highlighted. */
  winner: string | null;
  editing: string | null;
  onEdit: (r: Rule) => void;
  onOverride: (r: Rule) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: string } | { error: FieldError } | null>(null);

  async function remove(r: Rule) {
    setBusy(true);
    setMessage(null);
    try {
      await api("DELETE", `/governance/routing-rules/${encodeURIComponent(r.id!)}`);
      setMessage({ ok: t("set.rule.deleted", { rule: ruleLabel(r, categories, places, t) }) });
      setConfirming(null);
      onDeleted();
    } catch (e) {
      setMessage({ error: e instanceof ApiError ? { error: e } : { key: "err.network" } });
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...rules].sort(displayOrder);
  return (
    <>
      {message && "ok" in message && (
        <div className="note ok" role="status" data-testid="set-rules-msg">
          {message.ok}
        </div>
      )}
      {message && "error" in message && <FieldErrorText field="rule" error={message.error} />}
      <table className="set-table" data-testid="set-rules">
        <thead>
          <tr>
            <th>{t("set.col.source")}</th>
            <th>{t("set.col.category")}</th>
            <th>{t("set.col.area")}</th>
            <th>{t("set.col.target")}</th>
            <th>{t("set.col.skill")}</th>
            <th>{t("set.col.note")}</th>
            <th>{t("set.col.updated")}</th>
            <th>{t("set.col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => {
            const key = ruleKey(r);
            return (
              <tr
                key={key}
                className={`${key === winner ? "set-winner" : ""} ${key === editing ? "set-editing" : ""}`}
                data-testid="set-rule-row"
                data-id={r.id ?? ""}
                data-category={r.categoryCode}
                data-area={r.areaPath}
                data-target={r.target}
                data-built-in={r.builtIn}
                data-winner={key === winner}
              >
                <td>
                  <span className={`badge ${r.builtIn ? "" : "pin"}`}>
                    {r.builtIn ? t("set.source.builtIn") : t("set.source.configured")}
                  </span>
                </td>
                <td>
                  {patternName(r.categoryCode, categories, t)} <code className="muted">{r.categoryCode}</code>
                </td>
                <td>{areaName(r.areaPath, places, t)}</td>
                <td className={`set-target set-target-${r.target}`}>{targetName(r.target, t)}</td>
                <td>{r.target === "town" ? skillName(skills, r.skill) : "—"}</td>
                <td className="set-note">{r.note ?? ""}</td>
                <td className="muted">{r.updatedAt ? dateTime(r.updatedAt, currentLang()) : "—"}</td>
                <td className="set-actions">
                  {r.builtIn ? (
                    <button type="button" className="small" onClick={() => onOverride(r)} data-testid="set-rule-override">
                      {t("set.rule.override")}
                    </button>
                  ) : confirming === key ? (
                    <>
                      <button
                        type="button"
                        className="small danger"
                        disabled={busy}
                        onClick={() => remove(r)}
                        data-testid="set-rule-delete-confirm"
                      >
                        {t("set.rule.deleteConfirm")}
                      </button>
                      <button type="button" className="small" disabled={busy} onClick={() => setConfirming(null)}>
                        {t("common.cancel")}
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" className="small" onClick={() => onEdit(r)} data-testid="set-rule-edit">
                        {t("set.rule.edit")}
                      </button>
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => {
                          setMessage(null);
                          setConfirming(key);
                        }}
                        data-testid="set-rule-delete"
                      >
                        {t("set.rule.delete")}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
