/** Sign-in. The role in the session decides which views the user gets. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, setSession } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { LangSwitch } from "../platform/LangSwitch.tsx";
import type { Session } from "./types.ts";

export function Login({ expired, onLogin }: { expired: boolean; onLogin: (s: Session) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(localStorage.getItem("lantern.lastUser") ?? "");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  // Keyboard first: the cursor waits where typing starts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, on mount
  useEffect(() => (username ? second : first).current?.focus(), []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, FieldError> = {};
    if (!username.trim()) errs.username = { key: "login.required", params: { field: t("login.username") } };
    if (!password) errs.password = { key: "login.required", params: { field: t("login.password") } };
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    performance.mark("lantern-login-submit");
    try {
      const s = await api<Session>("POST", "/auth/login", { username: username.trim(), password });
      setSession(s);
      localStorage.setItem("lantern.lastUser", username.trim());
      onLogin(s);
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? { error: err } : { key: "err.network" } });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <form className="login" onSubmit={submit} data-testid="login-form">
        <div className="brand">
          <img src="/icon.svg" alt="" width={48} height={48} />
          <div>
            <h1>{t("appName")}</h1>
            <div className="muted">{t("appTagline")}</div>
          </div>
          <LangSwitch />
        </div>
        {expired && (
          <div className="note warn" role="alert" data-testid="session-expired">
            {t("login.expired")}
          </div>
        )}
        <label>
          {t("login.username")}
          <input ref={first} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
          <FieldErrorText field="username" error={errors.username} />
        </label>
        <label>
          {t("login.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <FieldErrorText field="password" error={errors.password} />
        </label>
        <FieldErrorText field="form" error={errors.form} />
        <button type="submit" className="primary big" disabled={busy} data-testid="login-submit">
          {busy ? t("login.busy") : t("login.submit")}
        </button>
        <div className="hint">{t("login.demoHint")}</div>
      </form>
    </div>
  );
}
