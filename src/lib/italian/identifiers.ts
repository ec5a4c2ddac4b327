/**
 * Italian personal identifiers in free text: codice fiscale, partita IVA, IBAN, phone numbers,
 * e-mail, CIE, tessera sanitaria, street addresses with a house number, health data next to a name.
 *
 * Validity policy (what `valid` means):
 * - codice_fiscale: returned only when the token has exactly the CF shape (letters/digits in the
 *   right places, a real month letter, a day 1-31 or 41-71). `valid` is the check-letter result.
 *   Any other 16-character word is not returned. Consumers that act on personal data must ignore
 *   `valid: false` (a CF with a wrong check letter is not personal data).
 * - partita_iva: an 11-digit number is returned when it passes the check digit and the office
 *   code, or when it follows the words "partita IVA"/"P.IVA" (then `valid` is the check result).
 * - iban: returned when it has an IBAN shape; `valid` is the mod-97 result (and length for IT).
 * - phone, email, cie, tessera_sanitaria, address, health: no checksum; `valid` is true.
 */
export type PersonalDataKind =
  | 'codice_fiscale'
  | 'partita_iva'
  | 'iban'
  | 'phone'
  | 'email'
  | 'cie'
  | 'tessera_sanitaria'
  | 'address'
  | 'health';

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
  valid: boolean;
}

// ---------- codice fiscale ----------

const CF_ODD: Record<string, number> = {};
// Odd-position values (1-based positions 1,3,...,15) for 0-9 and A-Z, from the DM 23/12/1976 table.
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
for (let i = 0; i < 26; i++) {
  const v = ODD_VALUES[i] as number;
  CF_ODD[String.fromCharCode(65 + i)] = v;
  if (i < 10) CF_ODD[String(i)] = v;
}
const OMOCODIA = 'LMNPQRSTUV'; // stands for 0..9 when a digit is replaced to resolve a collision
const D = `[0-9${OMOCODIA}]`;
const CF_SHAPE = new RegExp(`^[A-Z]{6}${D}{2}[ABCDEHLMPRST]${D}{2}[A-Z]${D}{3}[A-Z]$`);

function omocodiaDigit(c: string): string {
  const i = OMOCODIA.indexOf(c);
  return i >= 0 ? String(i) : c;
}

/** True when the CF has the right shape and its day is plausible (1-31 or 41-71 for women). */
function hasCodiceFiscaleShape(cf: string): boolean {
  if (!CF_SHAPE.test(cf)) return false;
  const day = Number(omocodiaDigit(cf[9] as string) + omocodiaDigit(cf[10] as string));
  return (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
}

/** The check letter of the first 15 characters of a codice fiscale. */
export function codiceFiscaleCheckLetter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i] as string;
    if (i % 2 === 0) sum += CF_ODD[c] ?? 0;
    else sum += c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Validates a codice fiscale of a person (16 characters), omocodia included. */
export function isValidCodiceFiscale(s: string): boolean {
  const cf = s.trim().toUpperCase();
  if (!hasCodiceFiscaleShape(cf)) return false;
  return codiceFiscaleCheckLetter(cf.slice(0, 15)) === cf[15];
}

// ---------- partita IVA ----------

/** Validates an Italian partita IVA: 11 digits, office code, Luhn-like check digit. */
export function isValidPartitaIva(s: string): boolean {
  const p = s.replace(/\s+/g, '').replace(/^IT/i, '');
  if (!/^\d{11}$/.test(p) || /^0+$/.test(p)) return false;
  const office = Number(p.slice(7, 10));
  if (!((office >= 1 && office <= 100) || office === 120 || office === 121 || office === 888 || office === 999)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = p.charCodeAt(i) - 48;
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10 === p.charCodeAt(10) - 48;
}

// ---------- IBAN ----------

const IBAN_LENGTHS: Record<string, number> = {
  IT: 27, SM: 27, VA: 22, FR: 27, DE: 22, ES: 24, CH: 21, AT: 20, GB: 22, BE: 16, NL: 18, PT: 25,
  LU: 20, IE: 22, SI: 19, HR: 21, GR: 27, MT: 31, PL: 28, RO: 24,
};

/** Validates an IBAN: mod-97 = 1, with the national length where known (IT is 27). */
export function isValidIban(s: string): boolean {
  const iban = s.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const len = IBAN_LENGTHS[iban.slice(0, 2)];
  if (len !== undefined && iban.length !== len) return false;
  if (iban.startsWith('IT') && !/^IT\d{2}[A-Z]\d{10}[A-Z0-9]{12}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? code - 55 : code - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}


// ---------- finding identifiers in text ----------

const CF_TEXT = /(?<![\p{L}\p{N}])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![\p{L}\p{N}])/gu;
const IBAN_IT = /(?<![\p{L}\p{N}])IT\s?\d{2}(?:\s?[A-Za-z0-9]){23}(?![\p{L}\p{N}])/giu;
const IBAN_OTHER = /(?<![\p{L}\p{N}])(?!IT)[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}(?![\p{L}\p{N}])/gu;
const TESSERA = /(?<!\d)80380(?:\s?\d){15}(?!\d)/g;
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g;
const EMAIL_OBFUSCATED =
  /(?<![\w.])[A-Za-z0-9._%+-]+\s*(?:\[at\]|\(at\)|\s(?:at|chiocciola)\s)\s*[A-Za-z0-9-]+\s*(?:\.|\[dot\]|\(dot\)|\s(?:dot|punto)\s)\s*(?:it|com|net|org|eu|info)(?![\w])/gi;
const CIE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{5}[A-Z]{2}(?![\p{L}\p{N}])/gu;
const PAPER_ID = /carta\s+d['’]\s?identit[aà]\D{0,25}?([A-Z]{2}\s?\d{7})(?![\p{L}\p{N}])/giu;
const PHONE = /(?<![\p{L}\p{N}+\/.,])(?:(?:\+|00)\s?39[ .\-]?)?(?:\d[ .\-]?){5,12}\d(?![\p{L}\p{N}]|[.,\-\/]\d)/gu;
const PIVA_CONTEXT = /(?:partita\s+iva|p\.\s?iva|piva|p\s?iva|c\.f\.\s?\/\s?p\.\s?iva)[\s:.n°]*$/i;
const DATE_LIKE = /^\d{1,2}[.\-\/ ]\d{1,2}[.\-\/ ]\d{2,4}$/;

const STREET =
  '(?:via|viale|v\\.le|piazza|p\\.zza|p\\.za|piazzale|p\\.le|corso|c\\.so|largo|vicolo|vico|strada|contrada|c\\.da|località|loc\\.|borgo|lungomare|lungolago|lungotevere|salita|traversa|rione)';
const ADDRESS = new RegExp(
  `(?<![\\p{L}])${STREET}\\s+((?:[\\p{L}'’.]+\\s+){0,4}?[\\p{L}'’.]+),?\\s+(?:n\\.?\\s*|n°\\s*|nr\\.?\\s*|civico\\s+)?\\d{1,4}(?:\\s?\\/\\s?[0-9a-z]{1,3}|[a-z](?![\\p{L}]))?(?![\\p{L}\\p{N}]|[.,]\\d)`,
  'giu',
);
/** Words that cannot be part of a street name: a number after them is not a house number. */
const ADDRESS_BREAK = new Set(
  'da per con su tra fra in a ad ci è e é sono ha hanno ho non che abbiamo dopo circa ogni oltre quasi solo mancano più piu meno sempre già gia ancora da anche ormai almeno come quando dove mentre sotto sopra dietro davanti vicino verso fino'.split(' '),
);
const AFTER_NUMBER_UNIT = /^\s*(?:anni|anno|mesi|mese|giorni|giorno|ore|ora|minuti|min|km|metri|m|euro|€|%|volte|persone|settimane|buche|cm|mm|posti|auto|macchine)(?![\p{L}])/iu;

const HEALTH_HINT = /malat|dialisi|chemio|tumor|cancro|diabet|hiv|aids|alzheimer|parkinson|\bsla\b|leucemi|epiless|epilett|depress|sclerosi|demenza|cirrosi|epatite|linfoma|metastasi|sieropositiv|ricoverat|tossicodipend|alcolizzat|invalid|disabil|autistic|soffre|operat|si droga|terapia/i;
const NAME_WORD = '\\p{Lu}[\\p{Ll}\'’]+';
const HEALTH = new RegExp(
  `(?<![\\p{L}])((?:(?:il|la)\\s+)?(?:sig(?:\\.|nor|nora|ra\\.?)|dott(?:\\.|or|oressa)|prof(?:\\.|essor|essoressa))\\s+${NAME_WORD}(?:\\s+${NAME_WORD})?|${NAME_WORD}\\s+${NAME_WORD})` +
    `[,\\s]+(?:[\\p{L}']+[,\\s]+){0,4}?` +
    `(?:(?:è|e|é|e'|sta)\\s+(?:gravemente\\s+)?(?:malat[oaie](?:\\s+di\\s+[\\p{L}]+)?|affett[oa]\\s+da|in\\s+(?:dialisi|chemio(?:terapia)?|terapia\\s+intensiva|rianimazione|cura\\s+per)|ricoverat[oa]|sieropositiv[oa]|diabetic[oa]|epilettic[oa]|depress[oa]|tossicodipendente|alcolizzat[oa]|invalid[oa]|disabile|autistic[oa]|stat[oa]\\s+operat[oa])` +
    `|ha\\s+(?:(?:il|la|l'|l’|un|una|lo)\\s*)?(?:tumore|cancro|diabete|hiv|aids|alzheimer|parkinson|sla|leucemia|epilessia|depressione|sclerosi|demenza|cirrosi|epatite|linfoma|metastasi)` +
    `|soffre\\s+di\\s+[\\p{L}]+|fa\\s+(?:la\\s+)?(?:dialisi|chemio(?:terapia)?)|si\\s+droga)(?![\\p{L}])`,
  'gu',
);
/** First words that make two capitalised words not a person's name. */
const NOT_A_NAME = new Set(
  'il la lo le i gli un una ieri oggi domani questo questa quel quella sindaco sindaca assessore assessora comune regione provincia presidente governo ufficio via piazza ma e poi anche se perché quando signori buongiorno salve grazie'.split(' '),
);

const PRIORITY: Record<PersonalDataKind, number> = {
  iban: 0, tessera_sanitaria: 1, codice_fiscale: 2, email: 3, partita_iva: 4, cie: 5, phone: 6, address: 7, health: 8,
};

/** Finds personal data in free Italian text. Checksums are verified where the identifier has one. */
export function findPersonalData(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  const push = (kind: PersonalDataKind, start: number, matched: string, valid: boolean): void => {
    found.push({ kind, start, end: start + matched.length, text: matched, valid });
  };
  const hasDigit = /\d/.test(text);
  for (const m of text.matchAll(CF_TEXT)) {
    const cf = m[0].toUpperCase();
    if (hasCodiceFiscaleShape(cf)) push('codice_fiscale', m.index, m[0], isValidCodiceFiscale(cf));
  }
  if (hasDigit) scanDigits(text, push);
  if (text.includes('@') || /\[at\]|\(at\)|\sat\s|chiocciola/i.test(text)) {
    for (const m of text.matchAll(EMAIL)) push('email', m.index, m[0], true);
    for (const m of text.matchAll(EMAIL_OBFUSCATED)) push('email', m.index, m[0], true);
  }
  if (HEALTH_HINT.test(text)) {
    for (const m of text.matchAll(HEALTH)) {
      const name = m[1] ?? '';
      const titled = /^(?:(?:il|la)\s+)?(?:sig|dott|prof)/i.test(name);
      const first = name.split(/\s+/)[0]?.toLowerCase() ?? '';
      if (titled || !NOT_A_NAME.has(first)) push('health', m.index, m[0], true);
    }
  }
  return resolveOverlaps(found);
}

type Push = (kind: PersonalDataKind, start: number, matched: string, valid: boolean) => void;

function scanDigits(text: string, push: Push): void {
  for (const m of text.matchAll(IBAN_IT)) push('iban', m.index, m[0], isValidIban(m[0]));
  for (const m of text.matchAll(IBAN_OTHER)) if (isValidIban(m[0])) push('iban', m.index, m[0], true);
  for (const m of text.matchAll(TESSERA)) push('tessera_sanitaria', m.index, m[0], true);
  for (const m of text.matchAll(CIE)) push('cie', m.index, m[0], true);
  for (const m of text.matchAll(PAPER_ID)) {
    const id = m[1] as string;
    push('cie', m.index + m[0].length - id.length, id, true);
  }
  for (const m of text.matchAll(PHONE)) classifyNumber(text, m[0], m.index, push);
  for (const m of text.matchAll(ADDRESS)) {
    const words = (m[1] ?? '').toLowerCase().split(/\s+/);
    if (words.some((w) => ADDRESS_BREAK.has(w))) continue;
    if (AFTER_NUMBER_UNIT.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
    push('address', m.index, m[0], true);
  }
}

function classifyNumber(text: string, raw: string, start: number, push: Push): void {
  const prefixed = /^(?:\+|00)\s?39/.test(raw) && raw.replace(/\D/g, '').length > 8;
  const groups = raw.split(/[ .\-]/);
  if (!prefixed) {
    if (DATE_LIKE.test(raw)) return;
    if (groups.length <= 4 && groups.every((g) => g.length <= 2)) return; // times, dates
    if (raw.includes('.') && groups.length > 1 && groups.slice(1).every((g) => g.length === 3)) return; // amounts
  }
  const digits = raw.replace(/\D/g, '');
  const national = prefixed ? digits.replace(/^(?:00)?39/, '') : digits;
  if (!prefixed && digits.length === 11) {
    const before = text.slice(Math.max(0, start - 30), start);
    if (PIVA_CONTEXT.test(before)) return push('partita_iva', start, raw, isValidPartitaIva(digits));
    if (groups.length === 1 && isValidPartitaIva(digits)) return push('partita_iva', start, raw, true);
  }
  const n = national.length;
  const mobile = /^3[1-9]/.test(national) && (n === 9 || n === 10);
  const landline = national.startsWith('0') && n >= (prefixed ? 6 : 8) && n <= 11;
  const tollFree = /^80[0-3]/.test(national) && (n === 9 || n === 10) && !prefixed;
  if (mobile || landline || tollFree) push('phone', start, raw.trimEnd(), true);
}

function resolveOverlaps(found: PersonalDataMatch[]): PersonalDataMatch[] {
  if (found.length < 2) return found;
  found.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start);
  const kept: PersonalDataMatch[] = [];
  for (const f of found) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
