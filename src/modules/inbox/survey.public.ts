/**
 * The public satisfaction survey: one question (1–5) and an optional comment, no login, no
 * script, accessible (fieldset and legend, labels, visible focus from Bootstrap Italia, the
 * language declared). The form posts urlencoded, so it works in any browser.
 */
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { App } from '../../platform/http/server.ts';
import { escapeHtml, publicPage } from '../../platform/http/html.ts';
import type { OrganisationService } from '../organisation/index.ts';
import type { InboxService } from './inbox.service.ts';

const esc = escapeHtml;

function page(title: string, enteName: string, main: string): string {
  return publicPage({ title: `${title} – ${enteName}`, enteName, tagline: 'Soddisfazione dei cittadini', homeHref: '#contenuto', main: `<div class="container my-4">\n${main}\n</div>` });
}

const LABELS = ['Per niente soddisfatto', 'Poco soddisfatto', 'Abbastanza soddisfatto', 'Soddisfatto', 'Molto soddisfatto'];

function form(action: string, service: string, carta: string | null, error: string | null): string {
  const options = LABELS.map(
    (l, i) => `<div class="form-check"><input class="form-check-input" type="radio" name="score" id="score-${i + 1}" value="${i + 1}" required><label class="form-check-label" for="score-${i + 1}">${i + 1} – ${esc(l)}</label></div>`,
  ).join('\n');
  return `<h1>Com'è andata?</h1>
<p>Ci aiuti a migliorare il servizio <strong>${esc(service)}</strong>. Una sola domanda; la risposta è anonima.</p>
${carta ? `<p>Gli impegni del servizio sono nella <a href="${esc(carta)}">Carta dei Servizi</a>.</p>` : ''}
${error ? `<div class="alert alert-danger" role="alert">${esc(error)}</div>` : ''}
<form method="post" action="${esc(action)}">
<fieldset class="mb-4"><legend class="h4">Quanto è soddisfatto della risposta ricevuta?</legend>
${options}
</fieldset>
<div class="form-group mb-4"><label for="comment">Vuole aggiungere qualcosa? (facoltativo, non scriva dati personali)</label>
<textarea class="form-control" id="comment" name="comment" rows="4" maxlength="2000"></textarea></div>
<button type="submit" class="btn btn-primary">Invia la risposta</button>
</form>`;
}

const Params = z.object({ slug: z.string().min(1).max(64), token: z.string().min(10).max(100) });

export function registerSurveyPages(app: App, deps: { inbox: InboxService; organisation: Pick<OrganisationService, 'findEnteBySlug'> }) {
  async function load(slug: string, token: string) {
    const ente = await deps.organisation.findEnteBySlug(slug);
    const survey = ente ? await deps.inbox.surveyByToken(token) : null;
    return ente && survey && survey.enteId === ente.id ? { ente, survey } : null;
  }
  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body);
  const notFound = (reply: FastifyReply) => html(reply, 404, page('Questionario non trovato', 'Redazione', '<h1>Questionario non trovato</h1><p>Il link non è valido o è scaduto.</p>'));
  const thanks = (enteName: string) => page('Grazie', enteName, '<h1>Grazie!</h1><p>La sua risposta è stata registrata e ci aiuterà a migliorare il servizio.</p>');

  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get('/enti/:slug/soddisfazione/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
      const found = await load(req.params.slug, req.params.token);
      if (!found) return notFound(reply);
      if (found.survey.answeredAt) return html(reply, 200, thanks(found.ente.name));
      return html(reply, 200, page('Questionario di soddisfazione', found.ente.name, form(req.url, found.survey.service, found.survey.cartaUrl, null)));
    });

    scope.post('/enti/:slug/soddisfazione/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
      const found = await load(req.params.slug, req.params.token);
      if (!found) return notFound(reply);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const score = Number(body.score);
      const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment.trim().slice(0, 2000) : null;
      if (!Number.isInteger(score) || score < 1 || score > 5) {
        return html(reply, 400, page('Questionario di soddisfazione', found.ente.name, form(req.url, found.survey.service, found.survey.cartaUrl, 'Scelga un valore da 1 a 5.')));
      }
      await deps.inbox.answerSurvey(req.params.token, { score, comment });
      return html(reply, 200, thanks(found.ente.name));
    });
  });
}
