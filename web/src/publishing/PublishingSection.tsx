import { Button } from 'design-react-kit';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { Post, Publication, Publications } from '../api/types';
import { toApiError } from '../api/useApi';
import { TextField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { ActionAlert } from '../editorial/ActionAlert';
import { channelTitle, useBilingual } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { PublicationBadge, useFormatTime } from './PublicationBadge';

/** How often to look again while something is going out, and how close "due soon" is. */
const POLL_MS = 3_000;
const SOON_MS = 2 * 60_000;
const REQUEUEABLE = new Set(['programmato', 'fallito', 'annullato', 'da_riprovare']);

function needsPolling(list: Publication[], now: number): boolean {
  return list.some((p) => {
    if (p.state === 'in_pubblicazione') return true;
    if (p.state !== 'programmato' && p.state !== 'da_riprovare') return false;
    return Date.parse(p.nextAttemptAt ?? p.dueAt) - now < SOON_MS;
  });
}

/**
 * The post's publications, one per channel: state in words, due time, lateness, the platform's
 * link, the reason and what to do, every attempt; "Pubblica ora" for urgent approved posts and,
 * for an outcome nobody could check, a form where a person records whether it went out.
 */
export function PublishingSection({ post, onPostChanged }: { post: Post; onPostChanged(): void }) {
  const { t, label } = useI18n();
  const { ente, can } = useEnte();
  const path = `${entePath(ente.slug)}/posts/${post.id}`;
  const [list, setList] = useState<Publication[]>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [announce, setAnnounce] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();
  const [message, setMessage] = useState<string>();
  const publishButton = useRef<HTMLButtonElement>(null);
  const confirmTitle = useRef<HTMLHeadingElement>(null);
  const previous = useRef<Map<string, string> | null>(null);
  const postChanged = useRef(onPostChanged);
  postChanged.current = onPostChanged;

  /** Takes a fresh list; announces the channels whose state changed since the last one. */
  const accept = useCallback(
    (next: Publication[]) => {
      const before = previous.current;
      if (before) {
        const changed = next.filter((p) => before.get(p.id) !== undefined && before.get(p.id) !== p.state);
        if (changed.length) {
          setAnnounce(changed.map((p) => t('pub.changed', { channel: p.channelName, state: label('pubState', p.state) })).join(' '));
          // The post's own state follows its publications (programmato → pubblicato).
          if (changed.some((p) => p.state === 'pubblicato')) postChanged.current();
        }
      }
      previous.current = new Map(next.map((p) => [p.id, p.state]));
      setList(next);
    },
    [t, label],
  );

  const load = useCallback(async () => {
    try {
      const res = await api<Publications>(`${path}/publications`);
      setLoadError(undefined);
      accept(res.publications);
    } catch (err) {
      setLoadError(toApiError(err));
    }
  }, [path, accept]);

  useEffect(() => {
    previous.current = null;
    void load();
  }, [load]);

  const polling = list ? needsPolling(list, Date.now()) : false;
  useEffect(() => {
    if (!polling) return;
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [polling, load]);

  // "Pubblica ora": approved or scheduled posts, for the variants not already out or going out.
  const pubOf = (channelId: string) => list?.find((p) => p.channelId === channelId);
  const targets = post.variants.filter((v) => {
    const p = pubOf(v.channelId);
    return !p || REQUEUEABLE.has(p.state);
  });
  const canPublishNow = can('posts.schedule') && (post.status === 'approvato' || post.status === 'programmato') && targets.length > 0;

  const publishNow = async (channelIds: string[], done: string) => {
    setBusy(true);
    setActionError(undefined);
    setMessage(undefined);
    try {
      const res = await api<Publications>(`${path}/publish-now`, { method: 'POST', body: { channelIds } });
      accept(res.publications);
      setConfirming(false);
      setMessage(done);
      postChanged.current();
    } catch (err) {
      setActionError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const openConfirm = () => {
    setConfirming(true);
    requestAnimationFrame(() => confirmTitle.current?.focus());
  };
  const cancelConfirm = () => {
    setConfirming(false);
    requestAnimationFrame(() => publishButton.current?.focus());
  };

  if (!list && !loadError) return null;
  if (list && list.length === 0 && !canPublishNow && !loadError) return null;

  return (
    <section aria-labelledby="publishing-title" className="rdz-panel mb-4">
      <h2 id="publishing-title" className="h4">
        {t('pub.title')}
      </h2>
      <p>{t('pub.intro')}</p>
      <ProblemAlert error={loadError} />
      <div role="status" aria-live="polite" className="rdz-live">
        {message ? <p className="mb-2 fw-semibold">{message}</p> : null}
        {announce ? <p className="mb-2">{announce}</p> : null}
      </div>
      <ActionAlert error={actionError} title={t('pub.publishNowFailed')} />

      {canPublishNow ? (
        <div className="mb-4">
          <p className="mb-2">{t('pub.publishNowIntro')}</p>
          {confirming ? (
            <div className="rdz-confirm p-3" role="group" aria-labelledby="publish-confirm-title">
              <h3 id="publish-confirm-title" className="h5" tabIndex={-1} ref={confirmTitle}>
                {t('pub.confirmTitle')}
              </h3>
              <p>{t('pub.confirmText', { channels: targets.map((v) => channelTitle(label, v)).join(', ') })}</p>
              <div className="d-flex flex-wrap gap-2">
                <Button color="danger" type="button" disabled={busy} onClick={() => void publishNow(targets.map((v) => v.channelId), t('pub.publishNowDone'))}>
                  {busy ? t('pub.publishingNow') : t('pub.confirm')}
                </Button>
                <Button color="primary" outline type="button" disabled={busy} onClick={cancelConfirm}>
                  {t('pub.cancel')}
                </Button>
              </div>
            </div>
          ) : (
            <Button color="primary" type="button" innerRef={publishButton} onClick={openConfirm}>
              {t('pub.publishNow')}
            </Button>
          )}
        </div>
      ) : null}

      {list && list.length === 0 ? <p>{t('pub.none')}</p> : null}
      {polling ? <p className="small">{t('pub.autoRefresh')}</p> : null}
      {list?.map((p) => (
        <PublicationCard key={p.id} pub={p} busy={busy} onRetry={can('posts.schedule') && p.state === 'fallito' ? () => void publishNow([p.channelId], t('pub.retryDone', { channel: p.channelName })) : undefined} onResolved={accept} />
      ))}
    </section>
  );
}

function PublicationCard({ pub, busy, onRetry, onResolved }: { pub: Publication; busy: boolean; onRetry?: () => void; onResolved(list: Publication[]): void }) {
  const { t, label, formatDate } = useI18n();
  const { can } = useEnte();
  const bi = useBilingual();
  const time = useFormatTime();
  const headingId = `pub-${pub.id}`;
  const title = channelTitle(label, pub);
  return (
    <article aria-labelledby={headingId} className="rdz-publication border-top pt-3 mt-3">
      <h3 id={headingId} className="h5 d-flex flex-wrap align-items-center gap-2">
        <span>{title}</span>
        <PublicationBadge state={pub.state} />
        {pub.urgent ? <span className="rdz-pill rdz-status-warn">{t('pub.urgent')}</span> : null}
      </h3>
      {pub.late ? (
        <p className="rdz-late fw-semibold">
          <span aria-hidden="true">⚠ </span>
          {t('pub.late', { date: formatDate(pub.dueAt) })}
        </p>
      ) : null}
      <dl className="row rdz-dl mb-2">
        <dt className="col-sm-4">{t('pub.due')}</dt>
        <dd className="col-sm-8">{formatDate(pub.dueAt)}</dd>
        {pub.nextAttemptAt && pub.nextAttemptAt !== pub.dueAt && (pub.state === 'da_riprovare' || pub.state === 'programmato') ? (
          <>
            <dt className="col-sm-4">{t('pub.nextAttempt')}</dt>
            <dd className="col-sm-8">{time(pub.nextAttemptAt)}</dd>
          </>
        ) : null}
        {pub.publishedAt ? (
          <>
            <dt className="col-sm-4">{t('pub.publishedAt')}</dt>
            <dd className="col-sm-8">{formatDate(pub.publishedAt)}</dd>
          </>
        ) : null}
        {pub.url ? (
          <>
            <dt className="col-sm-4">{t('pub.link')}</dt>
            <dd className="col-sm-8">
              <a href={pub.url} target="_blank" rel="noopener noreferrer">
                {t('pub.openLink', { platform: label('platform', pub.platform) })}
                <span className="visually-hidden"> {t('channels.newTab')}</span>
              </a>
              <span className="d-block small text-break">{pub.url}</span>
            </dd>
          </>
        ) : null}
        {pub.platformId ? (
          <>
            <dt className="col-sm-4">{t('pub.platformId')}</dt>
            <dd className="col-sm-8 text-break">{pub.platformId}</dd>
          </>
        ) : null}
        {pub.reason ? (
          <>
            <dt className="col-sm-4">{t('pub.reason')}</dt>
            <dd className="col-sm-8">{bi(pub.reason)}</dd>
          </>
        ) : null}
      </dl>
      {onRetry ? (
        <Button color="primary" outline size="sm" type="button" disabled={busy} onClick={onRetry} aria-label={t('pub.retryLabel', { channel: title })} className="mb-3">
          {t('pub.retry')}
        </Button>
      ) : null}
      {pub.state === 'da_verificare' ? (
        can('publishing.resolve') ? <ResolveForm pub={pub} onResolved={onResolved} /> : <p>{t('pub.resolveNoPermission')}</p>
      ) : null}
      <details className="rdz-attempts">
        <summary>{t('pub.attempts', { count: pub.attempts.length })}</summary>
        {pub.attempts.length === 0 ? (
          <p className="mt-2">{t('pub.noAttempts')}</p>
        ) : (
          <div className="table-responsive mt-2">
            <table className="table table-sm">
              <caption>{t('pub.attemptsCaption', { channel: title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('pub.attemptN')}</th>
                  <th scope="col">{t('pub.attemptTime')}</th>
                  <th scope="col">{t('pub.attemptWorker')}</th>
                  <th scope="col">{t('pub.attemptOutcome')}</th>
                  <th scope="col">{t('pub.attemptErrorKind')}</th>
                  <th scope="col">{t('pub.attemptHttp')}</th>
                  <th scope="col">{t('pub.attemptDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {pub.attempts.map((a) => (
                  <tr key={a.n}>
                    <th scope="row">{a.n}</th>
                    <td>{time(a.startedAt)}</td>
                    <td className="text-break">{a.worker}</td>
                    <td>{label('outcome', a.outcome ?? 'running')}</td>
                    <td>{a.errorKind ? label('errorKind', a.errorKind) : '—'}</td>
                    <td>{a.httpStatus ?? '—'}</td>
                    <td>{a.detail ? bi(a.detail) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </article>
  );
}

/** "Did it go out?" for a publication whose outcome is unknown and cannot be looked up. */
function ResolveForm({ pub, onResolved }: { pub: Publication; onResolved(list: Publication[]): void }) {
  const { t } = useI18n();
  const { ente } = useEnte();
  const [choice, setChoice] = useState<'' | 'yes' | 'no'>('');
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<{ choice?: string; url?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const id = `resolve-${pub.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!choice) next.choice = t('pub.resolveChoose');
    if (choice === 'yes') {
      if (!url.trim()) next.url = t('pub.resolveUrlRequired');
      else if (!/^https?:\/\/\S+$/i.test(url.trim())) next.url = t('pub.resolveUrlInvalid');
    }
    setErrors(next);
    if (next.choice) return document.getElementById(`${id}-yes`)?.focus();
    if (next.url) return document.getElementById(`${id}-url`)?.focus();
    setBusy(true);
    setError(undefined);
    try {
      const body = choice === 'yes' ? { published: true, url: url.trim() } : { published: false };
      const res = await api<Publications>(`${entePath(ente.slug)}/publications/${pub.id}/resolve`, { method: 'POST', body });
      onResolved(res.publications);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="rdz-form rdz-panel mb-3" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="h6">
        {t('pub.resolveTitle')}
      </h4>
      <p>{t('pub.resolveIntro', { channel: pub.channelName })}</p>
      <ActionAlert error={error} title={t('pub.resolveFailed')} />
      <fieldset className="rdz-fieldset mb-3" aria-describedby={errors.choice ? `${id}-choice-error` : undefined}>
        <legend className="rdz-legend">{t('pub.resolveChoice', { channel: pub.channelName })}</legend>
        <div className="form-check">
          <input id={`${id}-yes`} name={`${id}-choice`} type="radio" checked={choice === 'yes'} onChange={() => setChoice('yes')} />
          <label htmlFor={`${id}-yes`}>{t('pub.resolveWent')}</label>
        </div>
        <div className="form-check">
          <input id={`${id}-no`} name={`${id}-choice`} type="radio" checked={choice === 'no'} onChange={() => setChoice('no')} />
          <label htmlFor={`${id}-no`}>{t('pub.resolveNotWent')}</label>
        </div>
        {errors.choice ? (
          <div id={`${id}-choice-error`} className="invalid-feedback d-block">
            {errors.choice}
          </div>
        ) : null}
      </fieldset>
      {choice === 'yes' ? <TextField id={`${id}-url`} type="url" label={t('pub.resolveUrl')} value={url} onChange={setUrl} required help={t('pub.resolveUrlHelp')} error={errors.url} /> : null}
      <Button color="primary" type="submit" disabled={busy}>
        {t('pub.resolveSave')}
      </Button>
    </form>
  );
}
