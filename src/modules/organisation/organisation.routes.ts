import { z } from 'zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import * as s from './organisation.schemas.ts';
import type { OrganisationService } from './organisation.service.ts';
import type { EnteRow } from './organisation.repo.ts';
import type { EnteType } from './organisation.fns.ts';

const UserParams = EnteParams.extend({ userId: z.string().uuid() });
const DeskParams = EnteParams.extend({ deskId: z.string().uuid() });

export function registerOrganisationRoutes(app: App, deps: { identity: IdentityService; organisation: OrganisationService }) {
  const { identity, organisation } = deps;

  async function presentEnte(e: EnteRow, roles: string[]) {
    const parent = e.parentId ? await organisation.findEnteById(e.parentId) : undefined;
    return {
      id: e.id,
      slug: e.slug,
      name: e.name,
      type: e.type as EnteType,
      codiceIpa: e.codiceIpa,
      timeZone: e.timeZone,
      parent: parent ? { slug: parent.slug, name: parent.name } : null,
      website: e.website,
      email: e.email,
      roles,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
      version: e.version,
    };
  }

  app.get(
    `${API_PREFIX}/enti`,
    {
      schema: {
        operationId: 'listEnti',
        summary: 'I miei Enti / my Enti',
        description: "Gli Enti in cui l'utente lavora, con i suoi ruoli. / The Enti the user works for, with their roles.",
        tags: ['enti'],
        response: { 200: z.object({ enti: z.array(s.EnteSchema) }), ...problems(401) },
      },
    },
    async (req) => {
      const { memberships } = await identity.me(requireActor(req));
      return { enti: await Promise.all(memberships.map((m) => presentEnte(m.ente, m.roles))) };
    },
  );

  app.get(
    `${API_PREFIX}/enti/:ente`,
    {
      schema: {
        operationId: 'getEnte',
        summary: "Dati dell'Ente / get an Ente",
        description: "Nome, tipo, codice IPA, fuso orario, Ente coordinatore. / The Ente's name, type, IPA code, time zone, parent.",
        tags: ['enti'],
        params: EnteParams,
        response: { 200: s.EnteSchema, ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente, roles } = await identity.access(requireActor(req), req.params.ente);
      return presentEnte(ente, roles);
    },
  );

  app.patch(
    `${API_PREFIX}/enti/:ente`,
    {
      schema: {
        operationId: 'updateEnte',
        summary: "Modifica l'Ente / update an Ente",
        description: "Solo amministratori. Con `version` rifiuta (409) se l'Ente è cambiato nel frattempo. / Administrators only; optimistic locking with `version`.",
        tags: ['enti'],
        params: EnteParams,
        body: s.EnteUpdateBody,
        response: { 200: s.EnteSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente, roles } = await identity.access(actor, req.params.ente, 'ente.update');
      const updated = await organisation.updateEnte(toAuditActor(actor), ente.id, req.body);
      return presentEnte(updated, roles);
    },
  );

  app.get(
    `${API_PREFIX}/enti/:ente/people`,
    {
      schema: {
        operationId: 'listPeople',
        summary: "Le persone dell'Ente / list people",
        description: "Le persone che lavorano per l'Ente, con ruoli e desk. / The Ente's people, with roles and desks.",
        tags: ['people'],
        params: EnteParams,
        response: { 200: z.object({ people: z.array(s.PersonSchema) }), ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente);
      const rows = await organisation.listPeople(ente.id);
      return {
        people: rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, roles: r.roles, jobTitle: r.jobTitle, desks: r.desks })),
      };
    },
  );

  app.post(
    `${API_PREFIX}/enti/:ente/people`,
    {
      schema: {
        operationId: 'addPerson',
        summary: "Aggiungi una persona / add a person",
        description:
          "Aggiunge una persona all'Ente con i suoi ruoli. Se è un nuovo utente senza password indicata, ne riceve una temporanea (mostrata una sola volta). / Adds a person with roles; a new user without a password gets a temporary one, shown once.",
        tags: ['people'],
        params: EnteParams,
        body: s.PersonCreateBody,
        response: {
          201: s.PersonSchema.extend({ temporaryPassword: z.string().nullable() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'people.manage');
      const r = await organisation.addPerson(toAuditActor(actor), ente.id, req.body);
      return reply.code(201).send({
        userId: r.user.id,
        email: r.user.email,
        name: r.user.name,
        roles: r.roles,
        jobTitle: r.jobTitle,
        desks: [],
        temporaryPassword: r.temporaryPassword,
      });
    },
  );

  app.patch(
    `${API_PREFIX}/enti/:ente/people/:userId`,
    {
      schema: {
        operationId: 'updatePerson',
        summary: 'Modifica ruoli / update a person',
        description: "Cambia ruoli o qualifica; l'ultimo amministratore non può perdere il ruolo. / Changes roles or job title.",
        tags: ['people'],
        params: UserParams,
        body: s.PersonUpdateBody,
        response: { 200: s.PersonSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'people.manage');
      const m = await organisation.updatePerson(toAuditActor(actor), ente.id, req.params.userId, req.body);
      const people = await organisation.listPeople(ente.id);
      const desks = people.find((p) => p.user.id === m.user.id)?.desks ?? [];
      return { userId: m.user.id, email: m.user.email, name: m.user.name, roles: m.roles, jobTitle: m.jobTitle, desks };
    },
  );

  app.delete(
    `${API_PREFIX}/enti/:ente/people/:userId`,
    {
      schema: {
        operationId: 'removePerson',
        summary: "Togli una persona dall'Ente / remove a person",
        description: "Toglie la persona dall'Ente (non cancella l'utente, che può lavorare per altri Enti). / Removes the membership only.",
        tags: ['people'],
        params: UserParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'people.manage');
      await organisation.removePerson(toAuditActor(actor), ente.id, req.params.userId);
      return reply.code(204).send(null);
    },
  );

  const presentDesk = (d: Awaited<ReturnType<OrganisationService['listDesks']>>[number]) => {
    const lead = d.leadUserId ? d.members.find((m) => m.userId === d.leadUserId) : undefined;
    return {
      id: d.id,
      key: d.key,
      name: d.name,
      description: d.description,
      lead: lead ? { userId: lead.userId, name: lead.name } : null,
      members: d.members.map((m) => ({ userId: m.userId, name: m.name, email: m.email })),
      version: d.version,
    };
  };

  app.get(
    `${API_PREFIX}/enti/:ente/desks`,
    {
      schema: {
        operationId: 'listDesks',
        summary: 'I desk della redazione unica / list desks',
        description: 'I desk (URP, stampa, partecipazione, campagne, interna e altri), con responsabile e membri. / Desks with lead and members.',
        tags: ['desks'],
        params: EnteParams,
        response: { 200: z.object({ desks: z.array(s.DeskSchema) }), ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente);
      return { desks: (await organisation.listDesks(ente.id)).map(presentDesk) };
    },
  );

  app.post(
    `${API_PREFIX}/enti/:ente/desks`,
    {
      schema: {
        operationId: 'createDesk',
        summary: 'Nuovo desk / create a desk',
        description: 'Amministratori e social media manager. / Administrators and social media managers.',
        tags: ['desks'],
        params: EnteParams,
        body: s.DeskCreateBody,
        response: { 201: s.DeskSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'desks.manage');
      const d = await organisation.createDesk(toAuditActor(actor), ente.id, req.body);
      return reply.code(201).send(presentDesk(d));
    },
  );

  app.patch(
    `${API_PREFIX}/enti/:ente/desks/:deskId`,
    {
      schema: {
        operationId: 'updateDesk',
        summary: 'Modifica un desk / update a desk',
        description: 'Nome, descrizione, responsabile e membri (persone dell\'Ente). / Name, description, lead and members.',
        tags: ['desks'],
        params: DeskParams,
        body: s.DeskUpdateBody,
        response: { 200: s.DeskSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'desks.manage');
      return presentDesk(await organisation.updateDesk(toAuditActor(actor), ente.id, req.params.deskId, req.body));
    },
  );
}
