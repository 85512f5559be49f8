/**
 * The four work-order timers, for all categories and for each category with settings of its own:
 * each cell shows the value in force and where it comes from (the default, the all-categories
 * setting, or the category's own), as the server resolves it per stage in timerSettings().
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Category } from "../../incidents/types.ts";
import { patternName, span, TIMER_STAGES, type TimerStage } from "./SettingsNames.tsx";
import { CategoryOptions } from "./SettingsRuleForm.tsx";
import { SettingsTimerForm } from "./SettingsTimerForm.tsx";
import type { SavedTimer, TimerList } from "./types.ts";

type Source = "default" | "all" | "own";

interface Effective {
  seconds: number;
  warnSeconds: number;
  source: Source;
}

/** The value in force for a stage: the category's own row, else the all-categories row, else the default. */
function effective(timers: TimerList, stage: TimerStage, categoryCode: string | null): Effective {
  const row = (c: string | null) => timers.overrides.find((o) => o.stage === stage && o.categoryCode === c);
  const own = row(categoryCode);
  if (own) return { seconds: own.seconds, warnSeconds: own.warnSeconds, source: "own" };
  const all = categoryCode ? row(null) : undefined;
  if (all) return { seconds: all.seconds, warnSeconds: all.warnSeconds, source: "all" };
  const d = timers.defaults.find((x) => x.stage === stage)!;
  return { seconds: d.seconds, warnSeconds: d.warnSeconds, source: "default" };
}

export function SettingsTimers({
  timers,
  categories,
  onSaved,
}: {
  timers: TimerList;
  categories: Category[];
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  // Categories added here have no settings of their own until one is saved.
  const [added, setAdded] = useState<string[]>([]);
  const [pick, setPick] = useState("");
  const [editing, setEditing] = useState<{ stage: TimerStage; categoryCode: string | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const withOwn = timers.overrides.map((o) => o.categoryCode).filter((c): c is string => !!c);
  const codes = [...new Set([...withOwn, ...added])].sort();
  const rows: (string | null)[] = [null, ...codes];
  const scopeName = (c: string | null) => (c ? patternName(c, categories, t) : t("set.timers.allCategories"));
  const stageName = (s: TimerStage) => t(`wo.stage.${s}`);
  const current = editing ? effective(timers, editing.stage, editing.categoryCode) : null;

  async function done(r: SavedTimer) {
    setEditing(null);
    setSaved(
      t("set.timers.saved", {
        stage: stageName(r.stage),
        scope: scopeName(r.categoryCode),
        deadline: span(r.seconds, t),
        warn: span(r.warnSeconds, t),
      }),
    );
    await onSaved();
  }

  async function cleared() {
    if (!editing) return;
    setSaved(t("set.timers.cleared", { stage: stageName(editing.stage), scope: scopeName(editing.categoryCode) }));
    setEditing(null);
    await onSaved();
  }

  return (
    <>
      {saved && (
        <div className="note ok" role="status" data-testid="set-timer-msg">
          {saved}
        </div>
      )}
      <table className="set-table set-timers" data-testid="set-timers">
        <thead>
          <tr>
            <th>{t("set.timers.scope")}</th>
            {TIMER_STAGES.map((s) => (
              <th key={s}>{stageName(s)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c ?? ""} data-testid="set-timer-row" data-category={c ?? ""}>
              <th scope="row">
                {scopeName(c)} {c && <code className="muted">{c}</code>}
              </th>
              {TIMER_STAGES.map((s) => {
                const e = effective(timers, s, c);
                const active = editing?.stage === s && editing.categoryCode === c;
                return (
                  <td
                    key={s}
                    className={`set-timer-cell set-from-${e.source} ${active ? "set-editing" : ""}`}
                    data-testid="set-timer-cell"
                    data-stage={s}
                    data-seconds={e.seconds}
                    data-warn={e.warnSeconds}
                    data-source={e.source}
                  >
                    <span>{t("set.timers.cell", { deadline: span(e.seconds, t), warn: span(e.warnSeconds, t) })}</span>
                    <span className="set-timer-foot">
                      <small className="muted">{t(`set.timers.from.${e.source}`)}</small>
                      <button
                        type="button"
                        className="small"
                        onClick={() => {
                          setSaved(null);
                          setEditing({ stage: s, categoryCode: c });
                        }}
                        data-testid="set-timer-edit"
                      >
                        {t("set.timers.edit")}
                      </button>
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="set-timer-add">
        <label>
          {t("set.timers.addCategory")}
          <select value={pick} onChange={(e) => setPick(e.target.value)} data-testid="set-timer-category">
            <option value="">{t("set.form.categoryPick")}</option>
            <CategoryOptions categories={categories.filter((c) => !codes.includes(c.code))} wildcards={false} />
          </select>
        </label>
        <button
          type="button"
          disabled={!pick}
          onClick={() => {
            setAdded((a) => [...a, pick]);
            setPick("");
          }}
          data-testid="set-timer-add"
        >
          {t("set.timers.add")}
        </button>
      </div>
      {editing && current && (
        <SettingsTimerForm
          key={`${editing.stage}|${editing.categoryCode ?? ""}`}
          stage={editing.stage}
          categoryCode={editing.categoryCode}
          title={t("set.timers.editing", { stage: stageName(editing.stage), scope: scopeName(editing.categoryCode) })}
          seconds={current.seconds}
          warnSeconds={current.warnSeconds}
          configured={current.source === "own"}
          onSaved={done}
          onCleared={() => void cleared()}
          onCancel={() => setEditing(null)}
        />
      )}
    </>
  );
}
