export { importRoutes } from './imports.routes.js';
export { importCsv, type ImportReport, type ImportOptions } from './imports.service.js';
export { createImportRepository, type ImportRepository } from './imports.repository.js';
export { readCsv, type CsvTable, type CsvRecord } from './csv.js';
export { planImport, importRejected, type ImportPlan } from './plan.js';
export { COLUMNS, type Column } from './columns.js';
export type { RowError } from './row.js';
