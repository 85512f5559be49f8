/** Which incident to plan an interception for: the open ones, most urgent first. */
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { byUrgency, timeOfDay, useTick } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";

export function InterceptPicker() {
  const { t } = useTranslation();
  useTopic("incidents", "ref");
  useTick(5000);
  const list = store.openIncidents().sort(byUrgency(store.targets));
  return (
    <section className="icp-picker" data-testid="intercept-picker">
      <h2>{t("icp.pick.title")}</h2>
      <p className="muted">{t("icp.pick.hint")}</p>
      {!store.ready && list.length === 0 && <div className="muted">{t("common.loading")}</div>}
      {store.ready && list.length === 0 && <div className="muted">{t("icp.pick.none")}</div>}
      <ul>
        {list.slice(0, 100).map((i) => (
          <li key={i.id}>
            <button
              type="button"
              className={`icp-pick prio-${i.priority}`}
              data-testid="intercept-pick"
              data-incident={i.id}
              onClick={() => {
                location.hash = `#intercept/${encodeURIComponent(i.id)}`;
              }}
            >
              <span className={`prio-badge prio-${i.priority}`}>{t(`priority.${i.priority}`)}</span>
              <b>{pickName(i.category)}</b>
              <small>{i.number}</small>
              <span className="muted">{i.location.address ?? `${i.location.lat.toFixed(4)}, ${i.location.lon.toFixed(4)}`}</span>
              <time className="muted">{timeOfDay(i.times.receivedAt)}</time>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
