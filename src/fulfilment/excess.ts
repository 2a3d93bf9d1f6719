import { isColorSupply } from '../forecasting/index.js';

/** The page count a supply's use is measured on: every page, or pages with colour on them (the device's colour counter). */
export type ExcessPagesAxis = 'total' | 'color';

/** What the excess-supply guard knows about one colour of a device when a job line is added. */
export interface ExcessInput {
  supplyIndex: number;
  color: string | null;
  kind: string;
  /** Cartridges of this colour and kind on the device's job lines before this one, cancelled jobs left out. */
  shippedBefore: number;
  /** When the first of them was put on a job; null when none was. */
  firstShippedAt: Date | null;
  /** Cartridges this line adds. */
  adding: number;
  /** Pages the device printed since the first shipment, on `pagesAxis`; null when its meters do not tell. */
  pagesPrinted: number | null;
  /** Which pages `pagesPrinted` and `yieldPages` count (see excessPages); total when not said. */
  pagesAxis?: ExcessPagesAxis;
  /** Pages a cartridge lasts in this device (realized yield of its cycles, else the item's rated yield); null when unknown. */
  yieldPages: number | null;
  /** Cartridges the device may be sent ahead of what it used (the excessCartridgesAhead setting). */
  threshold: number;
}

/** The figures of an excess-supply flag, kept on the job so a dispatcher sees why. */
export interface ExcessFlag {
  supplyIndex: number;
  color: string | null;
  kind: string;
  shipped: number;
  since: string;
  pagesPrinted: number;
  pagesAxis: ExcessPagesAxis;
  yieldPages: number;
  cartridgesUsed: number;
  ahead: number;
  threshold: number;
  message: string;
}

/**
 * Which pages a supply's use is counted on, and the yield that goes with them. Colour toner goes on colour pages only,
 * so on a colour printer that prints mostly mono, total pages ÷ yield would say the cyan was used up long before it
 * was: a colour supply (pages-axis.ts's isColorSupply) counts the device's colour pages where it reports them, against
 * the item's rated yield (ISO/IEC 19798 rates colour cartridges in pages of a colour test suite, so colour pages).
 * Black and grey supplies, devices without a colour counter, and items without a rated yield count total pages
 * against the realized yield of the device's own cycles (stored in total pages), else the rated yield.
 */
export function excessPages(color: string | null, pages: { total: number | null; color: number | null }, yields: { realized: number | null; rated: number | null }): { pagesAxis: ExcessPagesAxis; pagesPrinted: number | null; yieldPages: number | null } {
  if (isColorSupply(color) && pages.color !== null && yields.rated !== null && yields.rated > 0) return { pagesAxis: 'color', pagesPrinted: pages.color, yieldPages: yields.rated };
  return { pagesAxis: 'total', pagesPrinted: pages.total, yieldPages: yields.realized ?? yields.rated };
}

/**
 * CEO Juice's check: cartridges shipped per device and colour against pages printed ÷ realized yield. The first
 * shipment replaced the cartridge then in the printer, so after it a device has used pages ÷ yield cartridges and
 * needs as many; every one shipped beyond that is a spare. A line that takes the spares above the threshold (one by
 * default) is flagged with the figures. Null when nothing was shipped before, or the pages or yield are unknown (no
 * figures, no flag: the 30 % rule still guards every request).
 */
export function excessFlag(input: ExcessInput): ExcessFlag | null {
  if (input.shippedBefore === 0 || input.firstShippedAt === null || input.pagesPrinted === null || input.yieldPages === null || input.yieldPages <= 0) return null;
  const shipped = input.shippedBefore + input.adding;
  const used = Math.max(0, input.pagesPrinted) / input.yieldPages;
  const ahead = Math.round((shipped - 1 - used) * 10) / 10;
  if (ahead <= input.threshold) return null;
  const what = [input.color, input.kind].filter(Boolean).join(' ');
  const cartridgesUsed = Math.round(used * 10) / 10;
  const pagesAxis = input.pagesAxis ?? 'total';
  const pages = pagesAxis === 'color' ? 'colour pages' : 'pages';
  return {
    supplyIndex: input.supplyIndex, color: input.color, kind: input.kind, shipped, since: input.firstShippedAt.toISOString(), pagesPrinted: input.pagesPrinted, pagesAxis,
    yieldPages: input.yieldPages, cartridgesUsed, ahead, threshold: input.threshold,
    message: `${shipped} ${what} cartridges shipped since ${input.firstShippedAt.toISOString().slice(0, 10)}, but ${input.pagesPrinted} ${pages} at about ${input.yieldPages} ${pages} a cartridge used only ${cartridgesUsed}: ${ahead} ahead, more than the ${input.threshold} allowed.`,
  };
}
