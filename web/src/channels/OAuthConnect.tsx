import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import type { Channel } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { TextField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { OAUTH_SPECS } from './connectSpecs';

/** GET …/channels/{id}/oauth (operationId getChannelOAuth). */
interface OAuthOptions {
  platform: string;
  supported: boolean;
  redirectUri: string;
  scopes: string[];
  app: { source: 'request' | 'channel' | 'ente' | 'installation' | 'registered'; clientId: string | null } | null;
  needsApp: boolean;
  lastOutcome: {
    ok: boolean;
    at: string;
    via: 'oauth' | 'token';
    account: { id: string; handle: string; name: string; url: string | null } | null;
    reason: { code: string; it: string; en: string } | null;
  } | null;
}

type Values = Record<string, string>;
const APP_TEXT = {
  request: 'oauth.app.request',
  channel: 'oauth.app.channel',
  ente: 'oauth.app.ente',
  installation: 'oauth.app.installation',
  registered: 'oauth.app.registered',
} as const;
const isUrl = (v: string) => /^https?:\/\/[^\s/]+/i.test(v);

/**
 * "Collega con <piattaforma>": the OAuth path of the connect form. The server prepares the
 * authorization (single-use state, PKCE) and the browser goes to the platform; on the way back the
 * channel page shows the outcome (`returned` comes from ?oauth=ok|errore).
 */
export function OAuthConnect({ channel, returned }: { channel: Channel; returned: 'ok' | 'errore' | null }) {
  const { t, label, lang, formatDate } = useI18n();
  const { ente } = useEnte();
  const spec = OAUTH_SPECS[channel.platform];
  const options = useApi<OAuthOptions>(spec ? `${entePath(ente.slug)}/channels/${channel.id}/oauth` : null);
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Values>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const outcomeRef = useRef<HTMLDivElement>(null);
  const platform = label('platform', channel.platform);
  const o = options.data;

  useEffect(() => {
    if (returned && o) requestAnimationFrame(() => outcomeRef.current?.focus());
  }, [returned, o]);

  if (!spec) return null;
  const id = (k: string) => `oauth-${k}`;
  const set = (k: string) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  const value = (k: string) => values[k] ?? '';
  const needsApp = o?.needsApp ?? false;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Values = {};
    if (needsApp && !value('clientId').trim()) next.clientId = t('connect.required');
    if (needsApp && channel.platform !== 'x' && !value('clientSecret').trim()) next.clientSecret = t('connect.required');
    for (const f of spec.fields) {
      const v = value(`account.${f.key}`).trim();
      if (f.required && !v) next[`account.${f.key}`] = t('connect.required');
      else if (v && f.type === 'url' && !isUrl(v)) next[`account.${f.key}`] = t('connect.invalidUrl');
    }
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      document.getElementById(id(first))?.focus();
      return;
    }
    const account: Record<string, string> = {};
    for (const f of spec.fields) if (value(`account.${f.key}`).trim()) account[f.key] = value(`account.${f.key}`).trim();
    const body: { clientId?: string; clientSecret?: string; account?: Record<string, string> } = {};
    if (value('clientId').trim()) body.clientId = value('clientId').trim();
    if (value('clientSecret').trim()) body.clientSecret = value('clientSecret').trim();
    if (Object.keys(account).length) body.account = account;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api<{ authorizationUrl: string }>(`${entePath(ente.slug)}/channels/${channel.id}/oauth/start`, { method: 'POST', body });
      window.location.assign(res.authorizationUrl);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  const last = o?.lastOutcome;
  const appText = o?.app ? t(APP_TEXT[o.app.source], { clientId: o.app.clientId ?? '' }) : null;

  return (
    <div className="mb-4">
      {returned && last ? (
        <div ref={outcomeRef} tabIndex={-1} role="status" className={`alert ${returned === 'ok' && last.ok ? 'alert-success' : 'alert-danger'}`}>
          {returned === 'ok' && last.ok && last.account ? (
            <p className="mb-0 fw-semibold">{t('oauth.done', { platform, name: last.account.name, handle: last.account.handle })}</p>
          ) : (
            <>
              <p className="fw-semibold">{t('oauth.failed', { platform })}</p>
              <p className="mb-0">{last.reason ? (lang === 'en' ? last.reason.en : last.reason.it) : t('oauth.failedGeneric')}</p>
            </>
          )}
          <p className="small mb-0 mt-2">{t('oauth.when', { date: formatDate(last.at) })}</p>
        </div>
      ) : null}
      <h3 className="h5">{t('oauth.title', { platform })}</h3>
      <p>{t('oauth.intro', { platform })}</p>
      <ProblemAlert error={options.error ?? error} title={t('connect.failed')} />
      <form onSubmit={(e) => void submit(e)} noValidate className="rdz-form" aria-label={t('oauth.title', { platform })}>
        {spec.app === 'registered' ? (
          <>
            <p>{needsApp ? t('oauth.needsApp', { platform }) : appText}</p>
            {needsApp ? (
              <p>
                <Link to={`/enti/${ente.slug}/canali#app-oauth`}>{t('oauth.enteAppsLink')}</Link>
              </p>
            ) : null}
            {o ? (
              <p className="small">
                {t('oauth.redirectUri')} <code className="text-break">{o.redirectUri}</code>
              </p>
            ) : null}
            <TextField
              id={id('clientId')}
              label={needsApp ? t('oauth.clientId') : t('oauth.clientIdOther')}
              value={value('clientId')}
              onChange={set('clientId')}
              required={needsApp}
              autoComplete="off"
              help={t('oauth.clientIdHelp')}
              error={errors.clientId}
            />
            <TextField
              id={id('clientSecret')}
              label={t('oauth.clientSecret')}
              type="password"
              value={value('clientSecret')}
              onChange={set('clientSecret')}
              required={needsApp && channel.platform !== 'x'}
              autoComplete="off"
              help={t('oauth.clientSecretHelp')}
              error={errors.clientSecret}
            />
          </>
        ) : (
          <p>{t('oauth.dynamicApp', { platform })}</p>
        )}
        {spec.fields.map((f) => (
          <TextField
            key={f.key}
            id={id(`account.${f.key}`)}
            label={label('connect.field', f.key)}
            type={f.type ?? 'text'}
            value={value(`account.${f.key}`)}
            onChange={set(`account.${f.key}`)}
            required={f.required}
            autoComplete="off"
            help={label('connect.help', f.key)}
            error={errors[`account.${f.key}`]}
          />
        ))}
        <Button color="primary" type="submit" disabled={busy || options.loading}>
          {busy ? t('oauth.redirecting', { platform }) : t('oauth.submit', { platform })}
        </Button>
      </form>
      <h3 className="h5 mt-4">{t('oauth.fallbackTitle')}</h3>
      <p className="mb-0">{t('oauth.fallbackIntro')}</p>
    </div>
  );
}
