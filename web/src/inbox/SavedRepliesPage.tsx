import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { InboxNav, useInboxPaths } from './shared';
import type { SavedReply } from './types';

/** Saved replies in Italian: read them, add new ones, edit them (a stale edit is refused). */
export function SavedRepliesPage() {
  const { t, formatDate } = useI18n();
  const { api: base } = useInboxPaths();
  const { ente, can } = useEnte();
  const list = useApi<{ replies: SavedReply[] }>(`${base}/saved-replies`);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<string>();
  const replies = list.data?.replies ?? [];
  const editable = can('inbox.reply');

  return (
    <>
      <PageTitle sub={t('inbox.saved.intro')}>{t('inbox.saved.title')}</PageTitle>
      <InboxNav />
      <StatusMessage>{status}</StatusMessage>
      <ProblemAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {editable && !creating ? (
        <Button
          color="primary"
          className="mb-4"
          type="button"
          onClick={() => {
            setStatus(undefined);
            setEditing(null);
            setCreating(true);
          }}
        >
          {t('inbox.saved.new')}
        </Button>
      ) : null}
      {creating ? (
        <SavedReplyForm
          formId="saved-new"
          base={base}
          onCancel={() => setCreating(false)}
          onDone={(r) => {
            setCreating(false);
            setStatus(t('inbox.saved.created', { title: r.title }));
            void list.reload();
          }}
        />
      ) : null}
      {list.data && replies.length === 0 ? <p>{t('inbox.saved.empty')}</p> : null}
      <ul className="list-unstyled">
        {replies.map((r, k) => (
          <li key={r.id} className="rdz-panel mb-3">
            {editing === r.id ? (
              <SavedReplyForm
                formId={`saved-edit-${k}`}
                base={base}
                reply={r}
                onCancel={() => setEditing(null)}
                onDone={(u) => {
                  setEditing(null);
                  setStatus(t('inbox.saved.updated', { title: u.title }));
                  list.setData((prev) => ({ replies: (prev?.replies ?? []).map((x) => (x.id === u.id ? u : x)) }));
                }}
              />
            ) : (
              <article aria-labelledby={`saved-${k}`}>
                <h2 id={`saved-${k}`} className="h5">
                  {r.title}
                </h2>
                <p className="rdz-inbox-text">{r.body}</p>
                <p className="small mb-2">
                  {r.category ? `${t('inbox.saved.category')}: ${r.category} · ` : ''}
                  {t('inbox.saved.updatedAt', { date: formatDate(r.updatedAt) })}
                  {r.postId ? (
                    <>
                      {' · '}
                      <Link to={`/enti/${ente.slug}/post/${r.postId}`}>{t('inbox.saved.post')}</Link>
                    </>
                  ) : null}
                </p>
                {editable ? (
                  <Button
                    color="primary"
                    outline
                    size="sm"
                    type="button"
                    aria-label={t('inbox.saved.editLabel', { title: r.title })}
                    onClick={() => {
                      setStatus(undefined);
                      setCreating(false);
                      setEditing(r.id);
                    }}
                  >
                    {t('common.edit')}
                  </Button>
                ) : null}
              </article>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function SavedReplyForm({ formId, base, reply, onCancel, onDone }: { formId: string; base: string; reply?: SavedReply; onCancel(): void; onDone(r: SavedReply): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(reply?.title ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const [category, setCategory] = useState(reply?.category ?? '');
  const [missing, setMissing] = useState<{ title?: boolean; body?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const m = { title: title.trim().length < 2, body: !body.trim() };
    setMissing(m);
    if (m.title || m.body) {
      document.getElementById(`${formId}-${m.title ? 'title' : 'body'}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const payload = { title: title.trim(), body: body.trim(), category: category.trim() || null };
      onDone(
        reply
          ? await api<SavedReply>(`${base}/saved-replies/${reply.id}`, { method: 'PATCH', body: { ...payload, version: reply.version } })
          : await api<SavedReply>(`${base}/saved-replies`, { method: 'POST', body: payload }),
      );
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <section aria-labelledby={formId} className="mb-4">
      <h2 id={formId} className="h5" tabIndex={-1} ref={heading}>
        {reply ? t('inbox.saved.editTitle', { title: reply.title }) : t('inbox.saved.newTitle')}
      </h2>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby={formId}>
        <TextField id={`${formId}-title`} label={t('inbox.saved.titleField')} value={title} onChange={setTitle} required maxLength={200} error={missing.title ? t('inbox.saved.titleRequired') : errors.title} />
        <TextAreaField id={`${formId}-body`} label={t('inbox.saved.bodyField')} value={body} onChange={setBody} required rows={5} maxLength={8000} help={t('inbox.saved.bodyHelp')} error={missing.body ? t('inbox.saved.bodyRequired') : errors.body} />
        <TextField id={`${formId}-category`} label={`${t('inbox.saved.category')} ${t('common.optional')}`} value={category} onChange={setCategory} maxLength={40} error={errors.category} />
        <div className="d-flex gap-2">
          <Button color="primary" type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </Button>
          <Button color="secondary" outline type="button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </section>
  );
}
