import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { PostComment } from '../api/types';
import { toApiError, type Resource } from '../api/useApi';
import { TextAreaField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';

/** The staff's discussion on a post, oldest first, rejections marked; a form to add to it. */
export function CommentsThread({ postId, comments }: { postId: string; comments: Resource<{ comments: PostComment[] }> }) {
  const { t, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [localError, setLocalError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!body.trim()) {
      setLocalError(t('error.required'));
      document.getElementById('comment-body')?.focus();
      return;
    }
    setLocalError(undefined);
    setBusy(true);
    try {
      const created = await api<PostComment>(`${entePath(ente.slug)}/posts/${postId}/comments`, { method: 'POST', body: { body: body.trim() } });
      comments.setData((prev) => ({ comments: [...(prev?.comments ?? []), created] }));
      setBody('');
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const list = comments.data?.comments ?? [];
  return (
    <section aria-labelledby="comments-title" className="rdz-panel my-4">
      <h2 id="comments-title" className="h4">
        {t('comments.title')}
      </h2>
      <p className="small">{t('comments.intro')}</p>
      <ProblemAlert error={comments.error} />
      {comments.loading && !comments.data ? <Loading /> : null}
      {comments.data && list.length === 0 ? <p>{t('comments.empty')}</p> : null}
      {list.length ? (
        <ol className="rdz-comments">
          {list.map((c) => (
            <li key={c.id} className={c.kind === 'rejection' ? 'rdz-comment-rejection' : undefined}>
              <p className="mb-1">
                <strong>{c.author.name}</strong>, <time dateTime={c.createdAt}>{formatDate(c.createdAt)}</time>
                {c.kind === 'rejection' ? <strong> — {t('comments.rejection')}</strong> : null}
              </p>
              <p className="mb-0" style={{ whiteSpace: 'pre-wrap' }}>
                {c.body}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {can('posts.comment') ? (
        <form onSubmit={submit} noValidate className="rdz-form" aria-label={t('comments.add')}>
          <TextAreaField id="comment-body" label={t('comments.add')} value={body} onChange={setBody} rows={3} maxLength={5000} required error={localError} />
          <ProblemAlert error={error} />
          <Button color="primary" outline type="submit" disabled={busy}>
            {busy ? t('comments.sending') : t('comments.send')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
