/** The warehouse: unit labels and receiving, the scan station (packing by pairs of unit and order label), dispatch and delivery. */
export { warehouseRoutes } from './warehouse.routes.js';
export { createWarehouseRepository, type WarehouseRepository } from './warehouse.repository.js';
export { receiveStock, receiptLabelSheet, type ReceiptInput } from './receiving.service.js';
export { scanCode, stationView, type ScanAnswer, type ScanInput } from './scan.service.js';
export { dispatchJob, confirmDelivery } from './dispatch.service.js';
export { decideScan, isComplete, SCAN_REFUSALS, type ScanRefusal, type StationState, type Scanned, type PackJob } from './scan.js';
export { decidePutAway } from './put-away.js';
export { unitLabelFrom, isUnitLabel, serialProblem } from './labels.js';
export { renderLabelSheet, code128Png, type PrintedLabel } from './label-sheet.js';
export { pickList, pickListPdf, packingSlip, shippingLabel, discrepancies } from './documents.service.js';
export { groupPicksByBin, type PickLine, type BinPick } from './pick-list.js';
export { jobDiscrepancy, type SkuCounts } from './discrepancies.js';
export { createWarehouseDocumentsRepository, type WarehouseDocumentsRepository } from './documents.repository.js';
