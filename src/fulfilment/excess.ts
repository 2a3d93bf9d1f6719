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
  /** Pages the device printed since the first shipment; null when its meters do not tell. */
  pagesPrinted: number | null;
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
  yieldPages: number;
  cartridgesUsed: number;
  ahead: number;
  threshold: number;
  message: string;
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
  return {
    supplyIndex: input.supplyIndex, color: input.color, kind: input.kind, shipped, since: input.firstShippedAt.toISOString(), pagesPrinted: input.pagesPrinted,
    yieldPages: input.yieldPages, cartridgesUsed, ahead, threshold: input.threshold,
    message: `${shipped} ${what} cartridges shipped since ${input.firstShippedAt.toISOString().slice(0, 10)}, but ${input.pagesPrinted} pages at about ${input.yieldPages} pages a cartridge used only ${cartridgesUsed}: ${ahead} ahead, more than the ${input.threshold} allowed.`,
  };
}
