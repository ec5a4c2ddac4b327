/**
 * Server-rendered public pages (policy, alerts, satisfaction survey): one escaping function and one
 * Bootstrap Italia shell, with CSS and fonts served locally and no script (see public-assets.ts).
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

export const PUBLIC_ASSETS = '/static/bootstrap-italia';
export const PUBLIC_FONTS_CSS = '/static/fonts.css';

export interface PublicPage {
  /** The document title. */
  title: string;
  enteName: string;
  /** The line under the Ente's name in the header, e.g. "Social media policy". */
  tagline: string;
  homeHref: string;
  /** Trusted HTML inside <main>. */
  main: string;
  /** Trusted extra <head> elements (alternate links). */
  head?: string;
  /** A sentence before "Pagina pubblicata con Redazione" in the footer (escaped). */
  footerNote?: string;
}

/** A whole HTML document in the Bootstrap Italia layout: skip link, header with the Ente, main, footer. */
export function publicPage(p: PublicPage): string {
  const note = p.footerNote ? ` ${escapeHtml(p.footerNote)}` : '';
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${PUBLIC_ASSETS}/css/bootstrap-italia.min.css">
<link rel="stylesheet" href="${PUBLIC_FONTS_CSS}">
${p.head ?? ''}</head>
<body>
<a class="visually-hidden-focusable" href="#contenuto">Vai al contenuto</a>
<header class="it-header-wrapper">
<div class="it-header-center-wrapper">
<div class="container">
<div class="row">
<div class="col-12">
<div class="it-header-center-content-wrapper">
<div class="it-brand-wrapper">
<a href="${escapeHtml(p.homeHref)}">
<div class="it-brand-text">
<div class="it-brand-title">${escapeHtml(p.enteName)}</div>
<div class="it-brand-tagline d-none d-md-block">${escapeHtml(p.tagline)}</div>
</div>
</a>
</div>
</div>
</div>
</div>
</div>
</div>
</header>
<main id="contenuto" class="py-4">
${p.main}
</main>
<footer class="it-footer">
<div class="it-footer-main">
<div class="container py-4">
<p class="mb-0">${escapeHtml(p.enteName)}.${note} Pagina pubblicata con Redazione. / Published with Redazione.</p>
</div>
</div>
</footer>
</body>
</html>
`;
}
