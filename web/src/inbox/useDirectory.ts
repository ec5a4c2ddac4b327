import { useMemo } from 'react';
import type { Channel, Desk, Person } from '../api/types';
import { useApi } from '../api/useApi';
import { useInboxPaths } from './shared';

/** The Ente's channels, desks and people, for filters, assignment and names. */
export function useDirectory() {
  const { ente } = useInboxPaths();
  const channels = useApi<{ channels: Channel[] }>(`${ente}/channels`);
  const desks = useApi<{ desks: Desk[] }>(`${ente}/desks`);
  const people = useApi<{ people: Person[] }>(`${ente}/people`);
  return useMemo(() => {
    const c = channels.data?.channels ?? [];
    const d = desks.data?.desks ?? [];
    const p = people.data?.people ?? [];
    return {
      channels: c,
      desks: d,
      people: p,
      deskName: (id: string | null) => (id ? (d.find((x) => x.id === id)?.name ?? null) : null),
      personName: (id: string | null) => (id ? (p.find((x) => x.userId === id)?.name ?? null) : null),
      error: channels.error ?? desks.error ?? people.error,
    };
  }, [channels.data, channels.error, desks.data, desks.error, people.data, people.error]);
}
