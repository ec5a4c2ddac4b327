/**
 * The public pages of the external policy, without login: the version in force, earlier versions,
 * Markdown and PDF downloads. Bootstrap Italia's CSS and fonts are served locally (the product runs
 * on closed networks; the CSP is default-src 'self'), and the pages need no script.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../platform/http/server.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { escapeHtml, publicPage } from '../../platform/http/html.ts';
import { formatDateIt } from './kit/ente.fns.ts';
import type { PolicyService } from './policy.service.ts';


interface PageParts {
  title: string;
  enteName: string;
  homeHref: string;
  main: string;
  alternates?: { md: string; pdf: string };
}

function page(p: PageParts): string {
  const head = p.alternates
    ? `<link rel="alternate" type="text/markdown" href="${escapeHtml(p.alternates.md)}">\n<link rel="alternate" type="application/pdf" href="${escapeHtml(p.alternates.pdf)}">\n`
    : '';
  return publicPage({ title: p.title, enteName: p.enteName, tagline: 'Social media policy', homeHref: p.homeHref, main: p.main, head });
}

type Published = NonNullable<Awaited<ReturnType<PolicyService['published']>>>;

function actText(v: Pick<Published['version'], 'act'>): string {
  return `${v.act.type} n. ${v.act.number} del ${formatDateIt(v.act.date)}`;
}

/** The notice and downloads above the document, and the versions list below it. */
function versionPage(slug: string, enteName: string, pub: Published, body: string): PageParts {
  const base = `/enti/${encodeURIComponent(slug)}/social-media-policy`;
  const v = pub.version;
  const inForce = v.status === 'in_force';
  const md = inForce ? `${base}.md` : `${base}/v/${v.number}.md`;
  const pdf = inForce ? `${base}.pdf` : `${base}/v/${v.number}.pdf`;
  const notice = inForce
    ? `<p class="mb-2"><strong>Versione ${v.number}, in vigore</strong>: adottata con ${escapeHtml(actText(v))}.</p>`
    : `<p class="mb-2"><strong>Versione ${v.number}, non più in vigore</strong> (adottata con ${escapeHtml(actText(v))}). <a href="${escapeHtml(base)}">Leggi la versione in vigore</a>.</p>`;
  const top = [
    '<div class="container mb-4">',
    `<div class="callout${inForce ? '' : ' warning'}">`,
    '<div class="callout-inner">',
    notice,
    '<ul class="list-inline mb-0">',
    `<li class="list-inline-item"><a href="${escapeHtml(pdf)}">Scarica in PDF</a></li>`,
    `<li class="list-inline-item"><a href="${escapeHtml(md)}">Scarica in Markdown</a></li>`,
    '</ul>',
    `<p class="small mb-0 mt-2">Impronta sha256 del testo: <code>${escapeHtml(v.sha256)}</code></p>`,
    '</div>',
    '</div>',
    '</div>',
  ].join('\n');
  const items = pub.versions
    .map((s) => {
      const label = `Versione ${s.number} – ${actText(s)}${s.status === 'in_force' ? ' (in vigore)' : ''}`;
      const href = s.status === 'in_force' ? base : `${base}/v/${s.number}`;
      return s.number === v.number
        ? `<li aria-current="page">${escapeHtml(label)}</li>`
        : `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`;
    })
    .join('\n');
  const versions = `<nav class="container mt-5" aria-labelledby="versioni-titolo">\n<h2 id="versioni-titolo">Versioni</h2>\n<ul>\n${items}\n</ul>\n</nav>`;
  return {
    title: `${pub.version.document.title}${inForce ? '' : ` (versione ${v.number})`}`,
    enteName,
    homeHref: base,
    main: `${top}\n${body}\n${versions}`,
    alternates: { md, pdf },
  };
}

function notFoundPage(enteName: string | null, homeHref: string): string {
  const what = enteName
    ? `${enteName} non ha ancora una social media policy in vigore, oppure la versione richiesta non esiste.`
    : 'Ente non trovato.';
  const en = enteName ? 'No social media policy is in force yet, or the requested version does not exist.' : 'Public body not found.';
  return page({
    title: 'Pagina non trovata – Social media policy',
    enteName: enteName ?? 'Redazione',
    homeHref,
    main: `<div class="container">\n<h1>Pagina non trovata</h1>\n<p>${escapeHtml(what)}</p>\n<p lang="en">${escapeHtml(en)}</p>\n</div>`,
  });
}

const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const VersionFileParams = SlugParams.extend({ file: z.string().max(32) });

/** Serves the public pages (their CSS and fonts: platform/http/public-assets.ts). */
export function registerPolicyPublicRoutes(app: App, deps: { policy: PolicyService; organisation: Pick<OrganisationService, 'findEnteBySlug'> }) {
  const { policy, organisation } = deps;

  /** Renders version `n` (the version in force when undefined) in a format, or the 404 page. */
  async function serve(reply: FastifyReply, slug: string, n: number | undefined, format: 'html' | 'md' | 'pdf') {
    const ente = await organisation.findEnteBySlug(slug);
    const home = `/enti/${encodeURIComponent(slug)}/social-media-policy`;
    const pub = ente ? await policy.published(ente.id, n) : null;
    if (!ente || !pub) {
      return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(ente?.name ?? null, home));
    }
    const v = pub.version;
    const path = v.status === 'in_force' ? home : `${home}/v/${v.number}`;
    const meta = policy.renderMeta(ente.name, v, path);
    const file = `social-media-policy-${slug}-v${v.number}`;
    reply.header('Cache-Control', 'public, max-age=300').header('ETag', `"${v.sha256.slice(0, 32)}-${format}"`);
    if (format === 'md') {
      return reply
        .type('text/markdown; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${file}.md"`)
        .send(policy.renderMarkdown(v.document, meta));
    }
    if (format === 'pdf') {
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="${file}.pdf"`)
        .send(await policy.renderPdf(v.document, meta));
    }
    const { publishedUrl: _self, ...htmlMeta } = meta; // the page is itself the published text
    const body = policy.renderHtml(v.document, htmlMeta);
    return reply.type('text/html; charset=utf-8').send(page(versionPage(slug, ente.name, pub, body)));
  }

  const hidden = { hide: true } as const;
  app.get('/enti/:slug/social-media-policy', { schema: { ...hidden, params: SlugParams } }, (req, reply) => serve(reply, req.params.slug, undefined, 'html'));
  app.get('/enti/:slug/social-media-policy.md', { schema: { ...hidden, params: SlugParams } }, (req, reply) => serve(reply, req.params.slug, undefined, 'md'));
  app.get('/enti/:slug/social-media-policy.pdf', { schema: { ...hidden, params: SlugParams } }, (req, reply) => serve(reply, req.params.slug, undefined, 'pdf'));
  // "/v/3", "/v/3.md", "/v/3.pdf": one route, the suffix chooses the format.
  app.get('/enti/:slug/social-media-policy/v/:file', { schema: { ...hidden, params: VersionFileParams } }, (req, reply) => {
    const m = /^([1-9]\d{0,6})(?:\.(md|pdf))?$/.exec(req.params.file);
    if (!m) return serve(reply, req.params.slug, 0, 'html');
    return serve(reply, req.params.slug, Number(m[1]), (m[2] as 'md' | 'pdf' | undefined) ?? 'html');
  });
}
