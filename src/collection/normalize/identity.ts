// Placeholder strings devices put where they have no serial.
const NO_SERIAL = /^(|0+|n\/?a|none|unknown|not ?available|x+|-+|\?+)$/i;

/** A serial number as TonerLoop stores it: trimmed, upper case, null for placeholders. */
export function cleanSerial(value: string | null | undefined): string | null {
  const text = (value ?? '').replace(/[\0\s]+/g, ' ').trim();
  if (NO_SERIAL.test(text) || !/^[\x21-\x7e]+$/.test(text)) return null;
  return text.toUpperCase();
}

/** The serial an HP-style sysDescr carries ("…,SN:PHBQH12345,PID:…"), or null. */
export function serialFromSysDescr(sysDescr: string | null): string | null {
  const match = /(?:^|[,;\s])(?:SN|S\/N|Serial(?:\s*Number)?)\b\s*[:=#]?\s*([A-Za-z0-9-]{4,32})/i.exec(sysDescr ?? '');
  return match ? cleanSerial(match[1]) : null;
}

/** The model an HP-style sysDescr names ("…,PID:HP LaserJet Pro M404dn"), or null. */
export function modelFromSysDescr(sysDescr: string | null): string | null {
  const match = /PID:\s*([^,;]+)/i.exec(sysDescr ?? '');
  return match ? match[1]!.trim() : null;
}

/** A page counter as a number: Counter32 or INTEGER alike; negative or non-numeric values are no counter. */
export function counterValue(value: number | string | null | undefined): number | null {
  const n = typeof value === 'string' ? (/^\d+$/.test(value.trim()) ? Number(value.trim()) : null) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && Number.isInteger(n) ? n : null;
}
