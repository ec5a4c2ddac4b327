/**
 * Commercial spam and indirect advertising: links to non-institutional sites, phone numbers with
 * commercial wording, CAF/patronato offers, "guadagna da casa". A bare link to a non-institutional
 * site needs a person (review); with commercial wording it is hidden.
 */
import { originalSpan } from '../../../lib/italian/normalize.ts';
import { CAF_OFFER, COMMERCIAL, INSTITUTIONAL_HOST, SHORTENER, STRONG_SPAM } from '../lexicon/spam.ts';
import type { Detection, Evidence, OwnContacts, Scan } from '../moderation.types.ts';

const URL = /(?<![@\w.-])(?:https?:\/\/|www\.)[^\s<>"'()]+|(?<![@\w.-])[a-z0-9][a-z0-9-]{1,62}(?:\.[a-z0-9-]{2,63})*\.(?:it|com|net|org|eu|info|biz|shop|store|online|site|xyz|ly|me|io|co|app)(?:\/[^\s<>"']*)?(?![\w@])/gi;
const PHONE_HINT = /(?:\d[ .-]?){8,}/;
// Cheap gates: most comments mention no link and no offer at all.
const LINK_GATE = /www\.|https?:|[a-z0-9]\.(?:it|com|net|org|eu|info|biz|shop|store|online|site|xyz|ly|me|io|co|app)\b/i;
const OFFER_GATE = /guadagn|lavor|euro|€|compro|prestit|invest|bitcoin|cripto|forex|trading|rendiment|soldi|clicca|link|segui|visita|caf|patronat|offr|offert|aiutiamo|rivolg|contatt|chiam|scriv|venite|presso|nostr|aperti|gratuit|scont|promo|prezz|vend|affitt|whatsapp|privato|dm|info|preventiv|senza impegno|spedizion|iscriv|ditta|impresa|traslochi|sgomberi|ripetizioni|disponibile/;

function hostOf(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').split(/[/?#:]/)[0]!.toLowerCase();
}

function isInstitutional(host: string, own?: OwnContacts): boolean {
  if (INSTITUTIONAL_HOST.test(host)) return true;
  return (own?.domains ?? []).some((d) => {
    const dd = d.toLowerCase().replace(/^www\./, '');
    return host === dd || host.endsWith('.' + dd);
  });
}

function normEvidence(scan: Scan, start: number, end: number, it: string, en: string): Evidence {
  const s = originalSpan(scan.norm, start, end);
  return { start: s.start, end: s.end, text: scan.text.slice(s.start, s.end), detector: 'spam', reason: { it, en } };
}

/** Spam and advertising in the comment. */
export function detectSpam(scan: Scan): Detection[] {
  const t = scan.norm.text;
  const out: Detection[] = [];
  const offerWords = OFFER_GATE.test(t);
  const strong = offerWords ? STRONG_SPAM.exec(t) : null;
  if (strong) {
    out.push({ category: 'spam', confidence: 0.92, ceiling: 'hide', evidence: [normEvidence(scan, strong.index, strong.index + strong[0].length, 'offerta commerciale o di guadagno facile', 'commercial or easy-money offer')] });
  }
  const caf = offerWords ? CAF_OFFER.exec(t) : null;
  if (caf) {
    out.push({ category: 'spam', confidence: 0.88, ceiling: 'hide', evidence: [normEvidence(scan, caf.index, caf.index + caf[0].length, 'pubblicità indiretta di servizi CAF o patronato', 'indirect advertising of CAF/patronato services')] });
  }
  const offers = offerWords ? [...t.matchAll(COMMERCIAL)] : [];
  const commercial = offers[0] ?? null;
  const links: Evidence[] = [];
  let shortener = false;
  if (LINK_GATE.test(scan.text)) {
    for (const m of scan.text.matchAll(URL)) {
      const host = hostOf(m[0]);
      if (!host.includes('.') || isInstitutional(host, scan.ctx.ownContacts)) continue;
      if (SHORTENER.test(host)) shortener = true;
      links.push({ start: m.index, end: m.index + m[0].length, text: m[0], detector: 'spam', reason: { it: `link a un sito non istituzionale (${host})`, en: `link to a non-institutional site (${host})` } });
    }
  }
  if (links.length > 0) {
    const selling = commercial !== null || shortener || strong !== null;
    out.push({ category: 'spam', confidence: selling ? 0.9 : 0.55, ceiling: selling ? 'hide' : 'review', evidence: links });
  }
  if (!strong && links.length === 0 && new Set(offers.map((m) => m[0])).size >= 2 && commercial) {
    out.push({ category: 'spam', confidence: 0.8, ceiling: 'hide', evidence: offers.map((m) => normEvidence(scan, m.index, m.index + m[0].length, 'linguaggio commerciale ripetuto', 'repeated commercial wording')) });
  }
  if (commercial && PHONE_HINT.test(scan.text)) {
    out.push({ category: 'spam', confidence: 0.9, ceiling: 'hide', evidence: [normEvidence(scan, commercial.index, commercial.index + commercial[0].length, 'numero di telefono con offerta commerciale', 'phone number with commercial wording')] });
  }
  return out;
}
