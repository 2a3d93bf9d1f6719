/** A supply's expected depletion, for consolidation. */
export interface DepletionOf {
  index: number;
  color: string | null;
  /** Epoch ms, or null when there is no forecast. */
  depletesAt: number | null;
}

/**
 * For each colour supply with a forecast, the other colour supplies of the same device expected to run
 * out within `windowDays` of it: ship them in one box instead of two trips a few days apart.
 */
export function consolidationHints(supplies: readonly DepletionOf[], windowDays: number): Map<number, number[]> {
  const window = windowDays * 86_400_000;
  const colored = supplies.filter((s): s is DepletionOf & { depletesAt: number } => s.depletesAt !== null && s.color !== null);
  const hints = new Map<number, number[]>();
  for (const supply of colored) {
    hints.set(supply.index, colored.filter((other) => other.index !== supply.index && Math.abs(other.depletesAt - supply.depletesAt) <= window).map((other) => other.index));
  }
  return hints;
}
