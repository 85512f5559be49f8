/**
 * 分流设置, for plan administrators: the routing rules that send non-police requests to the
 * town centres or 12345 (with a tester that says which rule applies where), and the work-order
 * timers. Each change is one request; after it the lists are read again from the server, so the
 * screen shows what is stored, not what was typed.
 */
import "../settings.css";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, can, errorText } from "../api.ts";
import { type Rule, ruleKey, ruleLabel, type TimerList } from "../components/SettingsNames.tsx";
import { EMPTY_DRAFT, type RuleDraft, SettingsRuleForm } from "../components/SettingsRuleForm.tsx";
import { SettingsRules } from "../components/SettingsRules.tsx";
import { SettingsRuleTester } from "../components/SettingsRuleTester.tsx";
import { SettingsTimers } from "../components/SettingsTimers.tsx";
import { store, useTopic } from "../store.ts";
import type { Named } from "../types.ts";
import { loadSkills, type SkillName, type Town } from "../workorders.ts";

export default function GovernanceSettings() {
  const { t } = useTranslation();
  // Org and category names come from the store's reference data.
  useTopic("ref");
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [timers, setTimers] = useState<TimerList | null>(null);
  const [towns, setTowns] = useState<Town[]>([]);
  const [skills, setSkills] = useState<SkillName[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState<RuleDraft & { seq: number; key: string | null }>({ ...EMPTY_DRAFT, seq: 0, key: null });
  const [ruleSaved, setRuleSaved] = useState<string | null>(null);
  const [winner, setWinner] = useState<string | null>(null);
  const allowed = can("plan:admin");

  const loadRules = useCallback(async () => {
    try {
      setRules(await api<Rule[]>("GET", "/governance/routing-rules"));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  const loadTimers = useCallback(async () => {
    try {
      setTimers(await api<TimerList>("GET", "/governance/timers"));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    if (!allowed) return;
    void loadRules();
    void loadTimers();
    void loadSkills().then(setSkills);
    void api<Town[]>("GET", "/governance/towns")
      .then(setTowns)
      .catch(() => {});
  }, [allowed, loadRules, loadTimers]);

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
