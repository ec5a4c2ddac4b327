export { createIdentityService, SESSION_COOKIE, SESSION_TTL_MS, type IdentityService, type LoginResult } from './identity.service.ts';
export { findUserByEmail, findUserById } from './identity.repo.ts';
