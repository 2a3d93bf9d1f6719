export { moveRoutes } from './moves.routes.js';
export { createMoveRepository, type MoveRepository, type MoveSighting } from './moves.repository.js';
export { confirmMove, listMoves, rejectMove, moveSettings, setMoveSettings } from './moves.service.js';
