import type { CrisisKey } from './crisis.it';

/** English UI strings of the crisis pages. */
export const crisisEn: Record<CrisisKey, string> = {
  'nav.crisis': 'Crisis',
};
