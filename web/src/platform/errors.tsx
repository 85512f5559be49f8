/** Field errors: ours (a message key) or the server's problem+json, shown in the reader's language. */
import { useTranslation } from "react-i18next";
import { ApiError } from "./api.ts";

export type FieldError = { key: string; params?: Record<string, unknown> } | { error: ApiError };

/** A failure as a field error: the server's problem when it answered, "network down" when it did not. */
export function fieldError(e: unknown): FieldError {
  return e instanceof ApiError ? { error: e } : { key: "err.network" };
}

/** Maps a problem's `field` ("location.lat", "caller.phone", "unitIds/0") to the form field that shows it. */
export function fieldOf(field: string | undefined): string | null {
  if (!field) return null;
  const f = field.replace(/\//g, ".");
  if (f.startsWith("location")) return "location";
  if (f.startsWith("caller.phone")) return "caller.phone";
  if (f.startsWith("caller.name")) return "caller.name";
  if (f.startsWith("unitIds")) return "unitIds";
  for (const known of ["categoryCode", "priority", "narrative", "channel", "reason", "disposition", "note", "status"]) {
    if (f.startsWith(known)) return known;
  }
  return null;
}

/**
 * Where a failed submit shows its error: next to the form field the problem names (one of
 * `fields`, or a part of one: "skill.x" → "skill"), else under the form; a network failure too.
 */
export function errorForForm<F extends string>(err: unknown, fields: readonly F[]): Partial<Record<F | "form", FieldError>> {
  if (!(err instanceof ApiError)) return { form: { key: "err.network" } } as Partial<Record<F | "form", FieldError>>;
  const f = fields.find((x) => err.field === x || err.field?.startsWith(`${x}.`)) ?? "form";
  return { [f]: { error: err } } as Partial<Record<F | "form", FieldError>>;
}

/** A form's table of field (as `fieldOf` names it) → the string key of the label it shows. */
export type FieldLabels = Readonly<Record<string, string>>;

/**
 * The error in the reader's language. With the form's `labels`, a server refusal names the field
 * by the label the reader sees (the problem's own field when it differs, e.g. an error under the
 * form about one of its fields), never by the server's pointer.
 */
export function FieldErrorText({ field, error, labels }: { field: string; error: FieldError | null | undefined; labels?: FieldLabels }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text: string;
  if ("error" in error) {
    const named = fieldOf(error.error.field) ?? error.error.field ?? field;
    const key = labels?.[named] ?? labels?.[field];
    text = error.error.labelled(key ? t(key) : undefined);
  } else text = t(error.key, error.params);
  return (
    <span className="field-error" role="alert" data-field={field}>
      {text}
    </span>
  );
}
