export { userRoutes } from './users.routes.js';
export { createUser, listUsers, disableUser } from './users.service.js';
export { createUserRepository, type UserRepository } from './users.repository.js';
export { presentUser, User } from './users.schemas.js';
