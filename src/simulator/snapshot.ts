/**
 * What a simulated printer shows on the wire at one instant: the values its SNMP agent and IPP
 * server answer with, already encoded by its reporting personality (steps, units, quirks). The
 * protocol faces only render this; they decide nothing.
 */

/** One row of the Printer MIB supplies table (RFC 3805 prtMarkerSuppliesEntry) and its IPP marker. */
export interface WireSupply {
  /** prtMarkerSuppliesIndex, 1-based. */
  index: number;
  /** prtMarkerSuppliesClass: 3 supplyThatIsConsumed, 4 receptacleThatIsFilled. */
  supplyClass: 3 | 4;
  /** prtMarkerSuppliesType: 3 toner, 4 wasteToner, 9 opc, 15 fuser, 21 tonerCartridge, … */
  type: number;
  /** prtMarkerSuppliesDescription, e.g. "Black Cartridge HP CF259A". */
  description: string;
  /** prtMarkerSuppliesSupplyUnit: 19 percent, 7 impressions, 13 tenthsOfGrams, 17 items, … */
  unit: number;
  /** prtMarkerSuppliesMaxCapacity; −1 other, −2 unknown. */
  maxCapacity: number;
  /** prtMarkerSuppliesLevel; −1 other, −2 unknown, −3 some remaining, quirks like Ricoh's −100. */
  level: number;
  /** prtMarkerSuppliesColorantIndex: a row of `colorants`, 0 when none. */
  colorantIndex: number;
  /** IPP marker-names entry. */
  ippName: string;
  /** IPP marker-colors entry, e.g. "#000000", or "none". */
  ippColor: string;
  /** IPP marker-types keyword, e.g. "toner-cartridge", "waste-toner", "opc". */
  ippType: string;
  /** IPP marker-levels entry: percent 0–100, or −1 unavailable, −2 unknown, −3 unknown but not empty. */
  ippLevel: number;
  /** IPP marker-low-levels entry (percent). */
  ippLowLevel: number;
  /** IPP marker-high-levels entry (percent). */
  ippHighLevel: number;
}

/** prtMarkerColorantValue rows: colorant index → name ("black", "cyan", …). */
export interface WireColorant {
  index: number;
  value: string;
}

/** One prtAlertTable row (RFC 3805 prtAlertEntry), e.g. toner almost empty (code 1104) or empty (1101). */
export interface WireAlert {
  /** prtAlertIndex: grows monotonically as alerts appear. */
  index: number;
  /** prtAlertSeverityLevel: 1 other, 3 critical, 4 warning, 5 warningBinaryChangeEvent. */
  severity: number;
  /** prtAlertTrainingLevel: 3 untrained (anyone may swap a toner cartridge), 5 fieldService. */
  trainingLevel: number;
  /** prtAlertGroup: 11 markerSupplies. */
  group: number;
  /** prtAlertGroupIndex: the supply index the alert is about. */
  groupIndex: number;
  /** prtAlertLocation: −2 unknown. */
  location: number;
  /** prtAlertCode: 1101 markerTonerAlmostEmpty, 1102 markerTonerEmpty, 1104? etc. */
  code: number;
  /** prtAlertDescription. */
  description: string;
  /** prtAlertTime: sysUpTime ticks (1/100 s) when it appeared. */
  time: number;
}

/** Everything one printer answers with at one instant. */
export interface PrinterSnapshot {
  /** false while the printer is switched off or unplugged: it answers nothing at all. */
  online: boolean;
  /** sysDescr; some vendors (HP) put "SN:<serial>" here. */
  sysDescr: string;
  /** sysObjectID as a dotted OID. */
  sysObjectId: string;
  /** sysUpTime in hundredths of a second since the printer last powered on. */
  sysUpTimeTicks: number;
  /** sysName. */
  sysName: string;
  /** hrDeviceDescr of hrDevice index 1 (the printer). */
  hrDeviceDescr: string;
  /** hrDeviceType of index 1: always hrDevicePrinter (1.3.6.1.2.1.25.3.1.5) for a printer. */
  hrDeviceType: string;
  /** prtGeneralSerialNumber; null when the device does not serve it (serial only in sysDescr), "" when it serves it empty. */
  serial: string | null;
  /** The serial in the maker's own MIB (HP, Kyocera); null when the simulator renders no maker MIB for it. */
  vendorSerial: string | null;
  /** The network interface's address (ifPhysAddress of ifIndex 2), stable for the printer's life. */
  mac: string;
  /** prtMarkerLifeCount of marker 1: total impressions. */
  pageCount: number;
  /** Quirk: the counter is sent as INTEGER instead of Counter32. */
  pageCountAsInteger: boolean;
  /**
   * The page counters as the CONTRACT reading carries them: `total` is `pageCount`; `mono` and `color`
   * (pages with any colour; mono = total − colour) are what vendor MIBs publish (HP, Kyocera, Konica
   * Minolta, …), null when the model does not (ModelSpec.colorCounters). The SNMP face serves them at the
   * maker's OIDs (snmp/vendor-oids.ts).
   */
  meters: { total: number; mono: number | null; color: number | null };
  supplies: WireSupply[];
  colorants: WireColorant[];
  alerts: WireAlert[];
  /** IPP printer-make-and-model. */
  makeAndModel: string;
  /** IPP printer-serial-number (null when the device hides it from IPP too). */
  ippSerial: string | null;
}
