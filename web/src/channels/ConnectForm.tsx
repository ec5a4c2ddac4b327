import { Button } from 'design-react-kit';
import { useRef, useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { Channel, ChannelCredentialsBody, ConnectResult } from '../api/types';
import { toApiError } from '../api/useApi';
import { TextField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { fromLocalInput } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { CONNECT_SPECS } from './connectSpecs';
import { OAuthConnect } from './OAuthConnect';

type Values = Record<string, string>;

const isUrl = (v: string) => /^https?:\/\/[^\s/]+/i.test(v);

/**
 * "Collega il canale": the token and the account fields the platform's connector needs. The server
 * checks them with the platform, stores them sealed and sets the channel active; the identity it
 * found is shown back.
 */
export function ConnectForm({ channel, onConnected, oauthReturned = null }: { channel: Channel; onConnected(c: Channel): void; oauthReturned?: 'ok' | 'errore' | null }) {
  const { t, label, lang } = useI18n();
  const { ente } = useEnte();
  const spec = CONNECT_SPECS[channel.platform];
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Values>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<ConnectResult['account']>();
  const [webhook, setWebhook] = useState<ConnectResult['webhook']>();
  const resultRef = useRef<HTMLDivElement>(null);
  const platform = label('platform', channel.platform);

  const heading = (
    <h2 id="channel-connect" className="h4" tabIndex={-1}>
      {t('connect.title')}
    </h2>
  );
  if (!spec) {
    return (
      <section aria-labelledby="channel-connect" className="rdz-panel mb-4">
        {heading}
        <p className="mb-0">{channel.platform === 'activitypub' ? t('connect.activitypub') : t('connect.noConnector', { platform })}</p>
      </section>
    );
  }

  const needsToken = spec.token !== false;
  const id = (k: string) => `connect-${k}`;
  const set = (k: string) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  const value = (k: string) => values[k] ?? '';
  /** A platform's own wording, else the generic one. */
  const own = (prefix: 'connect.token' | 'connect.tokenHelp') => {
    const text = label(prefix, channel.platform);
    return text === channel.platform ? t(`${prefix}.default`) : text;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Values = {};
    if (needsToken && !value('accessToken').trim()) next.accessToken = t('connect.required');
    for (const f of spec.account) {
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
    for (const f of spec.account) {
      const v = value(`account.${f.key}`).trim();
      if (v) account[f.key] = v;
    }
    const body: ChannelCredentialsBody = needsToken ? { accessToken: value('accessToken').trim() } : {};
    if (spec.refresh && value('refreshToken').trim()) body.refreshToken = value('refreshToken').trim();
    const expires = spec.expiry ? fromLocalInput(value('expiresAt')) : null;
    if (expires) body.expiresAt = expires;
    if (Object.keys(account).length) body.account = account;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const res = await api<ConnectResult>(`${entePath(ente.slug)}/channels/${channel.id}/connect`, { method: 'POST', body });
      setValues({});
      setResult(res.account);
      setWebhook(res.webhook);
      onConnected(res.channel);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const serverErrors: Values = {};
  for (const fe of error?.fieldErrors ?? []) if (fe.message) serverErrors[fe.field] ??= fe.message;
  const errorOf = (k: string) => errors[k] ?? serverErrors[k];

  return (
    <section aria-labelledby="channel-connect" className="rdz-panel mb-4">
      {heading}
      <OAuthConnect channel={channel} returned={oauthReturned} />
      {needsToken ? <p>{t('connect.intro', { platform })}</p> : <ActorIntro channel={channel} slug={ente.slug} />}
      {result ? (
        <div ref={resultRef} tabIndex={-1} role="status" className="alert alert-success">
          <p className="fw-semibold">{t('connect.done', { platform, name: result.name, handle: result.handle })}</p>
          <h3 className="h6">{t('connect.identity')}</h3>
          <dl className="row mb-0">
            <dt className="col-sm-3">{t('connect.identityName')}</dt>
            <dd className="col-sm-9">{result.name}</dd>
            <dt className="col-sm-3">{t('connect.identityHandle')}</dt>
            <dd className="col-sm-9">{result.handle}</dd>
            <dt className="col-sm-3">{t('connect.identityId')}</dt>
            <dd className="col-sm-9 text-break">{result.id}</dd>
            {result.url ? (
              <>
                <dt className="col-sm-3">{t('connect.identityLink')}</dt>
                <dd className="col-sm-9">
                  <a href={result.url} target="_blank" rel="noopener noreferrer">
                    {result.url}
                    <span className="visually-hidden"> {t('channels.newTab')}</span>
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
          {webhook?.registered ? <p className="mb-0">{t('connect.webhookRegistered')}</p> : null}
          {webhook && !webhook.registered && webhook.reason ? <p className="mb-0 fw-semibold">{lang === 'en' ? webhook.reason.en : webhook.reason.it}</p> : null}
        </div>
      ) : null}
      <ProblemAlert error={error} title={t('connect.failed')} />
      <form onSubmit={(e) => void submit(e)} noValidate className="rdz-form" aria-labelledby="channel-connect">
        {needsToken ? (
          <TextField
            id={id('accessToken')}
            label={own('connect.token')}
            type="password"
            value={value('accessToken')}
            onChange={set('accessToken')}
            required
            autoComplete="off"
            help={own('connect.tokenHelp')}
            error={errorOf('accessToken')}
          />
        ) : null}
        {spec.account.map((f) => (
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
            error={errorOf(`account.${f.key}`) ?? errorOf('account')}
          />
        ))}
        {spec.refresh ? (
          <TextField id={id('refreshToken')} label={t('connect.refreshToken')} type="password" value={value('refreshToken')} onChange={set('refreshToken')} autoComplete="off" help={t('connect.refreshHelp')} error={errorOf('refreshToken')} />
        ) : null}
        {spec.expiry ? (
          <TextField id={id('expiresAt')} label={t('connect.expiresAt')} type="datetime-local" value={value('expiresAt')} onChange={set('expiresAt')} help={t('connect.expiresHelp')} error={errorOf('expiresAt')} />
        ) : null}
        <Button color="primary" type="submit" disabled={busy}>
          {busy ? t('connect.submitting') : needsToken ? t('connect.submit') : t('connect.activitypubSubmit')}
        </Button>
      </form>
    </section>
  );
}

/**
 * The Ente's own fediverse actor: no token; its address, as fediverse users find and follow it.
 * The host is the actor's (the channel's URL) when the channel points at it, else this server's.
 */
function ActorIntro({ channel, slug }: { channel: Channel; slug: string }) {
  const { t } = useI18n();
  let host = window.location.host;
  try {
    const u = new URL(channel.url);
    if (u.pathname.startsWith('/ap/enti/')) host = u.host;
  } catch {
    /* not a URL: this server's host */
  }
  return (
    <>
      <p>{t('connect.activitypub')}</p>
      <p>
        {t('connect.activitypubHandle')} <code className="text-break">{`@${slug}@${host}`}</code>
      </p>
      <p>{t('connect.activitypubFollow')}</p>
    </>
  );
}
