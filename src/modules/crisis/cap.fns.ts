/**
 * CAP 1.2 (OASIS Common Alerting Protocol) documents for alerts, and the Atom index that lists
 * them. Feed convention: national and international hubs (the NWS, the WMO Register of Alerting
 * Authorities' feeds, Google Public Alerts) publish an Atom (or RSS) index whose entries link to
 * one CAP document per message (OASIS CAP Feeds note). So `/allerte.cap.xml` is that Atom index and
 * each alert is its own document at `/allerte/{id}.cap.xml`; a cancelled alert's document is the
 * Cancel message that references the original. Times carry an explicit offset without fractions,
 * as the schema's pattern requires.
 */
import { CODE_LABELS, RISK_LABELS, type AlertCode, type Risk, type Zone } from './alerts.fns.ts';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 2026-11-12T00:00:00+01:00 in Italian local time (CAP forbids "Z" and fractions). */
export function capTime(d: Date, timeZone = 'Europe/Rome'): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offset = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${sign}${hh}:${mm}`;
}

/** Urgency, severity and certainty from the colour code (the Meteoalarm mapping: yellow Moderate, orange Severe, red Extreme). */
export const CAP_LEVELS: Record<AlertCode, { urgency: string; severity: string; certainty: string }> = {
  verde: { urgency: 'Future', severity: 'Minor', certainty: 'Unlikely' },
  gialla: { urgency: 'Expected', severity: 'Moderate', certainty: 'Possible' },
  arancione: { urgency: 'Expected', severity: 'Severe', certainty: 'Likely' },
  rossa: { urgency: 'Immediate', severity: 'Extreme', certainty: 'Likely' },
};

/** CAP categories of each risk. */
export const CAP_CATEGORY: Record<Risk, string> = {
  idrogeologico: 'Geo',
  idraulico: 'Met',
  temporali: 'Met',
  neve: 'Met',
  vento: 'Met',
  ondate_di_calore: 'Met',
  incendi: 'Fire',
  altro: 'Other',
};

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** "sender,identifier,sent" of earlier messages, for Update and Cancel. */
  references: string[];
  code: AlertCode;
  risks: Risk[];
  zones: Zone[];
  validFrom: Date;
  validTo: Date;
  senderName: string;
  headline: string;
  description: string;
  instruction: string;
  web: string;
  contact: string;
}

/** A CAP identifier or sender must not contain spaces, commas, "<" or "&". */
export const capToken = (s: string) => s.replace(/[\s,<&]+/g, '-');

/** One CAP 1.2 alert message. */
export function capDocument(a: CapAlert): string {
  const lv = CAP_LEVELS[a.code];
  const categories = [...new Set(a.risks.map((r) => CAP_CATEGORY[r]))];
  const el = (name: string, value: string, indent = '    ') => `${indent}<${name}>${esc(value)}</${name}>`;
  const area = (z: Zone) =>
    [
      '    <area>',
      el('areaDesc', z.name, '      '),
      ...(z.code ? ['      <geocode>', el('valueName', 'ZONA_ALLERTA', '        '), el('value', z.code, '        '), '      </geocode>'] : []),
      '    </area>',
    ].join('\n');
  const event = `${CODE_LABELS[a.code].it} – rischio ${a.risks.map((r) => RISK_LABELS[r]).join(', ')}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alert xmlns="${CAP_NS}">`,
    el('identifier', capToken(a.identifier), '  '),
    el('sender', capToken(a.sender), '  '),
    el('sent', capTime(a.sent), '  '),
    '  <status>Actual</status>',
    `  <msgType>${a.msgType}</msgType>`,
    '  <scope>Public</scope>',
    ...(a.references.length ? [el('references', a.references.join(' '), '  ')] : []),
    '  <info>',
    '    <language>it-IT</language>',
    ...categories.map((c) => `    <category>${c}</category>`),
    el('event', event),
    `    <urgency>${a.msgType === 'Cancel' ? 'Past' : lv.urgency}</urgency>`,
    `    <severity>${lv.severity}</severity>`,
    `    <certainty>${lv.certainty}</certainty>`,
    el('effective', capTime(a.sent)),
    el('onset', capTime(a.validFrom)),
    el('expires', capTime(a.validTo)),
    el('senderName', a.senderName),
    el('headline', a.headline),
    el('description', a.description),
    ...(a.instruction ? [el('instruction', a.instruction)] : []),
    el('web', a.web),
    el('contact', a.contact),
    '    <parameter>',
    el('valueName', 'CODICE_COLORE', '      '),
    el('value', a.code, '      '),
    '    </parameter>',
    ...(a.zones.length ? a.zones.map(area) : [area({ name: a.senderName })]),
    '  </info>',
    '</alert>',
    '',
  ].join('\n');
}

export interface FeedEntry {
  id: string;
  title: string;
  updated: Date;
  capUrl: string;
  htmlUrl: string;
  summary: string;
}

/** The Atom index of CAP messages (RFC 4287), newest first. */
export function capAtomIndex(feed: { id: string; title: string; self: string; html: string; author: string; updated: Date; entries: FeedEntry[] }): string {
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">',
    `  <id>${esc(feed.id)}</id>`,
    `  <title>${esc(feed.title)}</title>`,
    `  <updated>${iso(feed.updated)}</updated>`,
    `  <author><name>${esc(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${esc(feed.html)}"/>`,
    ...feed.entries.map((e) =>
      [
        '  <entry>',
        `    <id>${esc(e.id)}</id>`,
        `    <title>${esc(e.title)}</title>`,
        `    <updated>${iso(e.updated)}</updated>`,
        `    <summary>${esc(e.summary)}</summary>`,
        `    <link rel="alternate" type="application/cap+xml" href="${esc(e.capUrl)}"/>`,
        `    <link rel="related" type="text/html" href="${esc(e.htmlUrl)}"/>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}
