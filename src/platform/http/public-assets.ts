/**
 * Bootstrap Italia's CSS and fonts for the public pages, served from node_modules (the product runs
 * on closed networks: nothing from a CDN), and the @font-face rules the CSS does not declare.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { PUBLIC_ASSETS as ASSETS, PUBLIC_FONTS_CSS } from './html.ts';
import type { App } from './server.ts';

/** Finds bootstrap-italia's dist folder in the node_modules above this file, if installed. */
function bootstrapItaliaDist(): string | null {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'bootstrap-italia', 'dist');
    if (fs.existsSync(path.join(candidate, 'css', 'bootstrap-italia.min.css'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** bootstrap-italia.min.css declares no @font-face: these do, for the files it ships. */
function fontsCss(): string {
  const face = (family: string, folder: string, file: string, weight: number, style: string) =>
    `@font-face{font-family:'${family}';font-style:${style};font-weight:${weight};font-display:swap;` +
    `src:url('${ASSETS}/fonts/${folder}/${file}.woff2') format('woff2'),url('${ASSETS}/fonts/${folder}/${file}.woff') format('woff');}`;
  const titillium = (w: number, suffix: string, style = 'normal') =>
    face('Titillium Web', 'Titillium_Web', `titillium-web-v10-latin-ext_latin-${suffix}`, w, style);
  return [
    titillium(300, '300'),
    titillium(400, 'regular'),
    titillium(400, 'italic', 'italic'),
    titillium(600, '600'),
    titillium(700, '700'),
    face('Lora', 'Lora', 'lora-v20-latin-ext_latin-regular', 400, 'normal'),
    face('Lora', 'Lora', 'lora-v20-latin-ext_latin-700', 700, 'normal'),
    face('Roboto Mono', 'Roboto_Mono', 'roboto-mono-v13-latin-ext_latin-regular', 400, 'normal'),
    face('Roboto Mono', 'Roboto_Mono', 'roboto-mono-v13-latin-ext_latin-700', 700, 'normal'),
  ].join('\n');
}

/** Registers the asset routes once, for every public page. */
export function registerPublicAssets(app: App): void {
  const dist = bootstrapItaliaDist();
  if (dist) {
    void app.register(fastifyStatic, {
      root: dist,
      prefix: `${ASSETS}/`,
      decorateReply: false,
      maxAge: '1d',
      allowedPath: (pathName) => /^\/(css\/bootstrap-italia\.min\.css|fonts\/[A-Za-z_]+\/[a-z0-9-_]+\.(woff2?|ttf))$/.test(pathName),
    });
  } else {
    app.log.warn('bootstrap-italia is not installed: the public pages are served without its style');
  }
  const fonts = fontsCss();
  app.get(PUBLIC_FONTS_CSS, { schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(fonts));
}
