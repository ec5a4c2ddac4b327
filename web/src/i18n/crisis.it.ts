/** Italian UI strings of the crisis pages (spread into the reference dictionary in it.ts). */
export const crisisIt = {
  'nav.crisis': 'Crisi',
};
export type CrisisKey = keyof typeof crisisIt;
