/** The stock catalogue: items with part numbers, barcodes and substitutes; related stock per printer model; contracts' default stock. */
export { stockRoutes } from './stock.routes.js';
export { createStockRepository, type StockRepository, type StockItemDetails } from './stock.repository.js';
export {
  createStockItem, updateStockItem, getStockItem, listStockItems, getRelatedStock, setRelatedStock, getContractDefaultStock, setContractDefaultStock,
  suggestRelatedStockFor, listPrinterModels, type StockItemView,
} from './stock.service.js';
export { importStockCsv, planStockImport, STOCK_COLUMNS, type StockImportReport } from './stock-import.js';
export { draftStockItem, normalizeBarcode, normalizeColor, STOCK_KINDS, type StockKind, type StockItemDraft, type StockItemInput } from './stock-item.js';
export { isValidGtin, gtinCheckDigit, barcodeKind } from './gtin.js';
export { suggestRelatedStock, type SupplySuggestion } from './suggestions.js';
