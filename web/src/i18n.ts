/** i18next set up from STRINGS: zh-CN by default, English on request, remembered per browser. */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { STRINGS } from "./strings.ts";

export type Lang = "zh-CN" | "en";
const KEY = "lantern.lang";

function resources() {
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const [k, [z, e]] of Object.entries(STRINGS)) {
    zh[k] = z;
    en[k] = e;
  }
  return { "zh-CN": { translation: zh }, en: { translation: en } };
}

export function initialLang(): Lang {
  return localStorage.getItem(KEY) === "en" ? "en" : "zh-CN";
}

i18next.use(initReactI18next).init({
  resources: resources(),
  lng: initialLang(),
  fallbackLng: "zh-CN",
  // Keys contain dots ("status.new"); they are flat keys, not nested paths.
  keySeparator: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});
document.documentElement.lang = i18next.language;

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18next.language === "en" ? "en" : "zh-CN";
}

/** Picks the name in the current language from an API object with nameZh/nameEn or {zh,en}. */
export function pickName(o: { nameZh?: string; nameEn?: string; zh?: string; en?: string } | null | undefined): string {
  if (!o) return "";
  return currentLang() === "en" ? (o.nameEn ?? o.en ?? o.nameZh ?? o.zh ?? "") : (o.nameZh ?? o.zh ?? o.nameEn ?? o.en ?? "");
}

export default i18next;
