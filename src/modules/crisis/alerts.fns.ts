/**
 * Civil-protection alerts as pure functions: the Italian templates (DOMAIN.md's typical Comune
 * post), and one variant per channel shortened to the platform's limit. Shortening drops whole
 * parts in a fixed order (behaviour rules, measures, zones, source…), never cuts a word, and always
 * keeps code, risks, validity window and link.
 */
import { measureText, platformLimits, type EditorialPlatform } from '../editorial/index.ts';

export const ALERT_CODES = ['verde', 'gialla', 'arancione', 'rossa'] as const;
export type AlertCode = (typeof ALERT_CODES)[number];
export const RISKS = ['idrogeologico', 'idraulico', 'temporali', 'neve', 'vento', 'ondate_di_calore', 'incendi', 'altro'] as const;
export type Risk = (typeof RISKS)[number];

export const CODE_LABELS: Record<AlertCode, { it: string; en: string; criticita: string }> = {
  verde: { it: 'Codice Verde', en: 'Green', criticita: 'assente' },
  gialla: { it: 'Codice Giallo', en: 'Yellow', criticita: 'ordinaria' },
  arancione: { it: 'Codice Arancione', en: 'Orange', criticita: 'moderata' },
  rossa: { it: 'Codice Rosso', en: 'Red', criticita: 'elevata' },
};

export const RISK_LABELS: Record<Risk, string> = {
  idrogeologico: 'idrogeologico',
  idraulico: 'idraulico',
  temporali: 'temporali',
  neve: 'neve',
  vento: 'vento',
  ondate_di_calore: 'ondate di calore',
  incendi: 'incendi boschivi',
  altro: 'altri fenomeni',
};

/** Behaviour rules per risk (from the national "Io non rischio" guidance), offered by the composer. */
export const BEHAVIOUR_TEMPLATES: Record<Risk, string[]> = {
  idrogeologico: ['Non sostare vicino a versanti e pendii', 'Evita sottopassi e scantinati', 'Non attraversare strade allagate'],
  idraulico: ['Stai lontano da argini, ponti e corsi d’acqua', 'Non scendere in cantine e garage', 'Sali ai piani alti in caso di allagamento'],
  temporali: ['Evita spazi aperti e alberi isolati', 'Fissa gli oggetti sui balconi', 'Limita gli spostamenti'],
  neve: ['Usa gomme invernali o catene', 'Evita spostamenti non necessari', 'Attenzione al ghiaccio su marciapiedi e strade'],
  vento: ['Stai lontano da alberi, impalcature e cartelloni', 'Fissa gli oggetti sui balconi', 'Evita le zone costiere'],
  ondate_di_calore: ['Evita di uscire nelle ore più calde', 'Bevi molta acqua', 'Aiuta anziani e persone fragili'],
  incendi: ['Non accendere fuochi all’aperto', 'Non gettare mozziconi', 'Segnala subito ogni fumo al 112'],
  altro: ['Segui le indicazioni delle autorità'],
};

/** Lines every alert of a code carries around the per-risk rules (DOMAIN.md: where to stay updated). */
const BY_CODE: Record<AlertCode, { before: string[]; after: string[] }> = {
  verde: { before: [], after: ['Segui gli aggiornamenti sui canali ufficiali del Comune'] },
  gialla: { before: [], after: ['Segui gli aggiornamenti sui canali ufficiali del Comune'] },
  arancione: { before: [], after: ['Evita gli spostamenti non necessari', 'Segui gli aggiornamenti sui canali ufficiali del Comune'] },
  rossa: { before: ['Resta in casa se puoi e segui le indicazioni delle autorità'], after: ['Evita gli spostamenti non necessari', 'Segui gli aggiornamenti sui canali ufficiali del Comune'] },
};

/**
 * The ready behaviour rules for a colour code and its risks, in Italian, for the composer: none of
 * the per-risk rules for "verde" (no alert in force), otherwise each risk's rules between the
 * code's own lines, without repeats; without a code, the risks' rules alone.
 */
export function behaviourTemplate(code: AlertCode | null, risks: readonly Risk[]): string[] {
  const perRisk = code === 'verde' ? [] : risks.flatMap((r) => BEHAVIOUR_TEMPLATES[r]);
  const lines = code ? [...BY_CODE[code].before, ...perRisk, ...BY_CODE[code].after] : perRisk;
  return lines.filter((line, i) => lines.indexOf(line) === i);
}

export interface Zone {
  name: string;
  /** Code of the zona di allerta or ISTAT code of the Comune, when known. */
  code?: string | null;
}

export interface AlertContent {
  code: AlertCode;
  risks: Risk[];
  zones: Zone[];
  validFrom: Date;
  validTo: Date;
  source: string;
  measures: string[];
  behaviour: string[];
  ordinanceUrl?: string | null;
  infoUrl?: string | null;
}

const TZ = 'Europe/Rome';

function parts(d: Date) {
  const f = new Intl.DateTimeFormat('it-IT', { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { weekday: p.weekday!, day: p.day!, month: p.month!, year: p.year!, time: `${p.hour}.${p.minute}` };
}

const cap1 = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** "martedì 12 novembre 2026" in Italian local time. */
export const dayIt = (d: Date) => {
  const p = parts(d);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
};

/** "dalle ore 00.00 alle ore 13.00 di martedì 12 novembre 2026", or across two days. */
export function validityIt(from: Date, to: Date): string {
  const a = parts(from);
  const b = parts(to);
  if (dayIt(from) === dayIt(to)) return `dalle ore ${a.time} alle ore ${b.time} di ${dayIt(from)}`;
  return `dalle ore ${a.time} di ${dayIt(from)} alle ore ${b.time} di ${dayIt(to)}`;
}

/** Short validity for the tightest platforms: "00.00–13.00 del 12/11". */
function validityShort(from: Date, to: Date): string {
  const f = new Intl.DateTimeFormat('it-IT', { timeZone: TZ, day: '2-digit', month: '2-digit' });
  const a = parts(from);
  const b = parts(to);
  return f.format(from) === f.format(to) ? `ore ${a.time}–${b.time} del ${f.format(from)}` : `dalle ${a.time} del ${f.format(from)} alle ${b.time} del ${f.format(to)}`;
}

function risksIt(risks: Risk[]): string {
  const labels = risks.map((r) => RISK_LABELS[r]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} e ${labels.at(-1)}`;
}

function kindIt(risks: Risk[]): string {
  if (risks.length === 1 && risks[0] === 'incendi') return 'ALLERTA INCENDI';
  if (risks.length === 1 && risks[0] === 'ondate_di_calore') return 'ONDATA DI CALORE';
  return 'ALLERTA METEO';
}

/** "ALLERTA METEO – Martedì 12 novembre 2026: Codice Giallo per rischio idrogeologico e temporali dalle ore … di …". */
export function headlineIt(a: Pick<AlertContent, 'code' | 'risks' | 'validFrom' | 'validTo'>): string {
  const label = CODE_LABELS[a.code];
  if (a.code === 'verde') return `${kindIt(a.risks)} – ${cap1(dayIt(a.validFrom))}: ${label.it}, nessuna allerta per rischio ${risksIt(a.risks)} ${validityIt(a.validFrom, a.validTo)}`;
  return `${kindIt(a.risks)} – ${cap1(dayIt(a.validFrom))}: ${label.it} per rischio ${risksIt(a.risks)} ${validityIt(a.validFrom, a.validTo)}`;
}

/** The link the alert points to: the ordinanza, else the information page. */
export const alertLink = (a: Pick<AlertContent, 'ordinanceUrl' | 'infoUrl'>) => a.ordinanceUrl ?? a.infoUrl ?? null;

interface Part {
  text: string;
  /** Lower goes first when the text must be shortened. */
  drop: number;
}

/** The parts of the full message, in reading order, each with its drop priority. */
function messageParts(a: AlertContent): { essential: string; optional: Part[]; tail: string[] } {
  const optional: Part[] = [];
  if (a.zones.length) optional.push({ text: `Zone: ${a.zones.map((z) => z.name).join(', ')}.`, drop: 3 });
  optional.push({ text: `Fonte: ${a.source}.`, drop: 4 });
  if (a.measures.length) optional.push({ text: `Misure: ${a.measures.join('; ')}.`, drop: 2 });
  if (a.behaviour.length) optional.push({ text: `Comportamenti: ${a.behaviour.join('; ')}.`, drop: 1 });
  if (a.infoUrl && a.ordinanceUrl) optional.push({ text: `Aggiornamenti: ${a.infoUrl}`, drop: 0 });
  const link = alertLink(a);
  const tail = [link ? (a.ordinanceUrl ? `Ordinanza: ${link}` : `Aggiornamenti: ${link}`) : '', 'Emergenze: 112'].filter(Boolean);
  return { essential: `${headlineIt(a)}.`, optional, tail };
}

/** The full text (no limit): for the website, Facebook, Telegram, WhatsApp and the CAP description. */
export function fullText(a: AlertContent): string {
  const { essential, optional, tail } = messageParts(a);
  return [essential, ...optional.map((p) => p.text), ...tail].join('\n');
}

/** Drops words from the end until the text fits, never cutting a word, and marks the cut with "…". */
function fitWords(p: EditorialPlatform, text: string, budget: (t: string) => boolean): string {
  const words = text.split(' ');
  while (words.length > 1) {
    words.pop();
    const t = `${words.join(' ').replace(/[,;:.–-]+$/, '')}…`;
    if (budget(t)) return t;
  }
  void p;
  return '';
}

/**
 * The text for one platform within its limit: the full text when it fits, else the headline with
 * the link, 112 and as many optional parts as fit (in drop order), else a compact headline.
 */
export function variantFor(platform: EditorialPlatform, a: AlertContent): string {
  const max = platformLimits(platform).maxChars;
  const full = fullText(a);
  if (max === null || measureText(platform, full) <= max) return full;
  const fits = (t: string) => measureText(platform, t) <= max;
  const { essential, optional, tail } = messageParts(a);
  const join = (head: string, opts: Part[]) => [head, ...opts.map((o) => o.text), ...tail].join('\n');
  // Try the full headline, then the compact one; add optional parts, most important first.
  const compact = `${kindIt(a.risks)}: ${CODE_LABELS[a.code].it} per rischio ${risksIt(a.risks)}, ${validityShort(a.validFrom, a.validTo)}.`;
  for (const head of [essential, compact]) {
    if (!fits(join(head, []))) continue;
    const kept: Part[] = [];
    for (const part of [...optional].sort((x, y) => y.drop - x.drop)) {
      const trial = optional.filter((o) => kept.includes(o) || o === part);
      if (fits(join(head, trial))) kept.push(part);
    }
    return join(head, optional.filter((o) => kept.includes(o)));
  }
  // Even the compact headline with link and 112 is too long: shorten the headline word by word.
  const tailText = tail.join('\n');
  const head = fitWords(platform, compact, (t) => fits(`${t}\n${tailText}`));
  return head ? `${head}\n${tailText}` : tailText;
}

/** Every selected channel's variant. */
export function variantsFor(channels: { id: string; platform: string }[], a: AlertContent): { channelId: string; platform: string; text: string; link: string | null }[] {
  return channels.map((c) => ({ channelId: c.id, platform: c.platform, text: variantFor(c.platform as EditorialPlatform, a), link: null }));
}
