/**
 * Personal data, the author's own or a third party's. Checksums decide: a codice fiscale with a
 * wrong check letter is not personal data; a valid one is near-certain. The Ente's own published
 * contacts (URP phone, e-mail, domains) are never personal data.
 */
import { findPersonalData, type PersonalDataKind, type PersonalDataMatch } from '../../../lib/italian/identifiers.ts';
import type { Detection, OwnContacts, Scan } from '../moderation.types.ts';

const LABEL: Record<PersonalDataKind, { it: string; en: string }> = {
  codice_fiscale: { it: 'un codice fiscale', en: 'a codice fiscale (tax code)' },
  partita_iva: { it: 'una partita IVA', en: 'a VAT number' },
  iban: { it: 'un IBAN', en: 'an IBAN' },
  phone: { it: 'un numero di telefono', en: 'a phone number' },
  email: { it: "un indirizzo e-mail", en: 'an e-mail address' },
  cie: { it: "il numero di un documento d'identità", en: 'an identity document number' },
  tessera_sanitaria: { it: 'il numero di una tessera sanitaria', en: 'a health insurance card number' },
  address: { it: "l'indirizzo di casa di una persona", en: "a person's home address" },
  health: { it: 'dati sulla salute di una persona indicata per nome', en: 'health data of a named person' },
};

/** Confidence for a valid match of each kind; invalid matches are handled below. */
const CONFIDENCE: Record<PersonalDataKind, number> = {
  codice_fiscale: 0.95, iban: 0.95, tessera_sanitaria: 0.9, cie: 0.85, phone: 0.85, email: 0.8,
  health: 0.85, address: 0.8, partita_iva: 0.55,
};

const HOME = /(?:abit[oaie]|abitiamo|abitano|resident[ei]|viv[oe]|vivono|casa (?:mia|sua|loro|di)|domicili|indirizzo|st[ao] (?:in|al)|trovate|trovatelo|trovatela|citofono|sotto casa|signor|signora|sig\.|famiglia|vicin[oa]|dott\.)[^.!?\n]{0,40}$/i;

const digitsOf = (s: string): string => s.replace(/\D/g, '').replace(/^(?:0039|39)(?=[03])/, '');

interface OwnIndex {
  phones: Set<string>;
  emails: Set<string>;
  domains: string[];
}
const ownCache = new WeakMap<OwnContacts, OwnIndex>();
function ownIndex(own: OwnContacts): OwnIndex {
  let idx = ownCache.get(own);
  if (!idx) {
    idx = {
      phones: new Set(own.phones.map(digitsOf)),
      emails: new Set(own.emails.map((e) => e.trim().toLowerCase())),
      domains: own.domains.map((d) => d.trim().toLowerCase().replace(/^www\./, '')),
    };
    ownCache.set(own, idx);
  }
  return idx;
}

function isOwn(m: PersonalDataMatch, own: OwnIndex | null): boolean {
  if (!own) return false;
  if (m.kind === 'phone') return own.phones.has(digitsOf(m.text));
  if (m.kind === 'email') {
    const e = m.text.toLowerCase();
    if (own.emails.has(e)) return true;
    const domain = e.slice(e.lastIndexOf('@') + 1);
    return own.domains.some((d) => domain === d || domain.endsWith('.' + d));
  }
  return false;
}

/** Personal data in the comment, excluding the Ente's own contacts and invalid codes. */
export function detectPersonalData(scan: Scan): Detection[] {
  const own = scan.ctx.ownContacts ? ownIndex(scan.ctx.ownContacts) : null;
  const out: Detection[] = [];
  for (const m of findPersonalData(scan.text)) {
    if (m.kind === 'codice_fiscale' && !m.valid) continue; // wrong check letter: not a CF
    if (isOwn(m, own)) continue;
    if (m.kind === 'address' && !HOME.test(scan.text.slice(Math.max(0, m.start - 60), m.start))) continue;
    const label = LABEL[m.kind];
    const checked = m.kind === 'codice_fiscale' || m.kind === 'iban' || m.kind === 'partita_iva';
    const confidence = m.valid ? CONFIDENCE[m.kind] : 0.5;
    const it = `il commento contiene ${label.it}${checked ? (m.valid ? (m.kind === 'partita_iva' ? ' valida' : ' valido') : ' (controllo non superato)') : ''}`;
    const en = `the comment contains ${label.en}${checked ? (m.valid ? ' with a valid checksum' : ' (checksum failed)') : ''}`;
    out.push({
      category: 'dati_personali',
      confidence,
      // A VAT number belongs to a business more often than to a person: a person decides.
      ceiling: m.valid && m.kind !== 'partita_iva' ? 'hide' : 'review',
      evidence: [{ start: m.start, end: m.end, text: m.text, detector: 'personal_data', reason: { it, en } }],
    });
  }
  return out;
}
