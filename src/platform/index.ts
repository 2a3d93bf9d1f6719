export { AppError, isAppError, type AppErrorCode } from './errors.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export { createLogger, type Logger } from './logger.js';
export { encodeCursor, decodeCursor, toPage, type Page } from './pagination.js';
