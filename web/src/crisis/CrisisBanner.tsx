import type { MeEnte } from '../api/types';

/** The banner shown on every page of an Ente while a crisis is declared (placeholder, to be built). */
export function CrisisBanner(_props: { ente: MeEnte }) {
  return null;
}
