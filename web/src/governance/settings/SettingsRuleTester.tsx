/**
 * "Which rule applies?": a category and a place, and the rule the router would pick for a
 * non-police, non-urgent request there, with the other matching rules it outranks. The choice is
 * made by the server's own pickRule over the listed rules (the preview route needs a real
 * incident), so the answer is the router's.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../../i18n.ts";
import type { Category } from "../../incidents/types.ts";
import type { Org } from "../../org/types.ts";
import type { Named } from "../../platform/types.ts";
import type { SkillName } from "../work-orders/types.ts";
import { skillName } from "../work-orders/workorders.ts";
import { matchingRules, ruleKey, ruleLabel } from "./SettingsNames.tsx";
import { AreaOptions, CategoryOptions } from "./SettingsRuleForm.tsx";
import type { Rule } from "./types.ts";

export function SettingsRuleTester({
  rules,
  categories,
  orgs,
  places,
  skills,
  onWinner,
}: {
  rules: Rule[];
  categories: Category[];
  orgs: Org[];
  places: ReadonlyMap<string, Named>;
  skills: SkillName[];
  onWinner: (key: string | null) => void;
}) {
  const { t } = useTranslation();
  const city = orgs.find((o) => o.kind === "city");
  const [categoryCode, setCategoryCode] = useState("");
  const [orgPath, setOrgPath] = useState(city?.path ?? "/");
  const matching = categoryCode ? matchingRules(rules, categoryCode, orgPath) : [];
  const winner = matching[0] ?? null;
  const winnerKey = winner ? ruleKey(winner) : null;
  const category = categories.find((c) => c.code === categoryCode);

  useEffect(() => onWinner(winnerKey), [winnerKey, onWinner]);

  return (
    <section className="set-tester" data-testid="set-tester">
      <h3>{t("set.test.title")}</h3>
      <div className="hint">{t("set.test.hint")}</div>
      <label>
        {t("set.form.category")}
        <select value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)} data-testid="set-test-category">
          <option value="">{t("set.form.categoryPick")}</option>
          <CategoryOptions categories={categories} wildcards={false} />
        </select>
      </label>
      <label>
        {t("set.test.area")}
        <select value={orgPath} onChange={(e) => setOrgPath(e.target.value)} data-testid="set-test-area">
          {city && <option value={city.path}>{pickName(city)}</option>}
          <AreaOptions orgs={orgs} />
        </select>
      </label>
      {!categoryCode && <div className="muted">{t("set.test.pick")}</div>}
      {categoryCode && !winner && (
        <div className="set-result" data-testid="set-test-result" data-target="police" data-rule="">
          {t("set.test.none")}
        </div>
      )}
      {winner && (
        <div
          className={`set-result set-target-${winner.target}`}
          data-testid="set-test-result"
          data-target={winner.target}
          data-rule={winner.id ?? ""}
          data-built-in={winner.builtIn}
          data-category={winner.categoryCode}
          data-area={winner.areaPath}
        >
          <div className="set-result-head">
            <b>{t("set.test.winner", { rule: ruleLabel(winner, categories, places, t) })}</b>
            <span className={`badge ${winner.builtIn ? "" : "pin"}`}>
              {winner.builtIn ? t("set.source.builtIn") : t("set.source.configured")}
            </span>
          </div>
          {winner.target === "town" && <div>{t("set.test.skill", { skill: skillName(skills, winner.skill) })}</div>}
          {winner.note && <div className="muted">{winner.note}</div>}
        </div>
      )}
      {matching.length > 1 && (
        <div className="set-outranked" data-testid="set-test-outranked">
          <span className="hint">{t("set.test.outranked")}</span>
          <ul>
            {matching.slice(1).map((r) => (
              <li key={ruleKey(r)} data-category={r.categoryCode} data-area={r.areaPath}>
                {ruleLabel(r, categories, places, t)}{" "}
                <span className={`badge ${r.builtIn ? "" : "pin"}`}>
                  {r.builtIn ? t("set.source.builtIn") : t("set.source.configured")}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {category?.police && <div className="note warn">{t("set.test.police")}</div>}
    </section>
  );
}
