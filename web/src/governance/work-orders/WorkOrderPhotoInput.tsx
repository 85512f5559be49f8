/**
 * The phone camera for a feedback photo: opens the rear camera where the phone has one (a file
 * picker elsewhere) and shows a thumbnail of what will be sent before anything is uploaded.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export function WorkOrderPhotoInput({
  file,
  onChange,
  disabled,
}: {
  file: File | null;
  onChange: (f: File | null) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  return (
    <div className="wo-photo-input">
      <label className="wo-camera">
        <span className="wo-camera-button">{file ? t("worker.photoRetake") : t("worker.photoTake")}</span>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          disabled={disabled}
          // Choosing the same picture again after removing it must still count as a change.
          onClick={(e) => {
            e.currentTarget.value = "";
          }}
          onChange={(e) => onChange(e.target.files?.[0] ?? null)}
          data-testid="wo-photo-input"
        />
      </label>
      {preview && (
        <div className="wo-photo-preview">
          <img src={preview} alt={t("worker.photoPreview")} data-testid="wo-photo-preview" />
          <button type="button" className="small" disabled={disabled} onClick={() => onChange(null)} data-testid="wo-photo-remove">
            {t("worker.photoRemove")}
          </button>
        </div>
      )}
    </div>
  );
}
