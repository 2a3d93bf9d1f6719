/**
 * The IPP face of the printer simulator: renders a PrinterSnapshot as Get-Printer-Attributes
 * answers, one HTTP listener per simulated printer address.
 */
export { IppSimulator, type IppSimulatorOptions } from './server.js';
export { IPP_PATH, type IppSimulatorCounters } from './http-handler.js';
export { answerIppRequest, type IppAnswer } from './answer.js';
export {
  IPP_VERSIONS_SUPPORTED,
  printerAttributeCatalogue,
  selectPrinterAttributes,
  type AttributeGroup,
  type PrinterAttributeEntry,
} from './printer-attributes.js';
export { printerStateReasons, printerSupplyValue, supplyClassKeyword, supplyTypeKeyword, supplyUnitKeyword } from './supplies.js';
