/**
 * A job's order label (Code 128, on its pick list and its box): the job number itself, J-000123. A unit label is 'U'
 * and ten base-32 characters with no hyphen, so neither can be read as the other, and a person reading either aloud
 * knows which it is.
 */
export function orderLabelOf(jobNumber: string): string {
  return jobNumber;
}

/** True when a scanned code has the shape of an order label (the job number it carries is then looked up). */
export function isOrderLabel(code: string): boolean {
  return /^J-\d{1,12}$/.test(code);
}
