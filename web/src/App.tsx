import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useParams } from 'react-router';
import { AuthProvider, useAuth, useMe } from './auth/AuthContext';
import { LoginPage } from './auth/LoginPage';
import { Loading } from './components/Loading';
import { HomePage } from './home/HomePage';
import { I18nProvider } from './i18n/I18n';
import { EnteContext, enteValue } from './layout/EnteContext';
import { NotFoundPage } from './layout/NotFoundPage';
import { Shell } from './layout/Shell';

// Everything but login and the newsroom home loads on demand.
const EntePage = lazy(() => import('./ente/EntePage'));
const PeoplePage = lazy(() => import('./people/PeoplePage'));
const DesksPage = lazy(() => import('./desks/DesksPage'));
const ChannelsPage = lazy(() => import('./channels/ChannelsPage'));
const ChannelDetailPage = lazy(() => import('./channels/ChannelDetailPage'));
const AuditPage = lazy(() => import('./audit/AuditPage'));
const PolicyPage = lazy(() => import('./policy/PolicyPage'));
const ModerationPage = lazy(() => import('./moderation/ModerationPage'));
// Editorial workflow
const ProposalsPage = lazy(() => import('./editorial/ProposalsPage'));
const PostsPage = lazy(() => import('./editorial/PostsPage'));
const PostEditorPage = lazy(() => import('./editorial/PostEditorPage'));
const CalendarPage = lazy(() => import('./editorial/CalendarPage'));
const ElectoralPeriodsPage = lazy(() => import('./editorial/ElectoralPeriodsPage'));
// Publishing
const QueuePage = lazy(() => import('./publishing/QueuePage'));
// Community inbox
const InboxPage = lazy(() => import('./inbox/InboxPage'));
// Crisis mode and alerts
const CrisisPage = lazy(() => import('./crisis/CrisisPage'));

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <FocusOnNavigate />
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireSession />}>
              <Route index element={<FirstEnte />} />
              <Route path="enti/:ente" element={<EnteLayout />}>
                <Route index element={<HomePage />} />
                <Route path="impostazioni" element={<EntePage />} />
                <Route path="persone" element={<PeoplePage />} />
                <Route path="desk" element={<DesksPage />} />
                <Route path="canali" element={<ChannelsPage />} />
                <Route path="canali/:id" element={<ChannelDetailPage />} />
                <Route path="registro" element={<AuditPage />} />
                <Route path="policy" element={<PolicyPage />} />
                <Route path="moderazione" element={<ModerationPage />} />
                <Route path="proposte" element={<ProposalsPage />} />
                <Route path="post" element={<PostsPage />} />
                <Route path="post/:id" element={<PostEditorPage />} />
                <Route path="calendario" element={<CalendarPage />} />
                <Route path="par-condicio" element={<ElectoralPeriodsPage />} />
                <Route path="coda" element={<QueuePage />} />
                <Route path="posta/*" element={<InboxPage />} />
                <Route path="crisi/*" element={<CrisisPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
              <Route path="*" element={<NotFoundInShell />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}

/** Routes below need a session; without one, go to /login and come back afterwards. */
function RequireSession() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <Centered />;
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Outlet />;
}

/** "/" goes to the user's first Ente. */
function FirstEnte() {
  const me = useMe();
  const first = me.enti[0];
  if (!first) return <NotFoundInShell noEnti />;
  return <Navigate to={`/enti/${first.slug}`} replace />;
}

function EnteLayout() {
  const { ente: slug } = useParams();
  const me = useMe();
  const ente = me.enti.find((e) => e.slug === slug);
  if (!ente) return <NotFoundInShell />;
  return (
    <EnteContext.Provider value={enteValue(ente)}>
      <Shell ente={ente}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Shell>
    </EnteContext.Provider>
  );
}

function NotFoundInShell({ noEnti }: { noEnti?: boolean }) {
  return (
    <Shell>
      <NotFoundPage noEnti={noEnti} />
    </Shell>
  );
}

function Centered({ children }: { children?: ReactNode }) {
  return <div className="container my-5">{children ?? <Loading />}</div>;
}

/**
 * After a client-side navigation, move focus to the main content so screen reader users hear the
 * new page (a full page load starts at the top anyway).
 */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  useEffect(() => {
    const main = document.getElementById('main');
    if (main && document.activeElement && document.activeElement !== document.body) main.focus({ preventScroll: false });
  }, [pathname]);
  return null;
}
