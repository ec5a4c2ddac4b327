/**
 * Links: every address in the text (and the variant's link preview) should be https and reachable.
 * The caller fetches the addresses that `extractLinks` returns and passes their HTTP status in
 * `ctx.linkStatus`; the check itself stays pure.
 */
import { extractLinks, type ExtractedLink } from '../text.fns.ts';
import { finding, quote } from './finding.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

export { extractLinks } from '../text.fns.ts';
export type { ExtractedLink } from '../text.fns.ts';

const RULE = 'Buona pratica redazionale: link sicuri e funzionanti';

/** All the addresses a variant points to: those in the text and its link preview. */
export function variantLinks(v: VariantInput): ExtractedLink[] {
  const links = extractLinks(v.text);
  const extra = v.link?.trim();
  if (extra && !links.some((l) => l.url === extra || l.text === extra)) {
    // The preview link is not in the text: it has no span (start = end = -1).
    const lower = extra.toLowerCase();
    const scheme = lower.startsWith('https://') ? 'https' : lower.startsWith('http://') ? 'http' : null;
    links.push({ start: -1, end: -1, text: extra, url: scheme ? extra : `http://${extra}`, scheme });
  }
  return links;
}

/** links.not_https, links.broken; links.not_clickable on Instagram. */
export function checkLinks(v: VariantInput, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const links = variantLinks(v);
  for (const l of links) {
    const span = l.start >= 0 ? { start: l.start, end: l.end } : null;
    const shown = quote(l.text);
    if (l.scheme === 'http') {
      out.push(
        finding(
          v.channelId,
          'links.not_https',
          'warning',
          RULE,
          `Il link «${shown}» non usa https: usa l'indirizzo https, perché i browser segnalano come non sicure le pagine http.`,
          `The link "${shown}" does not use https: use the https address, since browsers flag http pages as not secure.`,
          span,
        ),
      );
    } else if (l.scheme === null) {
      out.push(
        finding(
          v.channelId,
          'links.not_https',
          'warning',
          RULE,
          `Il link «${shown}» non indica https: le piattaforme lo aprono come http. Scrivi l'indirizzo completo, https://${shown}.`,
          `The link "${shown}" has no https: platforms open it as http. Write the full address, https://${shown}.`,
          span,
        ),
      );
    }
    const status = ctx.linkStatus?.[l.url] ?? ctx.linkStatus?.[l.text];
    if (status === 'error' || (typeof status === 'number' && status >= 400)) {
      // A page that does not exist blocks; a server error or no answer may be temporary (or a
      // closed network): the redazione is warned and decides.
      const gone = status === 404 || status === 410;
      const why = status === 'error' ? 'il sito non risponde' : gone ? `la pagina non esiste (${status})` : `il server risponde ${status}`;
      const whyEn = status === 'error' ? 'the site does not respond' : gone ? `the page does not exist (${status})` : `the server answers ${status}`;
      out.push(
        finding(
          v.channelId,
          'links.broken',
          gone ? 'blocking' : 'warning',
          RULE,
          `Link non raggiungibile: «${shown}» (${why}). Correggi l'indirizzo o pubblica prima la pagina.`,
          `Link not reachable: "${shown}" (${whyEn}). Fix the address or publish the page first.`,
          span,
        ),
      );
    }
  }
  if (v.platform === 'instagram' && links.some((l) => l.start >= 0)) {
    const first = links.find((l) => l.start >= 0);
    out.push(
      finding(
        v.channelId,
        'links.not_clickable',
        'info',
        'Instagram: i link nelle didascalie non sono cliccabili',
        'Su Instagram i link nella didascalia non sono cliccabili: indica dove trovarli (per esempio «link nella bio»).',
        'On Instagram links in captions are not clickable: say where to find them (e.g. "link in bio").',
        first ? { start: first.start, end: first.end } : null,
      ),
    );
  }
  return out;
}
