/** The shell: login, then the views the user's role allows, with the connection state always in sight. */
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { bridgeStream } from "./data/bridge.ts";
import { forgetAnswers } from "./data/client.ts";
import { Officer } from "./dispatch/Officer.tsx";
import { UnitBoard } from "./dispatch/UnitBoard.tsx";
import { FollowUps } from "./governance/followups/FollowUps.tsx";
import { TownCentre } from "./governance/work-orders/TownCentre.tsx";
import { Worker } from "./governance/work-orders/Worker.tsx";
import { pickName } from "./i18n.ts";
import { Console } from "./incidents/Console.tsx";
import { Login } from "./org/Login.tsx";
import type { Session } from "./org/types.ts";
import { can, getSession, onSessionChange, onSessionExpired, signOut } from "./platform/api.ts";
import { ConnBadge, StaleBanner } from "./platform/ConnBadge.tsx";
import { LangSwitch } from "./platform/LangSwitch.tsx";
import { resetStore, store, useTopic } from "./platform/store.ts";

// Chart- and plan-heavy views load on first use.
const Dashboard = lazy(() => import("./analytics/Dashboard.tsx"));
const Governance = lazy(() => import("./analytics/Governance.tsx"));
const Intercept = lazy(() => import("./intercept/Intercept.tsx"));
const GovernanceSettings = lazy(() => import("./governance/settings/GovernanceSettings.tsx"));

type Tab = "console" | "units" | "intercept" | "town" | "followups" | "dashboard" | "governance" | "settings";

/** Roles that get a single phone-sized view instead of tabs. */
const PHONE_ROLES = ["officer", "field_worker"];

function tabsFor(s: Session): Tab[] {
  if (PHONE_ROLES.includes(s.user.role)) return [];
  const tabs: Tab[] = [];
  if (can("incident:read") && can("unit:read")) tabs.push("console", "units");
  if (can("dispatch:recommend") && can("plan:read")) tabs.push("intercept");
  if (can("workorder:manage")) tabs.push("town");
  if (can("followup:record")) tabs.push("followups");
  if (can("analytics:read") && can("incident:read")) tabs.push("dashboard");
  if (can("analytics:read")) tabs.push("governance");
  if (can("plan:admin")) tabs.push("settings");
  return tabs;
}

/** `#tab/arg`: the tab, and what it points at (an incident id, for the console and the intercept view). */
function hashParts(): [string, string | null] {
  const [tab, arg] = location.hash.replace(/^#\/?/, "").split("/");
  return [tab ?? "", arg ? decodeURIComponent(arg) : null];
}

function tabFromHash(tabs: Tab[]): Tab | null {
  const h = hashParts()[0] as Tab;
  if (tabs.includes(h)) return h;
  // Each role starts where its work is: analysts and auditors on the figures, a town centre on
  // its queue, the follow-up caller on the call list; everyone else on the console.
  const role = getSession()?.user.role ?? "";
  const start: Record<string, Tab> = { analyst: "dashboard", auditor: "dashboard", town_dispatcher: "town", followup_caller: "followups" };
  if (start[role] && tabs.includes(start[role])) return start[role];
  return tabs[0] ?? null;
}

export function App() {
  const { t } = useTranslation();
  const [session, setSess] = useState<Session | null>(getSession());
  const [expired, setExpired] = useState(false);
  const [tab, setTab] = useState<Tab | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [hashArg, setHashArg] = useState<string | null>(hashParts()[1]);
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
  // Another tab of this console signed in (this one takes the session) or out (this one follows).
  useEffect(() => {
    const off = onSessionChange((s) => {
      if (!s) store.stop();
      setExpired(false);
      setSess(s);
    });
    // The other tabs may have answered before this listener was there.
    const now = getSession();
    if (now) setSess((current) => current ?? now);
    return off;
  }, []);

  // One live store per session.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the store is rebuilt per session token, not per session object
  useEffect(() => {
    if (!session) return;
    const s = resetStore();
    // The cache starts empty for each session, and the new store's events keep it current.
    forgetAnswers();
    const offBridge = bridgeStream(s);
    // Views subscribed to the previous store: re-render them against the new one.
    setStoreGeneration((g) => g + 1);
    void s.start().then(() => {
      performance.mark("lantern-first-screen-data");
    });
    const tabs = tabsFor(session);
    setTab(tabFromHash(tabs));
    const onHash = () => {
      setTab(tabFromHash(tabs));
      setHashArg(hashParts()[1]);
    };
    window.addEventListener("hashchange", onHash);
    return () => {
      window.removeEventListener("hashchange", onHash);
      offBridge();
      s.stop();
    };
  }, [session?.token]);

  // `#console/<id>` opens that incident in the console: how other views link to one.
  useEffect(() => {
    if (tab !== "console" || !hashArg) return;
    setSelected(hashArg);
    // Back to plain #console, so the same link works again after another incident was chosen.
    history.replaceState(null, "", "#console");
    setHashArg(null);
  }, [tab, hashArg]);

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
  const worker = session.user.role === "field_worker";
  const org = store.orgById.get(session.user.orgId);

  async function logout() {
    store.stop();
    await signOut();
    setSess(null);
  }

  return (
    <div className={`app ${officer || worker ? "app-officer" : ""} ${store.conn === "down" ? "not-live" : ""}`}>
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
          {worker && <span className="active">{t("nav.worker")}</span>}
        </nav>
        <div className="who">
          {can("events:stream") && <ConnBadge />}
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
      {can("events:stream") && <StaleBanner />}
      <main>
        {officer && <Officer />}
        {worker && <Worker />}
        {tab === "console" && <Console selected={selected} onSelect={setSelected} />}
        {tab === "units" && (
          <UnitBoard
            onSelectIncident={(id) => {
              setSelected(id);
              location.hash = "#console";
            }}
          />
        )}
        {tab === "town" && <TownCentre />}
        {tab === "followups" && <FollowUps />}
        <Suspense fallback={<div className="muted">{t("common.loading")}</div>}>
          {tab === "dashboard" && <Dashboard />}
          {tab === "governance" && <Governance />}
          {tab === "intercept" && <Intercept incidentId={hashArg} />}
          {tab === "settings" && <GovernanceSettings />}
        </Suspense>
      </main>
    </div>
  );
}
