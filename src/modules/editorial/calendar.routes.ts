/** HTTP routes of the editorial calendar, its exports, electoral periods and settings. */
import { z } from 'zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems } from '../../platform/http/schemas.ts';
import type { IdentityService } from '../identity/index.ts';
import type { CalendarService } from './calendar.service.ts';
import { editorFor } from './editorial.routes.ts';
import {
  CalendarQuerySchema,
  CalendarSchema,
  ElectoralPeriodBody,
  ElectoralPeriodSchema,
  ExportQuery,
  SettingsBody,
  SettingsSchema,
} from './editorial.schemas.ts';

const tags = ['editorial'];
const statuses = (s?: string) => (s ? s.split(',').map((x) => x.trim()) : undefined);

function filters(q: { from?: string; to?: string; desk?: string; channel?: string; status?: string }) {
  return {
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.desk ? { deskId: q.desk } : {}),
    ...(q.channel ? { channelId: q.channel } : {}),
    ...(q.status ? { statuses: statuses(q.status) } : {}),
  };
}

export function registerCalendarRoutes(app: App, deps: { identity: IdentityService; calendar: CalendarService }) {
  const { identity, calendar } = deps;
  const base = `${API_PREFIX}/enti/:ente`;

  app.get(
    `${base}/calendar`,
    {
      schema: {
        operationId: 'getCalendar',
        summary: 'Calendario editoriale / editorial calendar',
        description:
          'Vista mese, settimana o elenco (con `from`/`to`) nel fuso dell’Ente: proposte (per data desiderata), post in lavorazione, approvati, programmati e pubblicati (per data e ora di ogni canale), filtrabili per desk, canale e stato; e i buchi: canali attivi senza nulla di programmato per più di N giorni (soglia per canale, default 7). / Month, week or list view with proposals, posts per channel and gaps.',
        tags,
        params: EnteParams,
        querystring: CalendarQuerySchema,
        response: { 200: CalendarSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente, 'calendar.read');
      return calendar.get(ente.id, { view: req.query.view, ...(req.query.date ? { date: req.query.date } : {}), ...filters(req.query) });
    },
  );

  app.get(
    `${base}/calendar.ics`,
    {
      schema: {
        operationId: 'exportCalendarIcs',
        summary: 'Calendario in iCalendar / calendar as iCalendar',
        description:
          'Il calendario editoriale come iCalendar (RFC 5545, text/calendar) per abbonarsi da un client di calendario: un evento per post e canale, le proposte e i buchi. Periodo predefinito: da 30 giorni fa a 90 giorni avanti. / RFC 5545 export; default window −30 to +90 days.',
        tags,
        params: EnteParams,
        querystring: ExportQuery.omit({ sep: true }),
        response: { 200: z.string().describe('text/calendar'), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente } = await editorFor(identity, req, req.params.ente, 'calendar.read');
      const body = await calendar.ics(ente.id, filters(req.query));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="calendario-${ente.slug}.ics"`)
        .send(body);
    },
  );

  app.get(
    `${base}/calendar.csv`,
    {
      schema: {
        operationId: 'exportCalendarCsv',
        summary: 'Calendario in CSV / calendar as CSV',
        description:
          'Il calendario come CSV (RFC 4180, UTF-8 con BOM; `sep=semicolon` per Excel con impostazioni italiane): una riga per post e canale. Le celle che inizierebbero una formula sono neutralizzate. / CSV export, one row per post and channel.',
        tags,
        params: EnteParams,
        querystring: ExportQuery,
        response: { 200: z.string().describe('text/csv'), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente } = await editorFor(identity, req, req.params.ente, 'calendar.read');
      const body = await calendar.csv(ente.id, filters(req.query), req.query.sep === 'semicolon' ? ';' : ',');
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="calendario-${ente.slug}.csv"`)
        .send(body);
    },
  );

  app.get(
    `${base}/electoral-periods`,
    {
      schema: {
        operationId: 'listElectoralPeriods',
        summary: 'Periodi elettorali / electoral periods',
        description:
          'I periodi di par condicio dell’Ente (L. 28/2000 art. 9), dal più recente: i controlli li usano con la data di uscita del post. / Par condicio periods, used by the checks.',
        tags,
        params: EnteParams,
        response: { 200: z.object({ periods: z.array(ElectoralPeriodSchema) }), ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente);
      return { periods: await calendar.listElectoralPeriods(ente.id) };
    },
  );

  app.post(
    `${base}/electoral-periods`,
    {
      schema: {
        operationId: 'createElectoralPeriod',
        summary: 'Nuovo periodo elettorale / create an electoral period',
        description:
          'Nome, inizio (convocazione dei comizi), fine (chiusura delle urne) ed eventuale ballottaggio, fino al quale il periodo si estende. Amministratori e social media manager. / Name, start, end, optional run-off.',
        tags,
        params: EnteParams,
        body: ElectoralPeriodBody,
        response: { 201: ElectoralPeriodSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'electoral.manage');
      return reply.code(201).send(await calendar.createElectoralPeriod(who, ente.id, req.body));
    },
  );

  app.get(
    `${base}/editorial-settings`,
    {
      schema: {
        operationId: 'getEditorialSettings',
        summary: 'Impostazioni redazionali / editorial settings',
        description: 'Approvazioni richieste per canale e soglie dei buchi di calendario (default e per canale). / Approvals required and gap thresholds.',
        tags,
        params: EnteParams,
        response: { 200: SettingsSchema, ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente);
      return calendar.getSettings(ente.id);
    },
  );

  app.patch(
    `${base}/editorial-settings`,
    {
      schema: {
        operationId: 'updateEditorialSettings',
        summary: 'Modifica le impostazioni redazionali / update editorial settings',
        description:
          'Una o due approvazioni per canale; giorni senza post oltre i quali un canale è segnalato (default e per canale, null rimuove la soglia del canale). Con `version` (0 la prima volta). / One or two approvals per channel; gap thresholds.',
        tags,
        params: EnteParams,
        body: SettingsBody,
        response: { 200: SettingsSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'editorial.settings');
      return calendar.updateSettings(who, ente.id, req.body);
    },
  );
}
