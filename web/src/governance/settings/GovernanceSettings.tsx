/**
 * 分流设置, for plan administrators: the routing rules that send non-police requests to the
 * town centres or 12345 (with a tester that says which rule applies where), and the work-order
 * timers. Each change is one request; after it the lists are read again from the server, so the
 * screen shows what is stored, not what was typed.
 */
import "./settings.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../../data/keys.ts";
import { invalidate } from "../../data/mutations.ts";
import { useApi } from "../../data/query.ts";
import { can, errorText } from "../../platform/api.ts";
import { store, useTopic } from "../../platform/store.ts";
import type { Named } from "../../platform/types.ts";
import { townsRead, useSkills } from "../work-orders/queries.ts";
import type { Town } from "../work-orders/types.ts";
import { routingRulesRead, timersRead } from "./queries.ts";
import { ruleKey, ruleLabel } from "./SettingsNames.tsx";
import { EMPTY_DRAFT, type RuleDraft, SettingsRuleForm } from "./SettingsRuleForm.tsx";
import { SettingsRules } from "./SettingsRules.tsx";
import { SettingsRuleTester } from "./SettingsRuleTester.tsx";
import { SettingsTimers } from "./SettingsTimers.tsx";

const NO_TOWNS: Town[] = [];

export default function GovernanceSettings() {
  const { t } = useTranslation();
  // Org and category names come from the store's reference data.
  useTopic("ref");
  const allowed = can("plan:admin");
  const rulesAnswer = useApi(allowed ? routingRulesRead() : null);
  const timersAnswer = useApi(allowed ? timersRead() : null);
  const rules = rulesAnswer.data ?? null;
  const timers = timersAnswer.data ?? null;
  const error = rulesAnswer.error ?? timersAnswer.error ?? null;
  const towns = useApi(allowed ? townsRead() : null).data ?? NO_TOWNS;
  const skills = useSkills();
  const [draft, setDraft] = useState<RuleDraft & { seq: number; key: string | null }>({ ...EMPTY_DRAFT, seq: 0, key: null });
  const [ruleSaved, setRuleSaved] = useState<string | null>(null);
  const [winner, setWinner] = useState<string | null>(null);
  // After each change the lists are read again, so the screen shows what is stored.
  const loadRules = () => invalidate(keys.routingRules());
  const loadTimers = () => invalidate(keys.timers());

  // Area paths in words: the police orgs, and the towns (a rule set through the API may name one).
  const orgs = store.orgs;
  const places = new Map<string, Named>();
  for (const o of orgs) places.set(o.path, o);
  for (const x of towns) if (!places.has(x.path)) places.set(x.path, x);

  const startDraft = (d: RuleDraft, key: string | null) => {
    setRuleSaved(null);
    setDraft((x) => ({ ...d, seq: x.seq + 1, key }));
  };

  if (!allowed) return <div className="settings muted">{t("set.noPermission")}</div>;
  const categories = store.categories;
  return (
    <div className="settings" data-testid="settings-view" data-ready={!!rules && !!timers && categories.length > 0}>
      <header>
        <h2>{t("set.title")}</h2>
      </header>
      {error !== null && (
        <div className="note error" role="alert" data-testid="set-error">
          {t("set.loadFailed", { error: errorText(error, t) })}
        </div>
      )}
      {!rules && error === null && <div className="muted">{t("common.loading")}</div>}
      {rules && (
        <section className="set-section" data-testid="set-rules-section">
          <h3>{t("set.rules.title")}</h3>
          <p className="set-intro">{t("set.rules.intro")}</p>
          <p className="hint">{t("set.rules.builtInHint")}</p>
          <div className="set-rules-grid">
            <div className="set-rules-list">
              <SettingsRules
                rules={rules}
                categories={categories}
                places={places}
                skills={skills}
                winner={winner}
                editing={draft.key}
                onEdit={(r) => startDraft({ ...r, mode: "edit" }, ruleKey(r))}
                onOverride={(r) => startDraft({ ...r, mode: "add", note: null }, null)}
                onDeleted={() => {
                  void loadRules();
                  // The rule may have been open in the form.
                  startDraft(EMPTY_DRAFT, null);
                }}
              />
            </div>
            <div className="set-side">
              {ruleSaved && (
                <div className="note ok" role="status" data-testid="set-rule-msg">
                  {ruleSaved}
                </div>
              )}
              <SettingsRuleForm
                key={draft.seq}
                draft={draft}
                rules={rules}
                categories={categories}
                orgs={orgs}
                places={places}
                skills={skills}
                onSaved={(saved) => {
                  startDraft(EMPTY_DRAFT, null);
                  setRuleSaved(t("set.rule.saved", { rule: ruleLabel(saved, categories, places, t) }));
                  void loadRules();
                }}
                onCancel={() => startDraft(EMPTY_DRAFT, null)}
              />
              <SettingsRuleTester rules={rules} categories={categories} orgs={orgs} places={places} skills={skills} onWinner={setWinner} />
            </div>
          </div>
        </section>
      )}
      {timers && (
        <section className="set-section" data-testid="set-timers-section">
          <h3>{t("set.timers.title")}</h3>
          <p className="set-intro">{t("set.timers.intro")}</p>
          <p className="hint">{t("set.timers.noDelete")}</p>
          <SettingsTimers timers={timers} categories={categories} onSaved={loadTimers} />
        </section>
      )}
    </div>
  );
}
