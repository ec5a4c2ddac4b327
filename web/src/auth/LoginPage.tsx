import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import type { ApiError } from '../api/client';
import type { AuthOptions } from '../api/types';
import { useApi, toApiError } from '../api/useApi';
import { fieldErrors, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { Shell } from '../layout/Shell';
import { useAuth } from './AuthContext';

/** Only same-site paths are accepted as the place to return to after login. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const { state, login } = useAuth();
  const [params] = useSearchParams();
  const options = useApi<AuthOptions>('/auth/options');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [waitUntil, setWaitUntil] = useState<number>(0);
  const [, tick] = useState(0);

  // Count down a rate limit so the message says how long is left.
  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  if (state.status === 'authenticated') return <Navigate to={safeNext(params.get('next'))} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login({ email: email.trim(), password });
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr);
      if (apiErr.status === 429 && apiErr.retryAfter) setWaitUntil(Date.now() + apiErr.retryAfter * 1000);
    } finally {
      setBusy(false);
    }
  };

  const errs = fieldErrors(error);
  const remaining = Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));
  const oidc = options.data?.oidc;

  return (
    <Shell>
      <div className="row justify-content-center">
        <div className="col-12 col-md-8 col-lg-6">
          <PageTitle sub={t('login.intro')}>{t('login.title')}</PageTitle>
          {state.status === 'loading' ? <Loading /> : null}
          <ProblemAlert error={error} title={t('login.failed')} />
          {remaining > 0 ? (
            <p className="fw-semibold">{t('login.retryIn', { seconds: remaining })}</p>
          ) : null}
          <form onSubmit={onSubmit} noValidate className="rdz-form" aria-label={t('login.title')}>
            <TextField id="login-email" label={t('login.email')} type="email" value={email} onChange={setEmail} required autoComplete="username" error={errs.email} />
            <TextField
              id="login-password"
              label={t('login.password')}
              type="password"
              value={password}
              onChange={setPassword}
              required
              autoComplete="current-password"
              error={errs.password}
            />
            <Button color="primary" type="submit" disabled={busy || remaining > 0} className="mt-2">
              {busy ? t('login.submitting') : t('login.submit')}
            </Button>
          </form>
          {oidc ? (
            <div className="mt-4">
              <p className="mb-2">{t('login.or')}</p>
              <a className="btn btn-outline-primary" href={oidc.url}>
                {t('login.oidc')}
              </a>
            </div>
          ) : null}
        </div>
      </div>
    </Shell>
  );
}
