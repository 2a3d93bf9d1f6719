import { z } from 'zod';
import { PERSONALITIES } from './personality.js';

const Color = z.enum(['black', 'cyan', 'magenta', 'yellow']);
const personalityNames = Object.keys(PERSONALITIES) as [keyof typeof PERSONALITIES, ...(keyof typeof PERSONALITIES)[]];

/** A cartridge, drum or waste box a model takes. */
export const SupplySpec = z.object({
  kind: z.enum(['toner', 'drum', 'waste-toner']),
  color: Color.nullable().default(null),
  description: z.string().min(1),
  partNumber: z.string().min(1),
  /** Rated yield in pages at 5 % coverage (ISO/IEC 19752/19798); for a waste box, pages until full. */
  ratedYield: z.number().int().positive(),
});
export type SupplySpec = z.infer<typeof SupplySpec>;

/** A printer model: what it holds, how it reports, and its vendor quirks. */
export const ModelSpec = z.object({
  id: z.string().min(1),
  vendor: z.string().min(1),
  name: z.string().min(1),
  sysObjectId: z.string().regex(/^\d+(\.\d+)+$/),
  /** Serial number prefix; the rest is drawn from the scenario seed. */
  serialPrefix: z.string().regex(/^[A-Z0-9]{2,6}$/),
  color: z.boolean(),
  supplies: z.array(SupplySpec).min(1),
  personality: z.enum(personalityNames),
  /** How the waste box reports: percent of space left, or −3 until full (Kyocera). */
  wastePersonality: z.enum(['percent', 'some-remaining']).default('percent'),
  /** The device's own "low" sensor trips at this percentage (some trip at 35–40 %). */
  lowPercent: z.number().min(1).max(50),
  /** Quirk: the page counter is sent as INTEGER instead of Counter32. */
  counterAsInteger: z.boolean().default(false),
  /** Quirk: no prtGeneralSerialNumber; the serial is only in sysDescr as "SN:…" (and IPP hides it). */
  serialOnlyInSysDescr: z.boolean().default(false),
  /**
   * Quirk: prtGeneralSerialNumber is empty and the serial lives only in the maker's own MIB (Kyocera's
   * kcprtSerialNumber; Brother, Epson and Zebra do the same), so a collector must read that MIB to identify it.
   */
  serialOnlyInVendorMib: z.boolean().default(false),
  /**
   * The device publishes mono and colour page counters (vendor MIBs: HP, Kyocera, Konica Minolta, Sharp,
   * Ricoh, Xerox, Canon and Brother have them; dealers bill by them); a colour page is one with any colour on it.
   */
  colorCounters: z.boolean().default(false),
});
export type ModelSpec = z.infer<typeof ModelSpec>;

export const Catalogue = z.array(ModelSpec).min(1);

const toner = (color: z.infer<typeof Color>, description: string, partNumber: string, ratedYield: number) =>
  ({ kind: 'toner', color, description, partNumber, ratedYield }) as const;

/**
 * The built-in catalogue: one model per reporting personality, mono and colour, with drums and waste
 * boxes, so a fleet drawn from it covers every behaviour the collector and forecast must handle. Two of
 * the three colour models publish mono and colour counters (HP and Kyocera do in the field); the Ricoh
 * does not, so colour devices without them stay covered.
 */
export const DEFAULT_CATALOGUE: ModelSpec[] = Catalogue.parse([
  { id: 'hp-m404', vendor: 'HP', name: 'HP LaserJet Pro M404dn', sysObjectId: '1.3.6.1.4.1.11.2.3.9.1', serialPrefix: 'PHBQ', color: false,
    personality: 'percent-1', lowPercent: 10, serialOnlyInSysDescr: true,
    supplies: [toner('black', 'Black Cartridge HP CF259A', 'CF259A', 3000)] },
  { id: 'hp-m454', vendor: 'HP', name: 'HP Color LaserJet Pro M454dw', sysObjectId: '1.3.6.1.4.1.11.2.3.9.1', serialPrefix: 'VNB3', color: true,
    personality: 'percent-1', lowPercent: 10, colorCounters: true,
    supplies: [toner('black', 'Black Cartridge HP W2030A', 'W2030A', 2400), toner('cyan', 'Cyan Cartridge HP W2031A', 'W2031A', 2100),
      toner('magenta', 'Magenta Cartridge HP W2033A', 'W2033A', 2100), toner('yellow', 'Yellow Cartridge HP W2032A', 'W2032A', 2100)] },
  { id: 'kyocera-m5526', vendor: 'Kyocera', name: 'ECOSYS M5526cdw', sysObjectId: '1.3.6.1.4.1.1347.41', serialPrefix: 'VCF9', color: true,
    personality: 'tenths-of-grams', wastePersonality: 'some-remaining', lowPercent: 5, colorCounters: true, serialOnlyInVendorMib: true,
    supplies: [toner('black', 'TK-5240K', 'TK-5240K', 4000), toner('cyan', 'TK-5240C', 'TK-5240C', 3000), toner('magenta', 'TK-5240M', 'TK-5240M', 3000),
      toner('yellow', 'TK-5240Y', 'TK-5240Y', 3000), { kind: 'waste-toner', color: null, description: 'Waste Toner Box', partNumber: 'WT-5140', ratedYield: 36000 }] },
  { id: 'brother-l2350', vendor: 'Brother', name: 'Brother HL-L2350DW', sysObjectId: '1.3.6.1.4.1.2435.2.3.9.1', serialPrefix: 'E7865', color: false,
    personality: 'percent-10', lowPercent: 20, counterAsInteger: true,
    supplies: [toner('black', 'Toner Cartridge TN-2410', 'TN2410', 1200), { kind: 'drum', color: null, description: 'Drum Unit DR-2400', partNumber: 'DR2400', ratedYield: 12000 }] },
  { id: 'canon-lbp226', vendor: 'Canon', name: 'Canon i-SENSYS LBP226dw', sysObjectId: '1.3.6.1.4.1.1602.4.1', serialPrefix: 'XPE', color: false,
    personality: 'percent-25', lowPercent: 35,
    supplies: [toner('black', 'Canon Cartridge 057 Black', '3009C002', 3100)] },
  { id: 'samsung-m2070', vendor: 'Samsung', name: 'Samsung Xpress M2070', sysObjectId: '1.3.6.1.4.1.236.11.5.1', serialPrefix: 'ZD2B', color: false,
    personality: 'low-only', lowPercent: 15,
    supplies: [toner('black', 'Black Toner MLT-D111S', 'MLT-D111S', 1000)] },
  { id: 'ricoh-c261', vendor: 'Ricoh', name: 'RICOH SP C261DNw', sysObjectId: '1.3.6.1.4.1.367.1.1', serialPrefix: 'G47', color: true,
    personality: 'ricoh-near-end', lowPercent: 10,
    supplies: [toner('black', 'Print Cartridge Black SP C250E', '407543', 2000), toner('cyan', 'Print Cartridge Cyan SP C250E', '407544', 1600),
      toner('magenta', 'Print Cartridge Magenta SP C250E', '407545', 1600), toner('yellow', 'Print Cartridge Yellow SP C250E', '407546', 1600)] },
  { id: 'sharp-b350', vendor: 'Sharp', name: 'Sharp MX-B350P', sysObjectId: '1.3.6.1.4.1.2385.3.1', serialPrefix: '05', color: false,
    personality: 'unknown', lowPercent: 10,
    supplies: [toner('black', 'Toner MX-B45GT', 'MX-B45GT', 10000)] },
  { id: 'epson-m320', vendor: 'Epson', name: 'Epson WorkForce AL-M320DN', sysObjectId: '1.3.6.1.4.1.1248.1.2.2.1', serialPrefix: 'X4HE', color: false,
    personality: 'over-max', lowPercent: 10,
    supplies: [toner('black', 'Toner Cartridge S110080', 'C13S110080', 2700)] },
]);
