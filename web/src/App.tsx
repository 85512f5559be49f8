/** The shell: login, then the views the user's role allows, with the connection state always in sight. */
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, can, getSession, onSessionExpired, type Session, setSession } from "./api.ts";
import { ConnBadge, StaleBanner } from "./components/ConnBadge.tsx";
import { LangSwitch } from "./components/LangSwitch.tsx";
import { UnitBoard } from "./components/UnitBoard.tsx";
import { pickName } from "./i18n.ts";
import { resetStore, store, useTopic } from "./store.ts";
import { Console } from "./views/Console.tsx";
import { Login } from "./views/Login.tsx";
import { Officer } from "./views/Officer.tsx";

const Dashboard = lazy(() => import("./views/Dashboard.tsx"));

type Tab = "console" | "units" | "dashboard";

function tabsFor(s: Session): Tab[] {
  if (s.user.role === "officer") return [];
  const tabs: Tab[] = [];
  if (can("incident:read") && can("unit:read")) tabs.push("console", "units");
  if (can("analytics:read")) tabs.push("dashboard");
  return tabs;
}

function tabFromHash(tabs: Tab[]): Tab | null {
  const h = location.hash.replace(/^#\/?/, "").split("/")[0] as Tab;
  if (tabs.includes(h)) return h;
  // Analysts and auditors start on the figures; everyone else on the console.
  if (["analyst", "auditor"].includes(getSession()?.user.role ?? "") && tabs.includes("dashboard")) return "dashboard";
  return tabs[0] ?? null;
}

export function App() {
  const { t } = useTranslation();
  const [session, setSess] = useState<Session | null>(getSession());
  const [expired, setExpired] = useState(false);
  const [tab, setTab] = useState<Tab | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [, setStoreGeneration] = useState(0);
  useTopic("ref", "conn");

  useEffect(
    () =>
      onSessionExpired(() => {
        store.stop();
        setExpired(true);
        setSess(null);
      }),
    [],
  );

  // One live store per session.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the store is rebuilt per session token, not per session object
  useEffect(() => {
    if (!session) return;
    const s = resetStore();
    // Views subscribed to the previous store: re-render them against the new one.
    setStoreGeneration((g) => g + 1);
    void s.start().then(() => {
      performance.mark("lantern-first-screen-data");
    });
    const tabs = tabsFor(session);
    setTab(tabFromHash(tabs));
    const onHash = () => setTab(tabFromHash(tabs));
    window.addEventListener("hashchange", onHash);
    return () => {
      window.removeEventListener("hashchange", onHash);
      s.stop();
    };
  }, [session?.token]);

  if (!session)
    return (
      <Login
        expired={expired}
        onLogin={(s) => {
          setExpired(false);
          setSess(s);
        }}
      />
    );

  const tabs = tabsFor(session);
  const officer = session.user.role === "officer";
  const org = store.orgById.get(session.user.orgId);

  async function logout() {
    try {
      await api("POST", "/auth/logout");
    } catch {}
    store.stop();
    setSession(null);
    setSess(null);
  }

  return (
    <div className={`app ${officer ? "app-officer" : ""} ${store.conn === "down" ? "not-live" : ""}`}>
      <header className="topbar">
        <div className="brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <b>{t("appName")}</b>
        </div>
        <nav>
          {tabs.map((x) => (
            <a key={x} href={`#${x}`} className={tab === x ? "active" : ""} data-testid={`nav-${x}`}>
              {t(`nav.${x}`)}
            </a>
          ))}
          {officer && <span className="active">{t("nav.officer")}</span>}
        </nav>
        <div className="who">
          <ConnBadge />
          <span className="user" data-testid="whoami" data-role={session.user.role}>
            {session.user.displayName} · {pickName(session.user.roleName)}
            {org ? ` · ${pickName(org)}` : ""}
          </span>
          <LangSwitch />
          <button type="button" className="small" onClick={logout} data-testid="logout">
            {t("logout")}
          </button>
        </div>
      </header>
      <StaleBanner />
      <main>
        {officer && <Officer />}
        {!officer && tab === "console" && <Console selected={selected} onSelect={setSelected} />}
        {!officer && tab === "units" && (
          <UnitBoard
            onSelectIncident={(id) => {
              setSelected(id);
              location.hash = "#console";
            }}
          />
        )}
        {!officer && tab === "dashboard" && (
          <Suspense fallback={<div className="muted">{t("common.loading")}</div>}>
            <Dashboard />
          </Suspense>
        )}
      </main>
    </div>
  );
}
