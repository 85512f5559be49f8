/**
 * What the worker's card does when a button is pressed: each action runs with the card busy, its
 * error kept by action, and the list read again after. The step's note and feedback photo live
 * here too, since sending the step is what uses and clears them.
 */
import { useState } from "react";
import { ApiError, api } from "../../platform/api.ts";
import type { FieldError } from "../../platform/errors.tsx";
import type { PhotoUpload, WorkOrder } from "./types.ts";
import { PhotoError, preparePhoto, STEP_PATHS, uploadPhoto, type WorkStep } from "./workorders.ts";

export type WorkerAct = "step" | "decline" | "escalate";

export function useWorkerSteps(
  o: WorkOrder,
  step: WorkStep | null,
  onChanged: () => Promise<void>,
  onTakenElsewhere: (number: string) => void,
) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<WorkerAct, FieldError>>>({});
  const [note, setNote] = useState("");
  const [photo, setPhoto] = useState<File | null>(null);
  // A photo already uploaded for this file is attached again on a retry, not sent twice.
  const [uploaded, setUploaded] = useState<{ file: File; photo: PhotoUpload } | null>(null);

  async function run(act: WorkerAct, fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setErrors((e) => ({ ...e, [act]: undefined }));
    try {
      await fn();
      setNote("");
      await onChanged();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === "already_taken") {
        setErrors((x) => ({ ...x, [act]: { key: "worker.alreadyTaken", params: { number: o.number } } }));
        onTakenElsewhere(o.number);
        await onChanged();
      } else if (e instanceof PhotoError) setErrors((x) => ({ ...x, [act]: { key: e.key } }));
      else setErrors((x) => ({ ...x, [act]: e instanceof ApiError ? { error: e } : { key: "err.network" } }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function sendStep() {
    if (!step) return;
    await run("step", async () => {
      const body: { note?: string; photoId?: string } = note.trim() ? { note: note.trim() } : {};
      if (step === "feedback" && photo) {
        let up = uploaded?.file === photo ? uploaded.photo : null;
        if (!up) {
          up = await uploadPhoto(o.id, await preparePhoto(photo));
          setUploaded({ file: photo, photo: up });
        }
        body.photoId = up.id;
      }
      await api("POST", `/work-orders/${o.id}/${STEP_PATHS[step]}`, body);
      setPhoto(null);
      setUploaded(null);
    });
  }

  // Feedback tells the citizen what was done: it needs words and a picture. Handled and close need words.
  const ready = step === "on_scene" || (note.trim().length > 0 && (step !== "feedback" || !!photo));

  return { busy, errors, note, setNote, photo, setPhoto, ready, run, sendStep };
}
