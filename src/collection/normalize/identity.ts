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

/**
 * The printer's interface address from ifType/ifPhysAddress ("00:1b:78:12:34:56"): the wired interface with the
 * lowest ifIndex, else any other six-byte address; never the loopback's empty one, an all-zero or a broadcast
 * address. A printer keeps it when DHCP moves it, so it identifies a printer that tells no serial.
 */
export function macOf(ifType: ReadonlyMap<string, { value: number | string }>, ifPhysAddress: ReadonlyMap<string, { bytes?: Buffer }>): string | null {
  const ETHERNET = 6;
  const usable = [...ifPhysAddress]
    .filter(([, v]) => v.bytes?.length === 6 && !v.bytes.every((b) => b === 0) && !v.bytes.every((b) => b === 0xff))
    .sort(([a], [b]) => Number(a) - Number(b));
  const [, chosen] = usable.find(([index]) => Number(ifType.get(index)?.value) === ETHERNET) ?? usable[0] ?? [];
  return chosen?.bytes ? [...chosen.bytes].map((b) => b.toString(16).padStart(2, '0')).join(':') : null;
}

/** A page counter as a number: Counter32 or INTEGER alike; negative or non-numeric values are no counter. */
export function counterValue(value: number | string | null | undefined): number | null {
  const n = typeof value === 'string' ? (/^\d+$/.test(value.trim()) ? Number(value.trim()) : null) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && Number.isInteger(n) ? n : null;
}
