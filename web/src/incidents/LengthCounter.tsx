/** A live count of a long text field's characters against the server's limit; red past it. */
import { useTranslation } from "react-i18next";

export function LengthCounter({ length, max }: { length: number; max: number }) {
  const { t } = useTranslation();
  return (
    <span className={`counter ${length > max ? "over" : ""}`} data-testid="length-counter" aria-live="polite">
      {t("call.counter", { n: length, max })}
    </span>
  );
}
