import { NavLink, Route, Routes } from 'react-router';
import { useI18n } from '../i18n/I18n';
import { NotFoundPage } from '../layout/NotFoundPage';
import { useEnte } from '../layout/EnteContext';
import { AlertComposer } from './AlertComposer';
import { AlertPage } from './AlertPage';
import { AlertsPage } from './AlertsPage';
import { CrisisOverview } from './CrisisOverview';
import { FakeClaimsPage } from './FakeClaimsPage';
import { PausedPage } from './PausedPage';
import { SignalsPage } from './SignalsPage';
import { SubscribersPage } from './SubscribersPage';
import './crisis.css';

/** Crisis mode and civil-protection alerts: the sections under /enti/:ente/crisi/. */
export default function CrisisPage() {
  return (
    <>
      <CrisisNav />
      <Routes>
        <Route index element={<CrisisOverview />} />
        <Route path="sospesi" element={<PausedPage />} />
        <Route path="allerte" element={<AlertsPage />} />
        <Route path="allerte/nuova" element={<AlertComposer />} />
        <Route path="allerte/:id" element={<AlertPage />} />
        <Route path="iscritti" element={<SubscribersPage />} />
        <Route path="ascolto" element={<SignalsPage />} />
        <Route path="notizie-false" element={<FakeClaimsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}

/** The crisis sections, each shown to whom may use it. */
function CrisisNav() {
  const { t } = useI18n();
  const { ente, can } = useEnte();
  const base = `/enti/${ente.slug}/crisi`;
  const items = [
    { to: base, label: t('crisis.nav.overview'), end: true, show: true },
    { to: `${base}/allerte`, label: t('crisis.nav.alerts'), show: true },
    { to: `${base}/sospesi`, label: t('crisis.nav.paused'), show: true },
    { to: `${base}/iscritti`, label: t('crisis.nav.subscribers'), show: can('subscribers.manage') },
    { to: `${base}/ascolto`, label: t('crisis.nav.signals'), show: true },
    { to: `${base}/notizie-false`, label: t('crisis.nav.claims'), show: true },
  ];
  return (
    <nav aria-label={t('crisis.nav.label')}>
      <ul className="rdz-subnav">
        {items
          .filter((i) => i.show)
          .map((i) => (
            <li key={i.to}>
              <NavLink to={i.to} end={i.end ?? false}>
                {i.label}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}
