export { createOrganisationService, type OrganisationService, type EnteInput, type PersonInput } from './organisation.service.ts';
export { ENTE_TYPES, DEFAULT_DESKS, slugify, isValidSlug, type EnteType } from './organisation.fns.ts';
export { memberIds as memberIdsOf, deskExists, type EnteRow } from './organisation.repo.ts';
export { registerOrganisationRoutes } from './organisation.routes.ts';
