import { z } from 'zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { ChannelCreateBody, ChannelSchema, ChannelUpdateBody, CredentialsBody } from './channels.schemas.ts';
import type { ChannelsService } from './channels.service.ts';

const ChannelParams = EnteParams.extend({ channelId: z.string().uuid() });

export function registerChannelRoutes(app: App, deps: { identity: IdentityService; channels: ChannelsService }) {
  const { identity, channels } = deps;

  app.get(
    `${API_PREFIX}/enti/:ente/channels`,
    {
      schema: {
        operationId: 'listChannels',
        summary: 'Registro dei canali / list channels',
        description: "Tutti i canali dell'Ente con finalità, pubblico, desk, stato e custodia. / The Ente's channels registry.",
        tags: ['channels'],
        params: EnteParams,
        response: { 200: z.object({ channels: z.array(ChannelSchema) }), ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente);
      return { channels: await channels.list(ente.id) };
    },
  );

  app.post(
    `${API_PREFIX}/enti/:ente/channels`,
    {
      schema: {
        operationId: 'createChannel',
        summary: 'Nuovo canale / create a channel',
        description:
          'Registra un canale: piattaforma, handle, nome, URL, finalità e pubblico bastano. 409 se l\'handle esiste già per quella piattaforma. / platform, handle, name, url, purpose and audience suffice; 409 on a duplicate handle.',
        tags: ['channels'],
        params: EnteParams,
        body: ChannelCreateBody,
        response: { 201: ChannelSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'channels.manage');
      return reply.code(201).send(await channels.create(toAuditActor(actor), ente.id, req.body));
    },
  );

  app.get(
    `${API_PREFIX}/enti/:ente/channels/:channelId`,
    {
      schema: {
        operationId: 'getChannel',
        summary: 'Un canale / get a channel',
        description: 'Il canale, senza il segreto di connessione. / The channel, without its secret.',
        tags: ['channels'],
        params: ChannelParams,
        response: { 200: ChannelSchema, ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente);
      return channels.get(ente.id, req.params.channelId);
    },
  );

  app.patch(
    `${API_PREFIX}/enti/:ente/channels/:channelId`,
    {
      schema: {
        operationId: 'updateChannel',
        summary: 'Modifica un canale / update a channel',
        description: 'Amministratori e social media manager; `version` per evitare sovrascritture. / With optimistic locking.',
        tags: ['channels'],
        params: ChannelParams,
        body: ChannelUpdateBody,
        response: { 200: ChannelSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'channels.manage');
      return channels.update(toAuditActor(actor), ente.id, req.params.channelId, req.body);
    },
  );

  app.put(
    `${API_PREFIX}/enti/:ente/channels/:channelId/credentials`,
    {
      schema: {
        operationId: 'setChannelCredentials',
        summary: 'Imposta le credenziali / set channel credentials',
        description:
          'Salva cifrato (AES-256-GCM) il token del canale; non viene mai restituito né scritto nei log. / Stores the token encrypted; never returned or logged.',
        tags: ['channels'],
        params: ChannelParams,
        body: CredentialsBody,
        response: { 200: ChannelSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'channels.credentials');
      return channels.setCredentials(toAuditActor(actor), ente.id, req.params.channelId, req.body.secret);
    },
  );
}
