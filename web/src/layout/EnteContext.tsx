import { createContext, useContext } from 'react';
import type { MeEnte } from '../api/types';
import { can, type Permission } from '../auth/permissions';

export interface EnteValue {
  ente: MeEnte;
  can(permission: Permission): boolean;
}

export const EnteContext = createContext<EnteValue | null>(null);

/** The Ente of the current route (/enti/:ente/…) and what the user may do in it. */
export function useEnte(): EnteValue {
  const v = useContext(EnteContext);
  if (!v) throw new Error('useEnte outside an Ente route');
  return v;
}

export function enteValue(ente: MeEnte): EnteValue {
  return { ente, can: (p) => can(ente.permissions, p) };
}
