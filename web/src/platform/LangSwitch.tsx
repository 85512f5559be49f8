/** Switches zh-CN ⇄ en at any moment; nothing reloads, server errors already carry both titles. */
import { useTranslation } from "react-i18next";
import { currentLang, setLang } from "../i18n.ts";

export function LangSwitch() {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      onClick={() => setLang(currentLang() === "en" ? "zh-CN" : "en")}
    >
      {t("lang.switch")}
    </button>
  );
}
