/**
 * The unit-status slices of the dashboard's donut, coloured by base state. Statuses sharing a base
 * (dispatched and on scene are both committed) get lighter shades of its colour, so no two slices
 * of a base look alike.
 */

export function statusSlices<B extends string>(byStatus: Map<string, { n: number; base: B }>, colours: Record<B, string>) {
  const seen = new Map<B, number>();
  return [...byStatus.entries()].map(([name, { n, base }]) => {
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return { name, value: n, itemStyle: { color: lighten(colours[base], Math.min(0.75, k * 0.25)) } };
  });
}

/** `hex` (#rrggbb) mixed with white by `by` (0 = as is, 1 = white). */
export function lighten(hex: string, by: number): string {
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `#${c
    .map((v) =>
      Math.round(v + (255 - v) * by)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}
