/**
 * A printer's model name as dealers key related stock by it ("MC873", "AltaLink C8045"), never a whole
 * sysDescr. Devices name their model in hrDeviceDescr, in their maker's MIB, or only inside sysDescr
 * among firmware versions (OKI and Xerox devices whose hrDeviceDescr is generic run to 150–200 characters).
 */

const MAX_MODEL = 64;

// Print-server and generic descriptions that name no model ("EPSON Built-in Gigabit Ether Print Server").
const GENERIC = /\b(print ?server|network printer|printing system|ethernet|multi-environment|jetdirect|okilan)\b/i;

/** The model as a maker's own model object says it: without the maker's name Konica Minolta prefixes, Canon's " /P" tail. */
function tidy(text: string): string {
  return text
    .replace(/[\0\s]+/g, ' ')
    .replace(/\s*\/P$/i, '')
    .replace(/^KONICA MINOLTA\s+/i, '')
    .trim();
}

/** True when a description names a model: short, with a digit (model numbers have them), not a print server's. */
function namesModel(text: string | null | undefined): text is string {
  return !!text && text.length <= MAX_MODEL && /\d/.test(text) && !GENERIC.test(text);
}

/** Rules for sysDescr texts that carry a model among versions; each gives the model without the maker's name. */
const FROM_SYS_DESCR: RegExp[] = [
  // "Xerox AltaLink C8045; SS 100.002…", "Xerox WorkCentre 7556 v1 Multifunction System; System Software …",
  // "FUJI XEROX DocuPrint CM305 df; Net 16.41,…": the model ends at ';', before a version or "Multifunction".
  /^(?:Xerox|FUJI ?XEROX|FUJIFILM)®?\s+(.+?)(?:\s+v\s*\d[\w. ]*)?(?:\s+Multifunction\s+\w+)?\s*(?:;|$)/i,
  // OkiLAN print servers: "OKI OkiLAN 8100e Rev.02.73 … PrintServer: Attached to C3200n Rev.N2.14 : (C)2004 Oki Data".
  /Attached to\s+(?:OKI\s+)?(.+?)\s+Rev\./i,
  // OKI devices naming their model among other words: "OKI MC873", "OKI-MC873dn".
  /\bOKI[\s-]+(?:OKI[\s-]+)?((?:MC|MB|MPS|ES|CX|[BC])\d{3,4}[a-z]*)\b/i,
  // "Lexmark CX510de version NH61.GM.N634 kernel …".
  /^Lexmark\s+(\S+)\s+version\b/i,
  // "SHARP MX-M314N".
  /^SHARP\s+([A-Z]{2}-?[A-Z0-9]+)\b/i,
  // "RICOH MP 3053 1.16 / RICOH Network Printer C model …", "RICOH IM C3510 JPN 1.10.1 / …".
  /^(?:RICOH|SAVIN|LANIER|NRG|Gestetner)\s+((?:Aficio\s+|Pro\s+)?[A-Z]{1,3}\s?[A-Z]?\d[\w-]*)/i,
  // HP: "…,PID:HP LaserJet Pro M404dn" (the model as HP names it, maker included).
  /PID:\s*([^,;]+)/i,
];

/** The model a sysDescr carries, by the rules above; null when none applies. */
export function modelFromSysDescr(sysDescr: string | null): string | null {
  const text = (sysDescr ?? '').replace(/[\0\s]+/g, ' ').trim();
  for (const rule of FROM_SYS_DESCR) {
    const model = rule.exec(text)?.[1]?.trim();
    if (model && model.length <= MAX_MODEL) return model;
  }
  return null;
}

/**
 * The model of a printer, best source first: hrDeviceDescr when it names one, the maker's model object, a
 * model found inside sysDescr, else the first clause of hrDeviceDescr or sysDescr cut to 64 characters.
 */
export function modelOf(input: { hrDeviceDescr: string | null; vendorModel: string | null; sysDescr: string | null }): string | null {
  const described = input.hrDeviceDescr ? tidy(input.hrDeviceDescr) : null;
  if (namesModel(described)) return described;
  const vendor = input.vendorModel ? tidy(input.vendorModel) : null;
  if (vendor && vendor.length <= MAX_MODEL) return vendor;
  const inSysDescr = modelFromSysDescr(input.sysDescr);
  if (inSysDescr) return inSysDescr;
  const fallback = (described || tidy(input.sysDescr ?? '')).split(/[;,]/)[0]!.trim();
  return fallback ? fallback.slice(0, MAX_MODEL).trim() : null;
}
