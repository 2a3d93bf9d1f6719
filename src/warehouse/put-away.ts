import type { ScanRefusal, Scanned } from './scan.js';

/** The outcome of a scan at a receiving station: the unit counted into stock, or why not. */
export type PutAwayDecision = { accepted: true; unitId: string; expecting: string } | { accepted: false; reason: ScanRefusal; expecting: string };

const AGAIN = 'Scan the next unit label to count it in.';

/**
 * Decides a scan at a receiving station, where labelled units are put away: a unit counts as on hand only once its own
 * label is scanned at its bin (counts come from scans, not from the receipt's typed quantity). A unit counted in
 * already is same-label-twice (it would be counted twice); a packed or shipped one is already-packed; an order label is
 * unit-label-expected; anything else unknown-label.
 */
export function decidePutAway(scanned: Scanned): PutAwayDecision {
  if (scanned.kind === 'unknown') return { accepted: false, reason: 'unknown-label', expecting: `Refused: ${scanned.hint ?? `${scanned.code} is not a unit label of this dealer`}. ${AGAIN}` };
  if (scanned.kind === 'order') return { accepted: false, reason: 'unit-label-expected', expecting: `Refused: ${scanned.code} is an order label; receiving counts units by their own labels. ${AGAIN}` };
  const unit = scanned.unit;
  if (unit.status === 'in-stock') return { accepted: false, reason: 'same-label-twice', expecting: `Refused: ${unit.label} (${unit.sku}) was counted in already; each unit counts once. ${AGAIN}` };
  if (unit.status !== 'labelled') return { accepted: false, reason: 'already-packed', expecting: `Refused: ${unit.label} (${unit.sku}) is ${unit.status}, in ${unit.jobNumber}'s box. ${AGAIN}` };
  return { accepted: true, unitId: unit.id, expecting: `Counted: put ${unit.label} (${unit.sku}) in bin ${unit.location}. ${AGAIN}` };
}
