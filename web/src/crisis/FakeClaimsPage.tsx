import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { CheckboxGroup, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { serverFieldErrors, useDirectory } from './shared';
import type { ClaimBody, FakeClaim } from './types';

/**
 * False claims: the office records a claim going round with the official source that refutes it;
 * the server drafts a saved reply and a clarification post (a proposal) and marks the incoming
 * messages that repeat the claim.
 */
export function FakeClaimsPage() {
  const { t, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const claims = useApi<{ claims: FakeClaim[] }>(`${entePath(ente.slug)}/fake-claims`);
  const dir = useDirectory();
  const [message, setMessage] = useState<string>();
  const list = claims.data?.claims ?? [];

  return (
    <>
      <PageTitle sub={t('crisis.claims.intro')}>{t('crisis.claims.title')}</PageTitle>
      <StatusMessage>{message}</StatusMessage>
      {can('fakenews.manage') ? (
        <ClaimForm
          dir={dir}
          onCreated={() => {
            setMessage(t('crisis.claims.created'));
            void claims.reload();
          }}
        />
      ) : null}
      <ProblemAlert error={claims.error} />
      {!claims.data && claims.loading ? <Loading /> : null}
      <h2 className="h4">{t('crisis.claims.listTitle')}</h2>
      {claims.data && list.length === 0 ? <p>{t('crisis.claims.none')}</p> : null}
      {list.map((c) => (
        <article key={c.id} className="rdz-panel mb-3" aria-labelledby={`claim-${c.id}`}>
          <h3 id={`claim-${c.id}`} className="h5">
            {c.claim}
          </h3>
          <p className="small">{t('crisis.claims.recorded', { date: formatDate(c.createdAt) })}</p>
          <dl className="row rdz-dl">
            <dt className="col-sm-3">{t('crisis.claims.source')}</dt>
            <dd className="col-sm-9">
              <a href={c.source.url} target="_blank" rel="noopener noreferrer">
                {c.source.title}
                <span className="visually-hidden"> {t('crisis.newTab')}</span>
              </a>
            </dd>
            <dt className="col-sm-3">{t('crisis.claims.savedReply')}</dt>
            <dd className="col-sm-9 rdz-pre-line">{c.savedReply}</dd>
            <dt className="col-sm-3">{t('crisis.claims.post')}</dt>
            <dd className="col-sm-9">{c.postId ? <Link to={`/enti/${ente.slug}/post/${c.postId}`}>{t('crisis.claims.postLink')}</Link> : t('common.none')}</dd>
          </dl>
          <h4 className="h6">{t('crisis.claims.matches', { count: c.matches.length })}</h4>
          {c.matches.length ? (
            <ul>
              {c.matches.map((m) => (
                <li key={m.id}>
                  <time dateTime={m.at}>{formatDate(m.at)}</time> · {dir.channelName(m.channelId)}: {m.text} <span className="small">({t('crisis.claims.score', { score: Math.round(m.score * 100) })})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mb-0">{t('crisis.claims.noMatches')}</p>
          )}
        </article>
      ))}
    </>
  );
}

function ClaimForm({ dir, onCreated }: { dir: ReturnType<typeof useDirectory>; onCreated(): void }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const [claim, setClaim] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [sourceTitle, setSourceTitle] = useState('');
  const [savedReply, setSavedReply] = useState('');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const fe = serverFieldErrors(error?.fieldErrors);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: ClaimBody = { claim: claim.trim(), sourceUrl: sourceUrl.trim(), sourceTitle: sourceTitle.trim() };
    if (savedReply.trim()) body.savedReply = savedReply.trim();
    if (channelIds.length) body.channelIds = channelIds;
    setBusy(true);
    setError(undefined);
    try {
      await api<FakeClaim>(`${entePath(ente.slug)}/fake-claims`, { method: 'POST', body });
      setClaim('');
      setSourceUrl('');
      setSourceTitle('');
      setSavedReply('');
      setChannelIds([]);
      onCreated();
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr);
      const first = apiErr.fieldErrors[0]?.field.split('.')[0];
      if (first) requestAnimationFrame(() => document.getElementById(`claim-${first}`)?.focus());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="rdz-panel mb-4" aria-labelledby="claim-form">
      <h2 id="claim-form" className="h4">
        {t('crisis.claims.formTitle')}
      </h2>
      <ProblemAlert error={error} title={t('crisis.claims.failed')} />
      <TextAreaField id="claim-claim" label={t('crisis.claims.claim')} value={claim} onChange={setClaim} required maxLength={1000} error={fe.claim} />
      <TextField id="claim-sourceUrl" label={t('crisis.claims.sourceUrl')} type="url" value={sourceUrl} onChange={setSourceUrl} required error={fe.sourceUrl} />
      <TextField id="claim-sourceTitle" label={t('crisis.claims.sourceTitle')} value={sourceTitle} onChange={setSourceTitle} required maxLength={300} error={fe.sourceTitle} />
      <TextAreaField id="claim-savedReply" label={`${t('crisis.claims.savedReplyIn')} ${t('common.optional')}`} value={savedReply} onChange={setSavedReply} maxLength={2000} help={t('crisis.claims.savedReplyHelp')} error={fe.savedReply} />
      <CheckboxGroup
        id="claim-channelIds"
        legend={t('crisis.claims.channels')}
        options={dir.channels.filter((c) => c.status === 'attivo').map((c) => ({ value: c.id, label: `${label('platform', c.platform)} · ${c.name}` }))}
        value={channelIds}
        onChange={setChannelIds}
        error={fe.channelIds}
      />
      <Button color="primary" type="submit" disabled={busy}>
        {t('crisis.claims.submit')}
      </Button>
    </form>
  );
}
