export { importRoutes } from './imports.routes.js';
export { findImport, checkImport, type ImportReport, type ImportOptions } from './imports.service.js';
export { ImportRunner, type StartedImport } from './runner.js';
export { createImportRepository, type ImportRepository } from './imports.repository.js';
export { readCsv, type CsvTable, type CsvRecord } from './csv.js';
export { planImport, importRejected, type ImportPlan } from './plan.js';
export { COLUMNS, type Column } from './columns.js';
export type { RowError } from './row.js';
