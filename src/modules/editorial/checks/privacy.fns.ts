/**
 * Personal data in a post (GDPR art. 5 minimisation; health data may never be disseminated,
 * D.Lgs 196/2003 art. 2-septies). Detection is `findPersonalData`, owned by src/lib/italian; here
 * we decide what concerns a private person. The Ente's own contacts, other public offices' role
 * mailboxes and toll-free numbers are not personal data. Messages never repeat the data itself:
 * findings end up in logs and audit trails.
 */
import { findPersonalData, type PersonalDataMatch } from '../../../lib/italian/identifiers.ts';
import { memo } from '../text.fns.ts';
import { finding } from './finding.ts';
import type { CheckContext, Finding, Severity, VariantInput } from './types.ts';

const RULE = 'GDPR art. 5 c. 1 lett. c; D.Lgs 196/2003';
const HEALTH_RULE = 'GDPR art. 9; D.Lgs 196/2003 art. 2-septies c. 8';

const WHAT: Record<PersonalDataMatch['kind'], { it: string; en: string; severity: Severity } | null> = {
  codice_fiscale: { it: 'un codice fiscale', en: 'a codice fiscale', severity: 'warning' },
  iban: { it: 'un IBAN', en: 'an IBAN', severity: 'warning' },
  phone: { it: 'un numero di telefono', en: 'a phone number', severity: 'warning' },
  email: { it: 'un indirizzo e-mail', en: 'an e-mail address', severity: 'warning' },
  cie: { it: "il numero di un documento d'identità", en: 'an identity document number', severity: 'warning' },
  tessera_sanitaria: { it: 'il numero di una tessera sanitaria', en: 'a health card number', severity: 'warning' },
  health: { it: 'informazioni sulla salute di una persona', en: "information about a person's health", severity: 'warning' },
  // Street addresses are mostly the venue of an event or a road closure: only worth a look.
  address: { it: 'un indirizzo', en: 'a street address', severity: 'info' },
  // A partita IVA identifies a business, not a private person.
  partita_iva: null,
};

const ROLE_MAILBOX = /^(?:urp|info|informazioni|protocollo|segreteria|sindaco|pec|ufficio|servizi|sportello|polizia|anagrafe|tributi|comunicazione|stampa|ufficiostampa|social|redazione|biblioteca|cultura|scuola|istruzione|ambiente)[._-]?/iu;
const PUBLIC_DOMAIN = /(?:^|\.)(?:gov\.it|(?:comune|regione|provincia|cittametropolitana|unione|asl|ausl|ats|asp|arpa)\.[\p{L}\p{N}.-]+|(?:inps|inail|agenziaentrate|istruzione|salute|interno|protezionecivile)\.it)$/iu;

function digits(s: string): string {
  return s.replace(/\D/gu, '').replace(/^(?:0039|39)(?=\d{8,})/u, '');
}

/** Whether the match is the Ente's own contact, or not a private person's at all. */
export function isPublicContact(m: PersonalDataMatch, own: CheckContext['ownContacts']): boolean {
  if (m.kind === 'phone') {
    const d = digits(m.text);
    if (/^80[0-3]/u.test(d)) return true; // toll-free numbers belong to organisations
    return (own?.phones ?? []).some((p) => digits(p) === d);
  }
  if (m.kind === 'email') {
    const email = m.text.trim().toLowerCase();
    const at = email.lastIndexOf('@');
    if (at < 0) return false; // obfuscated "nome at dominio punto it": the author hides a personal address
    const local = email.slice(0, at);
    const domain = email.slice(at + 1);
    if ((own?.emails ?? []).some((e) => e.trim().toLowerCase() === email)) return true;
    if ((own?.domains ?? []).some((d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`))) return true;
    return PUBLIC_DOMAIN.test(domain) && ROLE_MAILBOX.test(local);
  }
  return false;
}

// The same text often goes to several channels: scan it once.
const personalData = memo(findPersonalData);

/** privacy.personal_data: personal data of a private person exposed in the text. */
export function checkPrivacy(v: VariantInput, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const m of personalData(v.text)) {
    const what = WHAT[m.kind];
    if (!what || !m.valid || isPublicContact(m, ctx.ownContacts)) continue;
    const health = m.kind === 'health';
    out.push(
      finding(
        v.channelId,
        'privacy.personal_data',
        what.severity,
        health ? HEALTH_RULE : RULE,
        health
          ? `Il post contiene ${what.it}: i dati sulla salute non possono essere diffusi. Togli il riferimento alla persona o alla sua condizione.`
          : `Il post contiene ${what.it}: se appartiene a una persona privata, non pubblicarlo (minimizzazione dei dati).`,
        health
          ? `The post contains ${what.en}: health data may never be disseminated. Remove the reference to the person or their condition.`
          : `The post contains ${what.en}: if it belongs to a private person, do not publish it (data minimisation).`,
        { start: m.start, end: m.end },
      ),
    );
  }
  return out;
}
