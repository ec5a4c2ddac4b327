import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useApi } from "../api/useApi";
import { entePath } from "../api/client";
import { useEnte } from "../layout/EnteContext";

interface ClaimsResponse {
  claims: { id: string; claim: string; matches: { ref: string | null }[] }[];
}

/** Inbox item id → the false claim it repeats (from crisis listening's matches). */
const FalseClaimsContext = createContext<
  ReadonlyMap<string, { id: string; claim: string }>
>(new Map());

/**
 * Loads the false claims on record once for the inbox pages, so items that repeat one are marked
 * (listening matches each incoming item against the claims, by inbox item id).
 */
export function FalseClaimsProvider({ children }: { children: ReactNode }) {
  const { ente, can } = useEnte();
  const claims = useApi<ClaimsResponse>(
    can("crisis.read") ? `${entePath(ente.slug)}/fake-claims` : null,
  );
  const byItem = useMemo(() => {
    const m = new Map<string, { id: string; claim: string }>();
    for (const c of claims.data?.claims ?? [])
      for (const x of c.matches)
        if (x.ref) m.set(x.ref, { id: c.id, claim: c.claim });
    return m;
  }, [claims.data]);
  return (
    <FalseClaimsContext.Provider value={byItem}>
      {children}
    </FalseClaimsContext.Provider>
  );
}

/** The false claim an inbox item repeats, if any. */
export function useFalseClaim(itemId: string) {
  return useContext(FalseClaimsContext).get(itemId) ?? null;
}
