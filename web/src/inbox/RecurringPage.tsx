import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { OutcomeMessage, type Outcome } from './Outcome';
import { excerpt, InboxNav, useInboxPaths } from './shared';
import type { InboxSettings, RecurringQuestion, SavedReply } from './types';

/**
 * Questions that mean the same thing, asked by at least N different people in twelve months
 * (Circolare FP 2/2017 §8.2): with the examples, and the action that turns one into a published
 * answer (a post proposal and a saved reply that links it).
 */
export function RecurringPage() {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const { can } = useEnte();
  const list = useApi<{ questions: RecurringQuestion[] }>(`${base}/recurring`);
  const settings = useApi<InboxSettings>(`${base}/settings`);
  const [publishing, setPublishing] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [lastPost, setLastPost] = useState<string | null>(null);
  const questions = list.data?.questions ?? [];
  const target = questions.find((q) => q.signature === publishing);

  return (
    <>
      <PageTitle sub={t('inbox.recurring.intro', { people: settings.data?.recurringMinPeople ?? 3 })}>{t('inbox.recurring.title')}</PageTitle>
      <InboxNav />
      <ProblemAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <div role="status" aria-live="polite" className="visually-hidden">
        {list.data ? t('inbox.recurring.count', { count: questions.length }) : ''}
      </div>
      <OutcomeMessage outcome={outcome} />
      {lastPost ? (
        <p>
          <PostLink postId={lastPost} />
        </p>
      ) : null}
      {list.data && questions.length === 0 ? <p>{t('inbox.recurring.empty')}</p> : null}
      {questions.map((q, k) => (
        <section key={q.signature} aria-labelledby={`recurring-${k}`} className="rdz-panel mb-4">
          <h2 id={`recurring-${k}`} className="h5">
            {t('inbox.recurring.group', { terms: q.terms.join(', ') })}
          </h2>
          <p className="mb-2">{t('inbox.recurring.stats', { people: q.people, count: q.count })}</p>
          <RecurringDates q={q} />
          <h3 className="h6">{t('inbox.recurring.examples')}</h3>
          <ul className="rdz-examples">
            {q.examples.map((e) => (
              <li key={e.itemId}>
                <ExampleLink itemId={e.itemId} text={e.text} />
                <span className="small">{` — ${e.authorName}`}</span>
              </li>
            ))}
          </ul>
          {q.answer ? (
            <p className="mb-0">
              <span className="rdz-pill rdz-status-ok me-2">{t('inbox.recurring.answered')}</span>
              <PostLink postId={q.answer.postId} />
            </p>
          ) : can('inbox.reply') && publishing !== q.signature ? (
            <Button
              color="primary"
              outline
              size="sm"
              type="button"
              aria-label={t('inbox.recurring.publishLabel', { terms: q.terms.join(', ') })}
              onClick={() => {
                setOutcome(null);
                setPublishing(q.signature);
              }}
            >
              {t('inbox.recurring.publish')}
            </Button>
          ) : null}
          {target && target.signature === q.signature ? (
            <PublishForm
              question={q}
              formId={`publish-form-${k}`}
              onCancel={() => setPublishing(null)}
              onDone={(r) => {
                setPublishing(null);
                setLastPost(r.postId);
                setOutcome({ tone: 'success', text: t('inbox.recurring.published', { title: r.savedReply.title }) });
                void list.reload();
              }}
            />
          ) : null}
        </section>
      ))}
    </>
  );
}

function RecurringDates({ q }: { q: RecurringQuestion }) {
  const { t, formatDate } = useI18n();
  return <p className="small">{t('inbox.recurring.between', { first: formatDate(q.first, false), last: formatDate(q.last, false) })}</p>;
}

function ExampleLink({ itemId, text }: { itemId: string; text: string }) {
  const { ui } = useInboxPaths();
  return <Link to={`${ui}/${itemId}`}>{excerpt(text, 160)}</Link>;
}

function PostLink({ postId }: { postId: string }) {
  const { t } = useI18n();
  const { ente } = useEnte();
  return <Link to={`/enti/${ente.slug}/post/${postId}`}>{t('inbox.recurring.openPost')}</Link>;
}

function PublishForm({ question, formId, onCancel, onDone }: { question: RecurringQuestion; formId: string; onCancel(): void; onDone(r: { postId: string; savedReply: SavedReply }): void }) {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState<{ title?: boolean; body?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const m = { title: title.trim().length < 3, body: !body.trim() };
    setMissing(m);
    if (m.title || m.body) {
      document.getElementById(m.title ? 'publish-title' : 'publish-body')?.focus();
      return;
    }
    setBusy(true);
    try {
      onDone(await api<{ postId: string; savedReply: SavedReply }>(`${base}/recurring/publish`, { method: 'POST', body: { signature: question.signature, title: title.trim(), body: body.trim() } }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <div className="mt-3">
      <h3 className="h6" tabIndex={-1} ref={heading} id={formId}>
        {t('inbox.recurring.formTitle')}
      </h3>
      <p className="small">{t('inbox.recurring.formHelp')}</p>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby={formId}>
        <TextField id="publish-title" label={t('inbox.recurring.postTitle')} value={title} onChange={setTitle} required maxLength={200} error={missing.title ? t('inbox.recurring.titleRequired') : errors.title} />
        <TextAreaField id="publish-body" label={t('inbox.recurring.postBody')} value={body} onChange={setBody} required rows={5} maxLength={20000} error={missing.body ? t('inbox.recurring.bodyRequired') : errors.body} />
        <div className="d-flex gap-2">
          <Button color="primary" type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('inbox.recurring.submit')}
          </Button>
          <Button color="secondary" outline type="button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </div>
  );
}
