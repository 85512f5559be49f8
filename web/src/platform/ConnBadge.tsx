/** The connection state, always visible; when down, a banner says the picture is not live. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { timeOfDay } from "./format.ts";
import { store, useTopic } from "./store.ts";

export function ConnBadge() {
  const { t } = useTranslation();
  useTopic("conn");
  return (
    <span className={`conn conn-${store.conn}`} data-testid="conn" data-state={store.conn} role="status">
      <i />
      {t(`conn.${store.conn}`)}
    </span>
  );
}

export function StaleBanner() {
  const { t } = useTranslation();
  useTopic("conn");
  const [caught, setCaught] = useState<number | null>(null);
  const [wasDown, setWasDown] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to connection state changes only
  useEffect(() => {
    if (store.conn === "down") setWasDown(true);
    if (store.conn === "live" && wasDown) {
      setCaught(store.caughtUp);
      setWasDown(false);
      const timer = setTimeout(() => setCaught(null), 5000);
      return () => clearTimeout(timer);
    }
  }, [store.conn]);
  if (store.conn === "down")
    return (
      <div className="stale-banner" role="alert" data-testid="stale-banner">
        {t("conn.staleBanner", { time: timeOfDay(store.liveAsOf) })}
      </div>
    );
  if (caught !== null)
    return (
      <div className="caught-banner" role="status" data-testid="caught-up">
        {t("conn.caughtUp", { n: caught })}
      </div>
    );
  return null;
}
