/**
 * The `redazione` command: start the product, migrate, seed, and the office's administrative
 * tasks (Enti, users, tokens, audit verification).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { createRedazione, createServices, VERSION } from '../app.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { DatabaseLockedError, openDatabase, type Database } from '../platform/db/index.ts';
import { DomainError } from '../platform/errors.ts';
import { errorMessage } from '../platform/i18n.ts';
import { isRole, ROLES } from '../platform/auth/roles.ts';
import { MIN_PASSWORD_LENGTH } from '../platform/auth/passwords.ts';
import { ENTE_TYPES, isValidSlug } from '../modules/organisation/index.ts';
import { chainedEnti, verifyChain } from '../modules/audit/index.ts';
import { readSecretFromStdin, say } from './io.ts';
import { evalLines, openInput, ownContactsOf, starterRulebook } from './moderation.ts';
import { DEMO_ENTE, DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from '../demo/seed.ts';

const CLI: { id: null; label: string } = { id: null, label: 'cli' };

/** Opens the database for a one-off command and runs the migrations. */
async function withServices<T>(config: Config, command: string, fn: (s: ReturnType<typeof createServices>, d: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command, poolSize: 2 });
  try {
    await database.migrate();
    return await fn(createServices(config, database), database);
  } finally {
    await database.close();
  }
}

function choice(values: readonly string[], what: string) {
  return (v: string) => {
    if (!values.includes(v)) throw new InvalidArgumentError(`${what} must be one of: ${values.join(', ')}`);
    return v;
  };
}

const program = new Command('redazione')
  .description('Redazione: la redazione social di un Ente pubblico / the social media newsroom of an Italian public administration')
  .version(VERSION);

program
  .command('start')
  .description('Avvia API, interfaccia web e worker / start the API, web UI and workers in one process')
  .option('--demo', 'crea i dati dimostrativi se il database è vuoto / create demo data on an empty database')
  .action(async (opts: { demo?: boolean }) => {
    const started = performance.now();
    const config = loadConfig();
    const app = await createRedazione(config, { command: 'redazione start', worker: true });
    let seeded = false;
    if (opts.demo && (await app.services.organisation.countEnti()) === 0) {
      // The demo's ActivityPub channel is the Ente's actor at the address this server answers on.
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      await seedDemo(app.services, { origin: `http://${host.includes(':') ? `[${host}]` : host}:${config.port}` });
      seeded = true;
    }
    await app.server.listen({ port: config.port, host: config.host });
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = config.publicUrl ?? `http://${shown.includes(':') ? `[${shown}]` : shown}:${config.port}`;
    const db = app.database.kind === 'pglite' ? `database integrato / embedded database: ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
    say(`\nRedazione ${VERSION} pronta in ${Math.round(performance.now() - started)} ms / ready`);
    say(`  ${url}`);
    say(`  ${db}`);
    say(`  API: ${url}/api/v1/docs`);
    if (opts.demo && (seeded || (await app.services.organisation.findEnteBySlug(DEMO_ENTE)))) {
      say(`\nAccessi dimostrativi (password: ${DEMO_PASSWORD}) / demo logins:`);
      for (const p of DEMO_PEOPLE) say(`  ${p.email.padEnd(36)} ${p.roles.join(', ')}`);
    }
    const stop = async (signal: string) => {
      app.server.log.info({ signal }, 'shutting down');
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('worker')
  .description('Avvia solo i worker: pubblicazione, posta in arrivo, crisi, ActivityPub (più processi su PostgreSQL) / run only the workers: publishing, inbox, crisis, ActivityPub')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command: 'redazione worker', poolSize: 4 });
    await database.migrate();
    const services = createServices(config, database);
    const log = pino({ level: config.logLevel });
    const worker = services.newPublishingWorker(log);
    worker.start();
    // The crisis worker (crisis expiry, alert release, broadcasts to subscribers) shares the process.
    const crisisWorker = services.crisis.worker(log);
    crisisWorker.start();
    // The ActivityPub delivery queue (ap_queue): followers' inboxes, shared with the other processes.
    services.activitypub.start(log);
    // The inbox worker: webhook events stored, moderated and fed to listening in batches (SKIP LOCKED
    // claims, so it shares the queue with `redazione start` and other workers); REDAZIONE_INBOX_WORKER=0 turns it off.
    if (services.inbox.settings.enabled) services.inbox.worker.start(log);
    say(`Worker di pubblicazione avviato (pid ${process.pid}) / publishing worker started`);
    const stop = async () => {
      await worker.stop();
      await crisisWorker.stop();
      await services.inbox.worker.stop();
      await services.activitypub.stop();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

program
  .command('migrate')
  .description('Applica le migrazioni del database / apply database migrations')
  .action(async () => {
    await withServices(loadConfig(), 'redazione migrate', async () => {});
    say('Migrazioni applicate.', 'Migrations applied.');
  });

program
  .command('seed')
  .description('Crea dati / create data')
  .requiredOption('--demo', 'i dati dimostrativi del Comune di Esempio / the demo data')
  .action(async () => {
    await withServices(loadConfig(), 'redazione seed', async (s) => {
      if (await s.organisation.findEnteBySlug(DEMO_ENTE)) {
        say('I dati dimostrativi esistono già.', 'Demo data already exists.');
        return;
      }
      await seedDemo(s);
      say(`Dati dimostrativi creati (password: ${DEMO_PASSWORD}).`, 'Demo data created.');
    });
  });

const ente = program.command('ente').description('Enti');
ente
  .command('create')
  .description('Crea un Ente con i cinque desk / create an Ente with the five desks')
  .requiredOption('--slug <slug>', 'es. comune-di-esempio')
  .requiredOption('--name <name>', 'es. "Comune di Esempio"')
  .addOption(new Option('--type <type>', 'tipo di Ente').choices([...ENTE_TYPES]).makeOptionMandatory())
  .option('--ipa <code>', 'codice IPA')
  .option('--parent <slug>', "l'Ente che lo coordina (es. la Provincia)")
  .action(async (o: { slug: string; name: string; type: (typeof ENTE_TYPES)[number]; ipa?: string; parent?: string }) => {
    if (!isValidSlug(o.slug)) throw new InvalidArgumentError('--slug: lettere minuscole, cifre e trattini / lowercase letters, digits, dashes');
    await withServices(loadConfig(), 'redazione ente create', async (s) => {
      const e = await s.organisation.createEnte(CLI, { slug: o.slug, name: o.name, type: o.type, codiceIpa: o.ipa ?? null, parentSlug: o.parent });
      say(`Ente creato: ${e.name} (${e.slug})`, `Ente created: ${e.id}`);
    });
  });

const user = program.command('user').description('Persone / users');
user
  .command('create')
  .description("Aggiunge una persona a un Ente; password da standard input / add a person to an Ente; password from stdin")
  .requiredOption('--ente <slug>', "slug dell'Ente")
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--role <role>', `ruolo, ripetibile: ${ROLES.join(', ')}`, (v: string, prev: string[] = []) => [...prev, choice(ROLES, '--role')(v)])
  .action(async (o: { ente: string; email: string; name: string; role: string[] }) => {
    const config = loadConfig();
    await withServices(config, 'redazione user create', async (s) => {
      const e = await s.organisation.findEnteBySlug(o.ente);
      if (!e) throw new DomainError('not_found', { what: `ente ${o.ente}` });
      const existing = await s.identity.findUserByEmail(o.email);
      let password: string | undefined;
      if (!existing) {
        password = await readSecretFromStdin('Password: ');
        if (password.length < MIN_PASSWORD_LENGTH) {
          throw new InvalidArgumentError(`la password deve avere almeno ${MIN_PASSWORD_LENGTH} caratteri / at least ${MIN_PASSWORD_LENGTH} characters`);
        }
      }
      const r = await s.organisation.addPerson(CLI, e.id, { email: o.email, name: o.name, roles: o.role.filter(isRole), password });
      say(`${r.user.name} <${r.user.email}> aggiunto a ${e.name} come ${r.roles.join(', ')}`, existing ? 'existing user, password unchanged' : 'user created');
    });
  });

user
  .command('password')
  .description('Imposta la password di un utente (da standard input) / set a password from stdin')
  .requiredOption('--email <email>')
  .action(async (o: { email: string }) => {
    await withServices(loadConfig(), 'redazione user password', async (s) => {
      const u = await s.identity.findUserByEmail(o.email);
      if (!u) throw new DomainError('not_found', { what: o.email });
      const password = await readSecretFromStdin('Nuova password: ');
      if (password.length < MIN_PASSWORD_LENGTH) throw new InvalidArgumentError(`almeno ${MIN_PASSWORD_LENGTH} caratteri / at least ${MIN_PASSWORD_LENGTH} characters`);
      await s.identity.setPassword(u.id, password);
      say('Password aggiornata.', 'Password updated.');
    });
  });

const token = program.command('token').description('Token API / API tokens');
token
  .command('create')
  .description("Crea un token API per una persona in un Ente; l'ultima riga è il token / the last line printed is the token")
  .requiredOption('--email <email>')
  .requiredOption('--ente <slug>')
  .option('--name <name>', 'a cosa serve il token', 'cli')
  .action(async (o: { email: string; ente: string; name: string }) => {
    await withServices(loadConfig(), 'redazione token create', async (s) => {
      const value = await s.identity.createApiToken(CLI, { email: o.email, enteSlug: o.ente, name: o.name });
      say(`Token creato per ${o.email} su ${o.ente}. Conservalo: non verrà più mostrato. / Keep it: it will not be shown again.`);
      process.stdout.write(`${value}\n`);
    });
  });

program
  .command('audit')
  .description('Registro delle modifiche / audit trail')
  .command('verify')
  .description('Verifica le catene di hash del registro / verify the hash chains')
  .option('--ente <slug>', 'solo questo Ente')
  .action(async (o: { ente?: string }) => {
    const failed = await withServices(loadConfig(), 'redazione audit verify', async (s, d) => {
      const ids = o.ente ? [(await s.organisation.findEnteBySlug(o.ente))?.id].filter((x): x is string => !!x) : await chainedEnti(d.db);
      if (o.ente && ids.length === 0) throw new DomainError('not_found', { what: `ente ${o.ente}` });
      let bad = 0;
      for (const id of ids) {
        const e = await s.organisation.findEnteById(id);
        const r = await verifyChain(d.db, id);
        if (r.ok) say(`OK     ${e?.slug ?? id}: ${r.events} eventi integri / events intact`);
        else {
          bad++;
          say(`ROTTO  ${e?.slug ?? id}: manomissione all'evento ${r.brokenAt} (${r.reason}) / tampering at event ${r.brokenAt}`);
        }
      }
      return bad;
    });
    process.exitCode = failed > 0 ? 1 : 0;
  });

program
  .command('moderation')
  .description('Moderazione / moderation')
  .command('eval')
  .description(
    "Valuta commenti in JSON lines ({\"id\",\"text\",\"post\"?}) e scrive una riga JSON per commento / evaluate JSON-lines comments, one JSON line out per input",
  )
  .option('--ente <slug>', "usa il regolamento dell'Ente (in vigore, altrimenti la bozza); senza: quello del kit / the Ente's rulebook; default: the starter kit's")
  .option('--file <path>', 'file di input (default: standard input)')
  .action(async (o: { ente?: string; file?: string }) => {
    if (o.file && !(await import('node:fs')).existsSync(o.file)) throw new InvalidArgumentError(`--file: ${o.file} non esiste / does not exist`);
    let result: { lines: number; errors: number };
    if (!o.ente) result = await evalLines(openInput(o.file), process.stdout, starterRulebook());
    else {
      const slug = o.ente;
      result = await withServices(loadConfig(), 'redazione moderation eval', async (s) => {
        const e = await s.organisation.findEnteBySlug(slug);
        if (!e) throw new DomainError('not_found', { what: `ente ${slug}` });
        const rulebook = await s.moderation.rulebookFor(CLI, e.id);
        return evalLines(openInput(o.file), process.stdout, rulebook, ownContactsOf(e));
      });
    }
    if (result.errors > 0) process.exitCode = 1;
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof DatabaseLockedError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(3);
  }
  if (e instanceof DomainError) {
    const fields = e.fieldErrors.map((f) => ` ${f.field}: ${f.code}`).join(';');
    process.stderr.write(`Errore: ${errorMessage(e.code, 'it', e.params)}${fields}\nError: ${errorMessage(e.code, 'en', e.params)}\n`);
    process.exit(2);
  }
  if (e instanceof InvalidArgumentError) {
    process.stderr.write(`Errore / error: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
