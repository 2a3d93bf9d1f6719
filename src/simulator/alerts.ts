import type { SupplySpec } from './catalogue.js';

/** An alert the printer currently shows in its prtAlertTable. */
export interface ActiveAlert {
  alertIndex: number;
  supply: number;
  severity: number;
  code: number;
  description: string;
  /** Epoch ms when it appeared. */
  at: number;
}

// RFC 3805 PrtAlertCodeTC: markerTonerEmpty(1101), markerTonerAlmostEmpty(1104),
// markerWasteTonerReceptacleAlmostFull(1107), markerWasteTonerReceptacleFull(1109),
// markerOpcLifeAlmostOver(1115), markerOpcLifeOver(1116). Severity: critical(3), warning(4).
const CODES = {
  toner: { low: 1104, empty: 1101 },
  'waste-toner': { low: 1107, empty: 1109 },
  drum: { low: 1115, empty: 1116 },
} as const;

/** The alert a supply raises when it gets low (or nearly full) and when it runs out (or is full). */
export function alertFor(spec: SupplySpec, supply: number, kind: 'low' | 'empty'): Omit<ActiveAlert, 'alertIndex' | 'at'> {
  const words = spec.kind === 'waste-toner' ? (kind === 'low' ? 'nearly full' : 'full') : kind === 'low' ? 'low' : 'empty';
  return { supply, severity: kind === 'low' ? 4 : 3, code: CODES[spec.kind][kind], description: `${spec.description} ${words}` };
}
