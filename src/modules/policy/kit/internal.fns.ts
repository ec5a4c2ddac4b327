/**
 * Drafts the internal social media policy of an Ente from its profile: channels, desks, people
 * and credential custody become the "who does what" of the document.
 */
import type { InternalPolicyDocument } from './policy.types.ts';
import {
  DESK_KEYS,
  type ChannelInfo,
  type CustodyInfo,
  type DeskInfo,
  type EnteProfile,
} from './profile.types.ts';
import { escapeInline } from './blocks.fns.ts';
import { enteGrammar, formatDateIt, joinIt, platformLabel, roleLabel } from './ente.fns.ts';
import { tidy } from './external.fns.ts';
import { DESK_TEXT } from './internal.desks.text.ts';
import { INTERNAL_SECTIONS, INTERNAL_TITLE, type InternalView } from './internal.text.ts';

const esc = escapeInline;
const names = (xs: readonly string[]): string => joinIt(xs.map(esc));

/** "Facebook (Comune di Esempio)" */
export const channelLabel = (c: ChannelInfo): string => `${platformLabel(c.platform)} (${esc(c.name)})`;

const handleOf = (h: string): string => h.trim().replace(/^@/, '').toLowerCase();

/** A custody entry names a channel by its name, or by its URL or handle when names repeat. */
export function custodyFor(c: ChannelInfo, custody: readonly CustodyInfo[]): CustodyInfo | undefined {
  return (
    custody.find((k) => k.channelName === c.url || handleOf(k.channelName) === handleOf(c.handle)) ??
    custody.find((k) => k.channelName === c.name)
  );
}

function deskOf(profile: EnteProfile, c: ChannelInfo): DeskInfo | undefined {
  return c.ownerDesk ? profile.desks.find((d) => d.key === c.ownerDesk) : undefined;
}

function channelRoleItem(profile: EnteProfile, c: ChannelInfo, managers: string): string {
  const desk = deskOf(profile, c);
  if (!desk) return `${channelLabel(c)}: lo gestisce direttamente ${managers}.`;
  const editors = desk.members.filter((m) => m.roles.includes('redattore')).map((m) => m.name);
  const approvers = desk.members.filter((m) => m.roles.includes('approvatore')).map((m) => m.name);
  // One short sentence per fact: easier to read than a chain of semicolons.
  const parts = [`${channelLabel(c)}: desk ${esc(desk.name)}`];
  if (desk.lead) parts.push(`Responsabile ${esc(desk.lead.name)}`);
  if (editors.length > 0) parts.push(`${editors.length > 1 ? 'Scrivono' : 'Scrive'} ${names(editors)}`);
  if (approvers.length > 0) parts.push(`Approva ${names(approvers)}`);
  return `${parts.join('. ')}.`;
}

function custodyItem(c: ChannelInfo, k: CustodyInfo | undefined): string {
  if (!k || k.holders.length === 0) return `${channelLabel(c)}: custodi da nominare.`;
  const parts = [`${channelLabel(c)}: custodi ${names(k.holders)}`];
  parts.push(
    k.mayChange.length > 0 ? `Può cambiarle ${names(k.mayChange)}` : 'Chi può cambiarle è da nominare',
  );
  if (k.lastRotation) parts.push(`Ultimo cambio il ${esc(formatDateIt(k.lastRotation))}`);
  return `${parts.join('. ')}.`;
}

function contentItem(profile: EnteProfile, c: ChannelInfo): string {
  const desk = deskOf(profile, c);
  const who = desk ? `desk ${esc(desk.name)}` : 'il Social Media Manager';
  const audience = c.audience.trim() === '' ? '' : `, per ${esc(c.audience)}`;
  return `${channelLabel(c)}: ${who}${audience};`;
}

/** Prepares the template's view of a profile, escaping every value that comes from it. */
export function internalView(profile: EnteProfile): InternalView {
  const g = enteGrammar(profile.ente);
  const channels = profile.channels.filter((c) => c.status !== 'chiuso');
  const smm = profile.people.filter((p) => p.roles.includes('social_media_manager'));
  const managers = smm.length > 0 ? `il Social Media Manager, ${names(smm.map((p) => p.name))}` : 'il Social Media Manager';
  const partecipazione = profile.desks.find((d) => d.key === 'partecipazione');
  const analysts = [
    ...smm.map((p) => p.name),
    ...(partecipazione?.lead ? [partecipazione.lead.name] : []),
    ...profile.people.filter((p) => p.roles.includes('osservatore')).map((p) => p.name),
  ];
  const admins = profile.people.filter((p) => p.roles.includes('amministratore')).map((p) => p.name);
  const leads = profile.desks.flatMap((d) => (d.lead ? [`${esc(d.lead.name)} (${esc(d.name)})`] : []));
  const none = (xs: string[], fallback: string): string[] => (xs.length > 0 ? xs : [fallback]);
  return {
    g,
    channelRoleItems: none(
      channels.map((c) => channelRoleItem(profile, c, managers)),
      'nessun canale è ancora registrato.',
    ),
    peopleItems: none(
      profile.people.map((p) => `${esc(p.name)}: ${joinIt(p.roles.map(roleLabel), 'nessun ruolo')};`),
      'nessuna persona è ancora registrata.',
    ),
    custodyItems: none(
      channels.map((c) => custodyItem(c, custodyFor(c, profile.custody ?? []))),
      'nessun canale è ancora registrato.',
    ),
    contentItems: none(
      channels.map((c) => contentItem(profile, c)),
      'nessun canale è ancora registrato.',
    ),
    analysts: joinIt([...new Set(analysts)].map(esc), 'il Social Media Manager'),
    backupOwners: joinIt(admins.map(esc), "l'amministratore di Redazione"),
    groupMembers: joinIt([...smm.map((p) => `${esc(p.name)} (Social Media Manager)`), ...leads], 'il Social Media Manager e i responsabili dei desk'),
    deskItems: DESK_KEYS.map((key) => {
      const desk = profile.desks.find((d) => d.key === key);
      const name = esc(desk?.name ?? DESK_TEXT.names[key]);
      if (!desk) return `${name}: ${DESK_TEXT.missing};`;
      const lead = desk.lead ? ` Responsabile: ${esc(desk.lead.name)}.` : '';
      return `${name}: ${DESK_TEXT.tasks[key]}.${lead}`;
    }),
    alertChannels: joinIt(
      [
        ...new Set(
          channels
            .filter((c) => c.status === 'attivo' && ['whatsapp', 'telegram', 'x'].includes(c.platform))
            .map((c) => platformLabel(c.platform)),
        ),
      ],
      '',
    ),
  };
}

/** A complete Italian draft of the internal policy, ready for staff to edit section by section. */
export function draftInternalPolicy(profile: EnteProfile): InternalPolicyDocument {
  const view = internalView(profile);
  return {
    kind: 'internal',
    title: `${INTERNAL_TITLE} – ${profile.ente.name}`,
    sections: INTERNAL_SECTIONS.map((s) => ({ key: s.key, title: s.title, body: tidy(s.body(view)) })),
  };
}
