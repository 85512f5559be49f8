/**
 * RFC 9457 problem details. Services throw a Problem; the HTTP layer renders it as
 * application/problem+json in the caller's language. `field` names the offending input as a
 * JSON pointer-ish path (`location.lat`), so a form can put the message next to the field.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly extra: { field?: string; allowed?: string[]; [k: string]: unknown } = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

/** What a person reads for a state (or an action) code, in both languages. */
export type StateLabels = Readonly<Record<string, { zh: string; en: string }>>;

export const problems = {
  /** `reasonZh` is the reason for Chinese readers; without it they read the English one. */
  validation: (field: string, reason: string, reasonZh?: string) =>
    new Problem(400, "validation", reasonZh ? { field, reason, reasonZh } : { field, reason }, { field }),
  unknownCode: (field: string, what: string, code: string) => new Problem(422, "unknown_code", { what, code }, { field }),
  outsideCity: (field: string, lat: number, lon: number) => new Problem(422, "outside_city", { lat, lon }, { field }),
  unauthenticated: () => new Problem(401, "unauthenticated"),
  forbidden: (permission: string) => new Problem(403, "forbidden", { permission }, { permission }),
  outOfScope: (what: string) => new Problem(403, "out_of_scope", { what }),
  notFound: (what: string, id: string) => new Problem(404, "not_found", { what, id }),
  /**
   * A move the state machine refuses. The codes stay machine-readable in `allowed`; the message
   * reads the states' names from `labels`, which each caller passes because the platform knows
   * no module's states. A code missing from `labels` reads as "this state", never as the code.
   */
  illegalTransition: (from: string, to: string, allowed: string[], labels: StateLabels) => {
    const zh = (c: string) => labels[c]?.zh ?? "该状态";
    const en = (c: string) => labels[c]?.en ?? "this state";
    const params = {
      from: en(from),
      to: en(to),
      allowed: allowed.map(en).join(", ") || "—",
      fromZh: zh(from),
      toZh: zh(to),
      allowedZh: allowed.map(zh).join("、") || "无",
    };
    return new Problem(409, "illegal_transition", params, { field: "status", allowed });
  },
  /** `detailZh` says the same for Chinese readers. */
  conflict: (detail: string, detailZh: string, field?: string) => new Problem(409, "conflict", { detail, detailZh }, { field }),
};
