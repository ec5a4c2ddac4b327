import type { ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import type { MeEnte } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { can } from '../auth/permissions';
import { Disclosure } from '../components/Disclosure';
import { Icon } from '../components/Icon';
import { CrisisBanner } from '../crisis/CrisisBanner';
import { useI18n } from '../i18n/I18n';

/** Page frame: skip links, header (Ente, language, user menu), navigation, main landmark, footer. */
export function Shell({ ente, children }: { ente?: MeEnte; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <nav className="skiplinks" aria-label={t('skip.main')}>
        <a className="visually-hidden-focusable rdz-skiplink" href="#main">
          {t('skip.main')}
        </a>
        {ente ? (
          <a className="visually-hidden-focusable rdz-skiplink" href="#nav">
            {t('skip.nav')}
          </a>
        ) : null}
      </nav>
      <header className="it-header-wrapper rdz-header">
        <SlimHeader />
        <div className="it-header-center-wrapper it-small-header">
          <div className="container">
            <div className="it-header-center-content-wrapper">
              <div className="it-brand-wrapper">
                <Link to={ente ? `/enti/${ente.slug}` : '/'}>
                  <Icon name="it-pa" className="icon-white me-3" size="lg" />
                  <div className="it-brand-text">
                    <div className="it-brand-title">{ente ? ente.name : t('app.name')}</div>
                    <div className="it-brand-tagline d-none d-md-block">{ente ? `${t('app.name')} · ${t('app.tagline')}` : t('app.tagline')}</div>
                  </div>
                </Link>
              </div>
            </div>
          </div>
        </div>
        {ente ? <MainNav ente={ente} /> : null}
      </header>
      {ente && can(ente.permissions, 'crisis.read') ? <CrisisBanner ente={ente} /> : null}
      <main id="main" tabIndex={-1} className="rdz-main">
        <div className="container my-4">{children}</div>
      </main>
      <footer className="it-footer rdz-footer">
        <div className="container py-4">
          <p className="mb-1">{t('footer.text')}</p>
          <a href="/api/v1/docs" className="text-white">
            {t('footer.api')}
          </a>
        </div>
      </footer>
    </>
  );
}

function SlimHeader() {
  const { t, lang, setLang } = useI18n();
  const { state, logout } = useAuth();
  const navigate = useNavigate();
  const me = state.status === 'authenticated' ? state.me : null;
  const other = lang === 'it' ? 'en' : 'it';
  return (
    <div className="it-header-slim-wrapper">
      <div className="container">
        <div className="it-header-slim-wrapper-content">
          <span className="navbar-brand rdz-slim-brand">{t('app.name')}</span>
          <div className="it-header-slim-right-zone rdz-slim-right">
            {me && me.enti.length > 1 ? (
              <Disclosure label={t('header.switchEnte')} buttonContent={<span>{t('header.switchEnte')}</span>}>
                {(close) => (
                  <ul className="link-list">
                    {me.enti.map((e) => (
                      <li key={e.slug}>
                        <Link className="list-item" to={`/enti/${e.slug}`} onClick={close}>
                          <span>{e.name}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </Disclosure>
            ) : null}
            <button type="button" className="btn rdz-lang-switch" onClick={() => setLang(other)} lang={other} aria-label={t('lang.switchLabel')}>
              {t('lang.switch')}
            </button>
            {me ? (
              <Disclosure
                label={t('header.user', { name: me.user.name })}
                buttonContent={
                  <>
                    <Icon name="it-user" size="sm" className="icon-white me-1" />
                    <span className="d-none d-md-inline">{me.user.name}</span>
                  </>
                }
              >
                {(close) => (
                  <ul className="link-list">
                    <li className="px-3 py-2 rdz-user-info">
                      <strong className="d-block">{me.user.name}</strong>
                      <span>{me.user.email}</span>
                    </li>
                    <li>
                      <button
                        type="button"
                        className="list-item btn btn-link w-100 text-start"
                        onClick={() => {
                          close();
                          void logout().then(() => navigate('/login'));
                        }}
                      >
                        <span>{t('header.logout')}</span>
                      </button>
                    </li>
                  </ul>
                )}
              </Disclosure>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

function MainNav({ ente }: { ente: MeEnte }) {
  const { t } = useI18n();
  const base = `/enti/${ente.slug}`;
  const items: { to: string; label: string; end?: boolean; show: boolean }[] = [
    { to: base, label: t('nav.home'), end: true, show: true },
    { to: `${base}/proposte`, label: t('nav.proposals'), show: can(ente.permissions, 'posts.propose') || can(ente.permissions, 'posts.read') },
    { to: `${base}/post`, label: t('nav.posts'), show: can(ente.permissions, 'posts.read') },
    { to: `${base}/calendario`, label: t('nav.calendar'), show: can(ente.permissions, 'calendar.read') },
    { to: `${base}/posta`, label: t('nav.inbox'), show: can(ente.permissions, 'inbox.read') },
    { to: `${base}/coda`, label: t('nav.queue'), show: can(ente.permissions, 'publishing.queue') },
    { to: `${base}/crisi`, label: t('nav.crisis'), show: can(ente.permissions, 'crisis.read') },
    { to: `${base}/canali`, label: t('nav.channels'), show: true },
    { to: `${base}/persone`, label: t('nav.people'), show: true },
    { to: `${base}/desk`, label: t('nav.desks'), show: true },
    { to: `${base}/policy`, label: t('nav.policy'), show: can(ente.permissions, 'policy.read') },
    { to: `${base}/moderazione`, label: t('nav.moderation'), show: can(ente.permissions, 'moderation.evaluate') },
    { to: `${base}/registro`, label: t('nav.audit'), show: can(ente.permissions, 'audit.read') },
    { to: `${base}/impostazioni`, label: t('nav.ente'), show: true },
  ];
  return (
    <div className="rdz-nav-wrapper">
      <div className="container">
        <nav id="nav" aria-label={t('nav.label')} tabIndex={-1}>
          <ul className="rdz-nav">
            {items
              .filter((i) => i.show)
              .map((i) => (
                <li key={i.to}>
                  <NavLink to={i.to} end={i.end}>
                    {i.label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
      </div>
    </div>
  );
}
