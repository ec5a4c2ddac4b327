/**
 * The public alert page and the CAP feed, without login. The page follows the policy pages'
 * shell (platform/http/html.ts: Bootstrap Italia CSS and fonts served locally, no script, lang
 * it); the feed is an Atom index of CAP 1.2 documents, one per alert (see cap.fns.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../platform/http/server.ts';
import { escapeHtml, publicPage } from '../../platform/http/html.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { CODE_LABELS, RISK_LABELS, validityIt, type AlertCode, type Risk, type Zone } from './alerts.fns.ts';
import { contentOf, type AlertsService } from './alerts.service.ts';
import { capAtomIndex, capDocument, capTime, type CapAlert } from './cap.fns.ts';
import type { alerts as alertsTable } from './crisis.tables.ts';

const esc = escapeHtml;

type AlertRow = typeof alertsTable.$inferSelect;
type Ente = { id: string; slug: string; name: string; email: string | null; website: string | null };

/** Bootstrap Italia callout colours per code (text stays dark on light backgrounds: contrast AA). */
const CALLOUT: Record<AlertCode, string> = { verde: 'success', gialla: 'warning', arancione: 'warning', rossa: 'danger' };

function page(title: string, ente: Pick<Ente, 'slug' | 'name'>, main: string, feedHref: string): string {
  return publicPage({
    title,
    enteName: ente.name,
    tagline: 'Allerte di protezione civile',
    homeHref: `/enti/${encodeURIComponent(ente.slug)}/allerte`,
    main,
    head: `<link rel="alternate" type="application/atom+xml" title="Allerte (CAP 1.2)" href="${esc(feedHref)}">\n`,
    footerNote: 'In caso di emergenza chiama il 112.',
  });
}

function alertCard(a: AlertRow, capHref: string, current: boolean): string {
  const code = a.code as AlertCode;
  const zones = (a.zones as Zone[]).map((z) => z.name);
  const cancelled = a.status === 'annullata';
  const list = (label: string, items: string[]) => (items.length ? `<h4 class="h6 mt-3">${label}</h4>\n<ul>\n${items.map((i) => `<li>${esc(i)}</li>`).join('\n')}\n</ul>` : '');
  const link = (href: string | null, label: string) => (href ? `<li><a href="${esc(href)}">${label}</a></li>` : '');
  return [
    `<article class="callout ${cancelled ? 'note' : CALLOUT[code]} mb-4" aria-labelledby="allerta-${a.id}">`,
    '<div class="callout-inner">',
    `<h3 class="h5" id="allerta-${a.id}">${cancelled ? '<span class="badge bg-secondary me-2">Annullata</span>' : ''}${esc(a.headline)}</h3>`,
    `<p class="mb-1"><strong>${esc(CODE_LABELS[code].it)}</strong> (criticità ${esc(CODE_LABELS[code].criticita)}) – rischio ${esc((a.risks as Risk[]).map((r) => RISK_LABELS[r]).join(', '))}.</p>`,
    `<p class="mb-1">Validità: ${esc(validityIt(a.validFrom, a.validTo))}.</p>`,
    zones.length ? `<p class="mb-1">Zone: ${esc(zones.join(', '))}.</p>` : '',
    `<p class="mb-1">Fonte: ${esc(a.source)}.</p>`,
    list('Misure adottate', a.measures),
    list('Cosa fare', a.behaviour),
    '<ul class="list-inline mt-3 mb-0">',
    link(a.ordinanceUrl, 'Leggi l’ordinanza'),
    link(a.infoUrl, 'Aggiornamenti'),
    `<li class="list-inline-item"><a href="${esc(capHref)}">Messaggio CAP 1.2 (XML)</a></li>`,
    '</ul>',
    current ? '<p class="mt-2 mb-0"><strong>In caso di emergenza chiama il 112.</strong></p>' : '',
    '</div>',
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
}

const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const FileParams = SlugParams.extend({ file: z.string().max(64) });

/** Registers the public alert page, the Atom index of CAP messages and each CAP document. */
export function registerCrisisPublicRoutes(app: App, deps: { alerts: Pick<AlertsService, 'published'>; organisation: Pick<OrganisationService, 'findEnteBySlug'>; publicUrl: string | null }) {
  // Without a configured public URL the documents name the host the request came to.
  const originOf = (req: FastifyRequest) => (deps.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

  /** `list` holds the Ente's published alerts: an Update references the original by its own sent time. */
  function capOf(origin: string, ente: Ente, a: AlertRow, list: AlertRow[]): CapAlert {
    const host = new URL(origin).host;
    const self = `${origin}/enti/${ente.slug}/allerte`;
    const base = `${host}.${ente.slug}.${a.id}`;
    const sender = ente.email ?? `allerte@${host}`;
    const cancelled = a.status === 'annullata';
    const references = [];
    const original = a.referencesId ? list.find((x) => x.id === a.referencesId) : undefined;
    if (a.msgType === 'Update' && original?.approvedAt) references.push(`${sender},${host}.${ente.slug}.${original.id},${capTime(original.approvedAt)}`);
    if (cancelled) references.push(`${sender},${base},${capTime(a.approvedAt!)}`);
    const c = contentOf(a);
    return {
      identifier: cancelled ? `${base}.cancel` : base,
      sender,
      sent: cancelled ? a.cancelledAt! : a.approvedAt!,
      msgType: cancelled ? 'Cancel' : (a.msgType as 'Alert' | 'Update'),
      references,
      code: c.code,
      risks: c.risks,
      zones: c.zones,
      validFrom: c.validFrom,
      validTo: c.validTo,
      senderName: ente.name,
      headline: a.headline.slice(0, 160),
      description: a.text,
      instruction: [...a.behaviour, 'In caso di emergenza chiama il 112.'].join('\n'),
      web: a.ordinanceUrl ?? a.infoUrl ?? self,
      contact: ente.website ? `${ente.name}: ${ente.website} – emergenze 112` : `${ente.name} – emergenze 112`,
    };
  }

  async function load(slug: string) {
    const ente = (await deps.organisation.findEnteBySlug(slug)) as Ente | undefined | null;
    if (!ente) return null;
    return { ente, list: await deps.alerts.published(ente.id) };
  }

  const notFound = (reply: FastifyReply) =>
    reply.code(404).type('text/html; charset=utf-8').send(page('Pagina non trovata', { slug: '', name: 'Redazione' }, '<div class="container"><h1>Pagina non trovata</h1><p>Ente non trovato.</p><p lang="en">Not found.</p></div>', '/'));

  const hidden = { hide: true } as const;
  app.get('/enti/:slug/allerte', { schema: { ...hidden, params: SlugParams } }, async (req, reply) => {
    const found = await load(req.params.slug);
    if (!found) return notFound(reply);
    const { ente, list } = found;
    const now = Date.now();
    const basePath = `/enti/${encodeURIComponent(ente.slug)}/allerte`;
    const current = list.filter((a) => a.status === 'pubblicata' && a.validTo.getTime() > now);
    const past = list.filter((a) => !current.includes(a));
    const section = (id: string, title: string, items: AlertRow[], isCurrent: boolean, empty: string) =>
      `<section class="container mb-5" aria-labelledby="${id}">\n<h2 id="${id}">${title}</h2>\n${items.length ? items.map((a) => alertCard(a, `${basePath}/${a.id}.cap.xml`, isCurrent)).join('\n') : `<p>${empty}</p>`}\n</section>`;
    const main = [
      '<div class="container mb-4">',
      `<h1>Allerte di protezione civile – ${esc(ente.name)}</h1>`,
      `<p>Le allerte diffuse da ${esc(ente.name)}, che rilancia i messaggi delle autorità di protezione civile. Sono disponibili anche come <a href="${basePath}.cap.xml">feed CAP 1.2 (Atom)</a>.</p>`,
      '<p lang="en">Civil-protection alerts relayed by this public body; also available as a CAP 1.2 Atom feed.</p>',
      '</div>',
      section('in-corso', 'Allerte in corso', current, true, 'Nessuna allerta in corso.'),
      section('passate', 'Allerte passate e annullate', past, false, 'Nessuna allerta passata.'),
    ].join('\n');
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(page(`Allerte – ${ente.name}`, ente, main, `${basePath}.cap.xml`));
  });

  app.get('/enti/:slug/allerte.cap.xml', { schema: { ...hidden, params: SlugParams } }, async (req, reply) => {
    const found = await load(req.params.slug);
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('Ente non trovato / not found');
    const { ente, list } = found;
    const origin = originOf(req);
    const host = new URL(origin).host;
    const basePath = `${origin}/enti/${ente.slug}/allerte`;
    const entries = list.map((a) => ({
      id: `urn:redazione:${host}:${ente.slug}:${a.id}${a.status === 'annullata' ? ':cancel' : ''}`,
      title: `${a.status === 'annullata' ? 'ANNULLATA – ' : ''}${a.headline}`,
      updated: a.cancelledAt ?? a.approvedAt!,
      capUrl: `${basePath}/${a.id}.cap.xml`,
      htmlUrl: basePath,
      summary: a.text,
    }));
    const xml = capAtomIndex({
      id: `urn:redazione:${host}:${ente.slug}:allerte`,
      title: `Allerte di protezione civile – ${ente.name}`,
      self: `${basePath}.cap.xml`,
      html: basePath,
      author: ente.name,
      updated: entries[0]?.updated ?? new Date(0),
      entries,
    });
    return reply.type('application/atom+xml; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(xml);
  });

  app.get('/enti/:slug/allerte/:file', { schema: { ...hidden, params: FileParams } }, async (req, reply) => {
    const m = /^([0-9a-f-]{36})\.cap\.xml$/.exec(req.params.file);
    const found = m ? await load(req.params.slug) : null;
    const a = found?.list.find((x) => x.id === m![1]);
    if (!found || !a) return reply.code(404).type('text/plain; charset=utf-8').send('Allerta non trovata / not found');
    return reply.type('application/cap+xml; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(capDocument(capOf(originOf(req), found.ente, a, found.list)));
  });
}
