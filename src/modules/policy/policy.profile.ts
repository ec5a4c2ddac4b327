/**
 * Builds the policy kit's EnteProfile from what Redazione already knows: the Ente, its desks with
 * leads and members, its people with their roles, and the channels registry with its custody.
 * The registry's vocabulary (platforms, statuses) is mapped onto the kit's.
 */
import type { ChannelsService } from '../channels/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { PLATFORMS, ROLES, type ChannelInfo, type ChannelStatus, type CustodyInfo, type DeskKey, type EnteProfile, type EnteType, type Platform, type Role } from './kit/index.ts';

export type ProfileDeps = {
  organisation: Pick<OrganisationService, 'findEnteById' | 'listPeople' | 'listDesks'>;
  channels: Pick<ChannelsService, 'list'>;
};

/** Registry platform → kit platform; the registry's "facebook_page" is the kit's "facebook". */
export function kitPlatform(p: string): Platform {
  if (p === 'facebook_page') return 'facebook';
  if (p === 'activitypub') return 'mastodon';
  return (PLATFORMS as readonly string[]).includes(p) ? (p as Platform) : 'altro';
}

/** Registry status → kit status: a channel to reconnect is still the Ente's official channel. */
export function kitStatus(s: string): ChannelStatus {
  switch (s) {
    case 'attivo':
    case 'da_ricollegare':
      return 'attivo';
    case 'sospeso':
      return 'sospeso';
    default:
      return 'chiuso';
  }
}

const kitRoles = (roles: readonly string[]): Role[] => roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));

/** The profile of one Ente, for the draft generators. */
export async function buildProfile(deps: ProfileDeps, enteId: string): Promise<EnteProfile> {
  const ente = await deps.organisation.findEnteById(enteId);
  if (!ente) throw new Error(`ente ${enteId} not found`);
  const [people, desks, channels] = await Promise.all([
    deps.organisation.listPeople(enteId),
    deps.organisation.listDesks(enteId),
    deps.channels.list(enteId),
  ]);
  const personById = new Map(people.map((p) => [p.user.id, p]));
  const nameOf = (id: string) => personById.get(id)?.user.name;
  const deskKeyById = new Map(desks.map((d) => [d.id, d.key as DeskKey]));
  const institutional = channels.filter((c) => c.kind === 'institutional');
  const channelInfos: ChannelInfo[] = institutional.map((c) => ({
    platform: kitPlatform(c.platform),
    name: c.name,
    handle: c.handle,
    url: c.url,
    purpose: c.purpose,
    audience: c.audience,
    ...(c.ownerDeskId && deskKeyById.has(c.ownerDeskId) ? { ownerDesk: deskKeyById.get(c.ownerDeskId)! } : {}),
    status: kitStatus(c.status),
  }));
  const custody: CustodyInfo[] = institutional.map((c) => ({
    // The kit matches custody by URL first: names repeat across platforms.
    channelName: c.url,
    holders: c.custody.holders.map(nameOf).filter((n): n is string => Boolean(n)),
    mayChange: c.custody.editors.map(nameOf).filter((n): n is string => Boolean(n)),
    ...(c.custody.rotatedOn ? { lastRotation: c.custody.rotatedOn } : {}),
  }));
  return {
    ente: {
      name: ente.name,
      slug: ente.slug,
      type: ente.type as EnteType,
      ...(ente.website ? { website: ente.website } : {}),
      ...(ente.email ? { email: ente.email } : {}),
    },
    channels: channelInfos,
    // Desks with an Ente's own keys are passed through: the kit looks them up by key only.
    desks: desks.map((d) => {
      const lead = d.leadUserId ? personById.get(d.leadUserId) : undefined;
      return {
        key: d.key as DeskKey,
        name: d.name,
        ...(lead ? { lead: { name: lead.user.name, email: lead.user.email } } : {}),
        members: d.members.map((m) => ({ name: m.name, roles: kitRoles(personById.get(m.userId)?.roles ?? []) })),
      };
    }),
    people: people.map((p) => ({ name: p.user.name, email: p.user.email, roles: kitRoles(p.roles) })),
    custody,
  };
}
