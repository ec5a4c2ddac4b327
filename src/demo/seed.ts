/**
 * Demo data: "Comune di Esempio", coordinated by "Provincia di Esempio", with a person for every
 * role, the five desks staffed, and a realistic channels registry. Created only on an empty
 * database (npm start) or on request (redazione seed --demo).
 */
import type { Services } from '../app.ts';
import type { AuditActor } from '../modules/audit/index.ts';
import { hashPassword } from '../platform/auth/passwords.ts';

export const DEMO_PASSWORD = 'Redazione-Demo-2026';
export const DEMO_ENTE = 'comune-di-esempio';

export const DEMO_PEOPLE = [
  { email: 'amministratore@comune.esempio.it', name: 'Giulia Ferri', roles: ['amministratore'], jobTitle: 'Responsabile Ufficio Comunicazione', desks: ['stampa', 'interna'] },
  { email: 'smm@comune.esempio.it', name: 'Marco Bianchi', roles: ['social_media_manager', 'redattore'], jobTitle: 'Social Media Manager', desks: ['stampa', 'campagne', 'urp'] },
  { email: 'redattore@comune.esempio.it', name: 'Sara Conti', roles: ['redattore'], jobTitle: 'Redattrice', desks: ['stampa', 'partecipazione'] },
  { email: 'proponente@comune.esempio.it', name: 'Luca Moretti', roles: ['proponente'], jobTitle: 'Responsabile Servizio Ambiente', desks: [] },
  { email: 'approvatore@comune.esempio.it', name: 'Paola Greco', roles: ['approvatore'], jobTitle: 'Capo Ufficio Stampa', desks: ['stampa'] },
  { email: 'osservatore@comune.esempio.it', name: 'Davide Russo', roles: ['osservatore'], jobTitle: 'Segreteria Generale', desks: ['interna'] },
] as const;

const LEADS: Record<string, string> = {
  stampa: 'approvatore@comune.esempio.it',
  urp: 'smm@comune.esempio.it',
  partecipazione: 'redattore@comune.esempio.it',
  campagne: 'smm@comune.esempio.it',
  interna: 'amministratore@comune.esempio.it',
};

/** Where `npm start` listens by default; the actor's address when REDAZIONE_PUBLIC_URL is not set. */
const DEMO_ORIGIN = 'http://127.0.0.1:3000';

/** Creates the demo Enti, people, desks and channels; `origin` is where the server will answer. */
export async function seedDemo(services: Services, opts: { origin?: string } = {}): Promise<void> {
  const seeder: AuditActor = { id: null, label: 'seed demo' };
  const { organisation, channels, policy } = services;
  await organisation.createEnte(seeder, {
    slug: 'provincia-di-esempio',
    name: 'Provincia di Esempio',
    type: 'provincia',
    codiceIpa: 'p_es',
    website: 'https://www.provincia.esempio.it',
  });
  const ente = await organisation.createEnte(seeder, {
    slug: DEMO_ENTE,
    name: 'Comune di Esempio',
    type: 'comune',
    codiceIpa: 'c_x000',
    parentSlug: 'provincia-di-esempio',
    website: 'https://www.comune.esempio.it',
    email: 'urp@comune.esempio.it',
  });
  const provincia = await organisation.findEnteBySlug('provincia-di-esempio');
  const ids = new Map<string, string>();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const p of DEMO_PEOPLE) {
    const added = await organisation.addPerson(seeder, ente.id, { email: p.email, name: p.name, roles: [...p.roles], jobTitle: p.jobTitle, passwordHash });
    ids.set(p.email, added.user.id);
  }
  // One person may work for several Enti: the administrator also coordinates the Provincia's kit.
  await organisation.addPerson(seeder, provincia!.id, { email: DEMO_PEOPLE[0].email, name: DEMO_PEOPLE[0].name, roles: ['amministratore'] });

  const desks = await organisation.listDesks(ente.id);
  const deskId = (key: string) => desks.find((d) => d.key === key)!.id;
  for (const d of desks) {
    const members = DEMO_PEOPLE.filter((p) => (p.desks as readonly string[]).includes(d.key)).map((p) => ids.get(p.email)!);
    await organisation.updateDesk(seeder, ente.id, d.id, { leadUserId: ids.get(LEADS[d.key]!) ?? null, memberIds: members });
  }

  const smm = ids.get('smm@comune.esempio.it')!;
  const admin = ids.get('amministratore@comune.esempio.it')!;
  const custody = { holders: [smm], editors: [admin, smm], rotatedOn: '2026-09-01' };
  const registry = [
    { platform: 'facebook_page', handle: 'ComunediEsempio', name: 'Comune di Esempio', url: 'https://www.facebook.com/ComunediEsempio', purpose: 'Notizie, servizi e avvisi del Comune; dialogo con i cittadini', audience: 'Cittadini adulti, famiglie', desk: 'stampa', policyLinked: true },
    { platform: 'instagram', handle: 'comunediesempio', name: 'Comune di Esempio', url: 'https://www.instagram.com/comunediesempio', purpose: 'Eventi, cultura, campagne e territorio', audience: 'Giovani e giovani adulti', desk: 'campagne', policyLinked: true },
    { platform: 'x', handle: 'ComuneEsempio', name: 'Comune di Esempio', url: 'https://x.com/ComuneEsempio', purpose: 'Informazione in tempo reale, emergenze, dirette', audience: 'Giornalisti, cittadini informati', desk: 'stampa', policyLinked: false },
    { platform: 'telegram', handle: 'comunediesempio_allerte', name: 'Allerte Comune di Esempio', url: 'https://t.me/comunediesempio_allerte', purpose: 'Allerte di protezione civile e avvisi urgenti', audience: 'Tutta la popolazione', desk: 'urp', policyLinked: true },
    { platform: 'website', handle: 'www.comune.esempio.it', name: 'Sito istituzionale', url: 'https://www.comune.esempio.it', purpose: 'Primo front office digitale: notizie, atti, servizi', audience: 'Tutti', desk: 'stampa', policyLinked: true },
    { platform: 'bluesky', handle: 'comune-esempio.bsky.social', name: 'Comune di Esempio', url: 'https://bsky.app/profile/comune-esempio.bsky.social', purpose: 'Notizie e avvisi su una piattaforma aperta', audience: 'Cittadini e giornalisti', desk: 'stampa', policyLinked: false },
    { platform: 'mastodon', handle: 'comune@esempio.social', name: 'Comune di Esempio', url: 'https://esempio.social/@comune', purpose: 'Presenza nel fediverso, canale sovrano complementare', audience: 'Comunità tecnica e cittadini', desk: 'urp', policyLinked: false },
  ] as const;
  const channelIds = new Map<string, string>();
  for (const c of registry) {
    const created = await channels.create(seeder, ente.id, {
      platform: c.platform,
      handle: c.handle,
      name: c.name,
      url: c.url,
      purpose: c.purpose,
      audience: c.audience,
      ownerDeskId: deskId(c.desk),
      policyLinked: c.policyLinked,
      custody,
    });
    channelIds.set(c.platform, created.id);
  }
  // The Ente's own fediverse actor, served by Redazione itself (no token): whoever follows
  // @comune-di-esempio@<host> from Mastodon or another fediverse server gets every post.
  if (!channelIds.has('activitypub')) {
    const actor = await services.activitypub.identity(ente.id, opts.origin ?? DEMO_ORIGIN);
    const created = await channels.create(seeder, ente.id, {
      platform: 'activitypub',
      handle: actor.handle,
      name: 'Comune di Esempio nel fediverso',
      url: actor.id,
      purpose: 'Account dell’Ente nel fediverso, servito da Redazione: notizie e avvisi ai follower',
      audience: 'Cittadini sul fediverso (Mastodon e altri)',
      ownerDeskId: deskId('urp'),
      policyLinked: true,
      custody,
    });
    channelIds.set('activitypub', created.id);
  }

  // The external policy in force, so the public page works from the first start: the approvatore
  // records the Giunta's delibera that adopted the generated draft.
  const approver = DEMO_PEOPLE[4];
  await policy.adopt({ id: ids.get(approver.email)!, label: `${approver.name} <${approver.email}> (seed demo)` }, ente, 'external', {
    act: { type: 'delibera', number: '123', date: '2026-10-13' },
  });
  await seedEditorial(services, ente.id, ids, channelIds);
}
/**
 * Editorial demo: a proposal from the Servizio Ambiente, a post awaiting approval, one approved
 * and scheduled next week, and the last European elections as a past par condicio period.
 */
async function seedEditorial(services: Services, enteId: string, ids: Map<string, string>, channelIds: Map<string, string>) {
  const { posts, approvals, calendar } = services.editorial;
  const as = (email: string, roles: string[]) => {
    const p = DEMO_PEOPLE.find((x) => x.email === email)!;
    return { userId: ids.get(email)!, roles, audit: { id: ids.get(email)!, label: `${p.name} <${email}> (seed demo)` } };
  };
  const proponente = as('proponente@comune.esempio.it', ['proponente']);
  const redattore = as('redattore@comune.esempio.it', ['redattore']);
  const smm = as('smm@comune.esempio.it', ['social_media_manager', 'redattore']);
  const approvatore = as('approvatore@comune.esempio.it', ['approvatore']);
  const ch = (platform: string) => channelIds.get(platform)!;
  const day = (days: number, hour: number) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };

  await calendar.createElectoralPeriod(smm, enteId, { name: 'Elezioni europee 2024', start: '2024-04-26', end: '2024-06-09' });

  await posts.createProposal(proponente, enteId, {
    title: 'Nuovo calendario della raccolta differenziata',
    body: 'Da lunedì cambia il giorno di raccolta della plastica nel quartiere nord: il ritiro passa dal martedì al giovedì. Chiediamo di informare i cittadini e di ricordare il sito con il calendario completo.',
    service: 'Servizio Ambiente',
    desiredAt: day(5, 8),
    links: ['https://www.comune.esempio.it/raccolta-differenziata'],
  });

  const review = await posts.createProposal(redattore, enteId, {
    title: 'Lavori in via Roma',
    body: 'Lavori di rifacimento del manto stradale in via Roma.',
    service: 'Servizio Lavori pubblici',
    desiredAt: day(3, 7),
  });
  const reviewed = await posts.update(redattore, enteId, review.id, {
    version: review.version,
    variants: [
      {
        channelId: ch('facebook_page'),
        text: 'Da mercoledì a venerdì via Roma è chiusa al traffico dalle 8 alle 18 per il rifacimento dell’asfalto. I bus della linea 3 deviano su via Garibaldi. Dettagli: https://www.comune.esempio.it/lavori-via-roma',
      },
      { channelId: ch('x'), text: 'Via Roma chiusa al traffico mer-ven, 8-18, per lavori. Bus linea 3 deviati su via Garibaldi. https://www.comune.esempio.it/lavori-via-roma' },
    ],
  });
  await posts.submit(redattore, enteId, review.id, reviewed.version);

  const open = await posts.createProposal(smm, enteId, { title: 'Open day della biblioteca', body: 'Sabato open day della biblioteca comunale.', desiredAt: day(7, 9) });
  const written = await posts.update(redattore, enteId, open.id, {
    version: open.version,
    variants: [
      {
        channelId: ch('telegram'),
        text: 'Sabato la biblioteca comunale apre le porte dalle 10 alle 18: visite guidate, letture per bambini e iscrizioni gratuite. Programma: https://www.comune.esempio.it/biblioteca-open-day',
      },
      {
        channelId: ch('facebook_page'),
        text: 'Open day della biblioteca comunale: sabato dalle 10 alle 18 visite guidate, letture per bambini e iscrizioni gratuite. Programma completo: https://www.comune.esempio.it/biblioteca-open-day',
      },
    ],
  });
  await posts.submit(redattore, enteId, open.id, written.version);
  await approvals.approve(approvatore, enteId, open.id, {});
  await approvals.schedule(smm, enteId, open.id, {
    schedules: [
      { channelId: ch('telegram'), at: day(7, 8) },
      { channelId: ch('facebook_page'), at: day(7, 9) },
    ],
  });
}
