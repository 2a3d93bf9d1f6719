export { openDatabase, migrateDatabase, type Database, type DatabaseTarget, type Engine } from './database.js';
export * from './schema.js';
export { isForeignKeyViolation, isUniqueViolation } from './pg-errors.js';
