export { moveRoutes } from './moves.routes.js';
export { createMoveRepository, type MoveRepository } from './moves.repository.js';
export { confirmMove, listMoves, rejectMove, moveSettings, setMoveSettings } from './moves.service.js';
