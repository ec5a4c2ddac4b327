import { Badge, Card, CardBody } from 'design-react-kit';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { entePath } from '../api/client';
import type { Channel, Desk, Ente, Person } from '../api/types';
import { CHANNEL_STATUSES } from '../api/types';
import { useApi } from '../api/useApi';
import { useMe } from '../auth/AuthContext';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';

/** The newsroom home of an Ente: who I am here, the registry at a glance, what needs fixing. */
export function HomePage() {
  const { t, label } = useI18n();
  const me = useMe();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const details = useApi<Ente>(base);
  const channels = useApi<{ channels: Channel[] }>(`${base}/channels`);
  const people = useApi<{ people: Person[] }>(`${base}/people`);
  const desks = useApi<{ desks: Desk[] }>(`${base}/desks`);
  const list = channels.data?.channels ?? [];
  const noPolicy = list.filter((c) => !c.policyLinked && c.status !== 'archiviato');
  const reconnect = list.filter((c) => c.status === 'da_ricollegare');
  const others = me.enti.filter((e) => e.slug !== ente.slug);
  const link = (c: Channel) => `/enti/${ente.slug}/canali/${c.id}`;

  return (
    <>
      <PageTitle sub={label('enteType', details.data?.type ?? ente.type)}>{t('home.title', { name: ente.name })}</PageTitle>
      <ProblemAlert error={details.error ?? channels.error ?? people.error ?? desks.error} />

      <section aria-labelledby="home-roles" className="mb-4">
        <h2 id="home-roles" className="h4">
          {t('home.roles')}
        </h2>
        <ul className="list-inline mb-0">
          {ente.roles.map((r) => (
            <li key={r} className="list-inline-item">
              <Badge color="primary" pill className="rdz-badge">
                {label('role', r)}
              </Badge>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="home-summary" className="mb-4">
        <h2 id="home-summary" className="h4">
          {t('home.summary')}
        </h2>
        {channels.loading && !channels.data ? <Loading /> : null}
        <div className="row g-3">
          <SummaryCard title={t('home.channels')} value={channels.data ? list.length : undefined} to={`/enti/${ente.slug}/canali`}>
            <ul className="list-unstyled mb-0 small" aria-label={t('home.channelsByStatus')}>
              {CHANNEL_STATUSES.map((s) => (
                <li key={s}>
                  {label('status', s)}: <strong>{list.filter((c) => c.status === s).length}</strong>
                </li>
              ))}
            </ul>
          </SummaryCard>
          <SummaryCard title={t('home.people')} value={people.data?.people.length} to={`/enti/${ente.slug}/persone`} />
          <SummaryCard title={t('home.desks')} value={desks.data?.desks.length} to={`/enti/${ente.slug}/desk`} />
        </div>
      </section>

      <section aria-labelledby="home-attention" className="mb-4">
        <h2 id="home-attention" className="h4">
          {t('home.attention')}
        </h2>
        <div className="row g-4">
          <div className="col-12 col-lg-6">
            <h3 className="h5">{t('home.policyMissing')}</h3>
            {channels.data ? (
              noPolicy.length ? (
                <ul>
                  {noPolicy.map((c) => (
                    <li key={c.id}>
                      <Link to={link(c)}>
                        {c.name} – {label('platform', c.platform)} ({c.handle})
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('home.policyMissingNone')}</p>
              )
            ) : null}
          </div>
          <div className="col-12 col-lg-6">
            <h3 className="h5">{t('home.toReconnect')}</h3>
            {channels.data ? (
              reconnect.length ? (
                <ul>
                  {reconnect.map((c) => (
                    <li key={c.id}>
                      <Link to={link(c)}>
                        {c.name} – {label('platform', c.platform)} ({c.handle})
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('home.toReconnectNone')}</p>
              )
            ) : null}
          </div>
        </div>
      </section>

      <section aria-labelledby="home-links" className="mb-4">
        <h2 id="home-links" className="h4">
          {t('home.quickLinks')}
        </h2>
        <ul className="rdz-quick-links">
          <li>
            <Link to={`/enti/${ente.slug}/canali`}>{t('home.linkChannels')}</Link>
          </li>
          {can('channels.manage') ? (
            <li>
              <Link to={`/enti/${ente.slug}/canali#nuovo-canale`}>{t('home.linkNewChannel')}</Link>
            </li>
          ) : null}
          <li>
            <Link to={`/enti/${ente.slug}/persone`}>{t('home.linkPeople')}</Link>
          </li>
          <li>
            <Link to={`/enti/${ente.slug}/desk`}>{t('home.linkDesks')}</Link>
          </li>
          <li>
            <Link to={`/enti/${ente.slug}/impostazioni`}>{t('home.linkEnte')}</Link>
          </li>
          {can('audit.read') ? (
            <li>
              <Link to={`/enti/${ente.slug}/registro`}>{t('home.linkAudit')}</Link>
            </li>
          ) : null}
        </ul>
      </section>

      {others.length ? (
        <section aria-labelledby="home-enti" className="mb-4">
          <h2 id="home-enti" className="h4">
            {t('home.switchEnte')}
          </h2>
          <ul>
            {others.map((e) => (
              <li key={e.slug}>
                <Link to={`/enti/${e.slug}`}>{t('home.goTo', { name: e.name })}</Link> ({label('enteType', e.type)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function SummaryCard({ title, value, to, children }: { title: string; value: number | undefined; to: string; children?: ReactNode }) {
  return (
    <div className="col-12 col-md-4">
      <Card className="card-bg rdz-summary h-100">
        <CardBody>
          <h3 className="h5 card-title">
            <Link to={to}>{title}</Link>
          </h3>
          <p className="rdz-count mb-2">{value ?? '–'}</p>
          {children}
        </CardBody>
      </Card>
    </div>
  );
}
