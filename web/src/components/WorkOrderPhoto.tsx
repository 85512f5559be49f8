/**
 * A photo attached to a work order. Lantern's own photo URLs need the bearer token, which an
 * <img src> cannot send: the bytes are fetched and shown from a blob URL, released on unmount.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api.ts";
import { fetchPhoto } from "../workorders.ts";

export function WorkOrderPhoto({ url }: { url: string }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Only the server's own photo routes are fetched with the token; an older external link is shown as a link.
  const own = url.startsWith("/api/");

  useEffect(() => {
    if (!own) return;
    let alive = true;
    let objectUrl: string | null = null;
    setSrc(null);
    setError(null);
    fetchPhoto(url)
      .then((blob) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch((e) => alive && setError(e ?? new Error("photo")));
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, own]);

  if (!own)
    return (
      <a href={url} target="_blank" rel="noreferrer" data-testid="wo-photo-link">
        {t("wo.photoLink")}
      </a>
    );
  if (error)
    return (
      <span className="field-error" role="alert" data-field="photo">
        {errorText(error, t)}
      </span>
    );
  if (!src) return <span className="muted">{t("common.loading")}</span>;
  return (
    <a href={src} target="_blank" rel="noreferrer" className="wo-photo">
      <img src={src} alt={t("wo.photoAlt")} data-testid="wo-photo" />
    </a>
  );
}
