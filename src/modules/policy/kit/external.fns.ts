/**
 * Drafts the external social media policy of an Ente from its profile.
 */
import type { ExternalPolicyDocument, OfficialChannel } from './policy.types.ts';
import type { EnteProfile } from './profile.types.ts';
import { escapeInline, link } from './blocks.fns.ts';
import { enteGrammar, joinIt, platformLabel, sentence, type EnteGrammar } from './ente.fns.ts';
import { buildClauses } from './external.clauses.text.ts';
import { EXTERNAL_SECTIONS, EXTERNAL_TITLE, type ExternalView } from './external.text.ts';
import {
  defaultModerationHours,
  describeClosures,
  describeResponseTime,
  describeSchedule,
} from './hours.fns.ts';

/** The Markdown-light list item of one channel: "Facebook: [name](url), @handle. Purpose." */
function channelItem(c: EnteProfile['channels'][number]): string {
  const handle = c.handle.trim() === '' ? '' : ` (@${escapeInline(c.handle.replace(/^@/, ''))})`;
  const purpose = sentence(escapeInline(c.purpose));
  return `${platformLabel(c.platform)}: ${link(c.name, c.url)}${handle}.${purpose ? ` ${capital(purpose)}` : ''}`;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Prepares the template's view of a profile, escaping every value that comes from it. */
export function externalView(profile: EnteProfile): ExternalView {
  const g = enteGrammar(profile.ente);
  const hours = profile.hours ?? defaultModerationHours();
  const { ente } = profile;
  const active = profile.channels.filter((c) => c.status === 'attivo');
  const managers = profile.people
    .filter((p) => p.roles.includes('social_media_manager'))
    .map((p) => escapeInline(p.name));
  const deskItems = profile.desks.map((d) =>
    d.lead
      ? `${escapeInline(d.name)}: responsabile ${escapeInline(d.lead.name)}.`
      : `${escapeInline(d.name)}.`,
  );
  const contactItems: string[] = [];
  if (ente.email) contactItems.push(`email: ${link(ente.email, `mailto:${ente.email}`)};`);
  if (ente.pec) contactItems.push(`PEC: ${link(ente.pec, `mailto:${ente.pec}`)};`);
  if (ente.phone) contactItems.push(`telefono: ${escapeInline(ente.phone)};`);
  if (ente.address) contactItems.push(`indirizzo: ${escapeInline(ente.address)};`);
  if (ente.website) contactItems.push(`sito: ${link(ente.website, ente.website)}.`);
  if (contactItems.length === 0) contactItems.push(contactFallback(g));
  const last = contactItems.length - 1;
  contactItems[last] = (contactItems[last] ?? '').replace(/;$/, '.');
  // With its preposition: "a [email]" or "all'ufficio comunicazione", after "Scrivi".
  const appealContact = ente.email
    ? `a ${link(ente.email, `mailto:${ente.email}`)}`
    : ente.pec
      ? `a ${link(ente.pec, `mailto:${ente.pec}`)}`
      : `all'ufficio comunicazione ${g.of}`;
  return {
    g,
    type: ente.type,
    channelItems: active.map(channelItem),
    ...(ente.website ? { website: link(ente.website, ente.website) } : {}),
    scheduleLines: describeSchedule(hours),
    closures: describeClosures(hours),
    responseTime: describeResponseTime(hours),
    hideOffHours: hours.hideForReviewOffHours,
    managers: managers.length > 0 ? [joinIt(managers)] : [],
    deskItems,
    contactItems,
    appealContact,
  };
}

const contactFallback = (g: EnteGrammar): string =>
  `i contatti sono pubblicati sul sito ${g.of}.`;

/** The number of the moderation section in the default order ("5" → clauses "5.1"…). */
export const MODERATION_SECTION_NUMBER =
  EXTERNAL_SECTIONS.findIndex((s) => s.key === 'moderazione') + 1;

/** A complete Italian draft of the external policy, ready for staff to edit section by section. */
export function draftExternalPolicy(profile: EnteProfile): ExternalPolicyDocument {
  const view = externalView(profile);
  const hours = profile.hours ?? defaultModerationHours();
  const channels: OfficialChannel[] = profile.channels
    .filter((c) => c.status === 'attivo')
    .map((c) => ({
      platform: c.platform,
      name: c.name,
      handle: c.handle,
      url: c.url,
      purpose: c.purpose,
    }));
  return {
    kind: 'external',
    title: `${EXTERNAL_TITLE} – ${profile.ente.name}`,
    sections: EXTERNAL_SECTIONS.map((s) => ({
      key: s.key,
      title: s.title,
      body: tidy(s.body(view)),
    })),
    clauses: buildClauses(view.g, MODERATION_SECTION_NUMBER),
    hours: structuredClone(hours),
    channels,
  };
}

/** Drops the blank paragraphs an optional line leaves behind. */
export function tidy(body: string): string {
  return body.replace(/\n{3,}/g, '\n\n').trim();
}
