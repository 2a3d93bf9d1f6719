import type { SimPrinter } from '../../simulator/printer.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far the oracle looks ahead for a depletion; beyond it, it looks again later. */
const ORACLE_HORIZON_DAYS = 60;

/**
 * When supply `index` of the printer really runs out with nothing on site (no spare on the shelf, nothing on its
 * way that came in time), looked ahead on a fork of the printer: same state, same plans (deliveries on their way
 * included), same random streams. The other supplies are given spares, as the oracle keeps them supplied too.
 * Null beyond the horizon.
 */
export function lookAhead(printer: SimPrinter, index: number, now: number): { runsOutBareAt: number | null; until: number } {
  const s = printer.supplies[index - 1]!;
  if (s.empty && s.spares === 0) return { runsOutBareAt: now, until: Infinity };
  let runsOutBareAt: number | null = null;
  const fork = printer.fork({
    record: (e) => {
      if (e.type === 'depleted' && e.supply === index && runsOutBareAt === null && fork.supplies[index - 1]!.spares === 0) runsOutBareAt = Date.parse(e.at);
    },
  });
  for (const other of fork.supplies) if (other.index !== index) other.spares += 5;
  const end = now + ORACLE_HORIZON_DAYS * DAY;
  for (let t = fork.time + HOUR; runsOutBareAt === null && t <= end; t += HOUR) fork.advanceTo(t);
  return runsOutBareAt === null ? { runsOutBareAt: null, until: now + (ORACLE_HORIZON_DAYS / 2) * DAY } : { runsOutBareAt, until: Infinity };
}
