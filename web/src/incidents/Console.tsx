/** The dispatcher console: call form and queue, the one map, and the selected incident. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { MapView } from "../map/MapView.tsx";
import { can } from "../platform/api.ts";
import { CallForm, type CallFormHandle } from "./CallForm.tsx";
import { IncidentDetail } from "./IncidentDetail.tsx";
import { Queue } from "./Queue.tsx";

export function Console({ selected, onSelect }: { selected: string | null; onSelect: (id: string | null) => void }) {
  const { t } = useTranslation();
  const form = useRef<CallFormHandle>(null);
  const [formOpen, setFormOpen] = useState(can("incident:create"));
  const [pinning, setPinning] = useState(false);
  const [loc, setLoc] = useState<{ lat: number; lon: number } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F2" && can("incident:create")) {
        e.preventDefault();
        setFormOpen(true);
        setTimeout(() => form.current?.focus(), 0);
      } else if (e.key === "Escape" && pinning) setPinning(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pinning]);

  return (
    <div className={`console ${selected ? "with-detail" : ""}`} data-testid="console">
      <div className="left">
        {can("incident:create") && (
          <div className="form-toggle">
            <button
              type="button"
              className={formOpen ? "active" : ""}
              onClick={() => setFormOpen((o) => !o)}
              data-testid="toggle-call-form"
            >
              {t("call.open")}
            </button>
          </div>
        )}
        {formOpen && can("incident:create") && (
          <CallForm
            ref={form}
            pinning={pinning}
            onPinningChange={setPinning}
            onLocationChange={setLoc}
            onCreated={(i) => onSelect(i.id)}
            onSelectIncident={(id) => onSelect(id)}
          />
        )}
        <Queue selectedId={selected} onSelect={(id) => onSelect(id)} />
      </div>
      <div className="centre">
        <MapView
          selectedIncidentId={selected}
          onSelectIncident={(id) => onSelect(id)}
          onPin={
            pinning
              ? (lat, lon) => {
                  form.current?.setPin(lat, lon);
                  setPinning(false);
                }
              : null
          }
          pin={formOpen ? loc : null}
        />
      </div>
      {selected && (
        <div className="right">
          <IncidentDetail key={selected} id={selected} onClose={() => onSelect(null)} />
        </div>
      )}
    </div>
  );
}
