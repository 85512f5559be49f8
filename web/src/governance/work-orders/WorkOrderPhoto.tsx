/**
 * A photo attached to a work order. Lantern's own photo URLs need the bearer token, which an
 * <img src> cannot send: the bytes are fetched and shown from a blob URL, released on unmount.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../../data/query.ts";
import { errorText } from "../../platform/api.ts";
import { photoRead } from "./queries.ts";

/** A blob URL for the bytes, released when they change or the view goes. */
function useObjectUrl(blob: Blob | null): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setSrc(null);
      return;
    }
    const objectUrl = URL.createObjectURL(blob);
    setSrc(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);
  return src;
}

export function WorkOrderPhoto({ url }: { url: string }) {
  const { t } = useTranslation();
  // Only the server's own photo routes are fetched with the token; an older external link is shown as a link.
  const own = url.startsWith("/api/");
  const photo = useApi(own ? photoRead(url) : null, { staleTime: Number.POSITIVE_INFINITY });
  const error = photo.error ?? null;
  const src = useObjectUrl(photo.data ?? null);

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
