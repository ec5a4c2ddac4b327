import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { AssignForm, NoteForm } from './AssignNoteForms';
import { CloseSurvey } from './CloseSurvey';
import { ModerateForm } from './ModerateForm';
import { OutcomeMessage, type Outcome } from './Outcome';
import { ReplyForm } from './ReplyForm';
import { DeadlineBadge, ItemFlags, ItemStatusBadge, useChannelLabel, useInboxPaths } from './shared';
import type { InboxThread, ThreadItem } from './types';
import { useDirectory } from './useDirectory';

/** Thread items in reading order: each item followed by the replies to it, in order of arrival. */
export function readingOrder(items: ThreadItem[]): { item: ThreadItem; depth: number }[] {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string, ThreadItem[]>();
  for (const i of items) {
    if (i.parentId && ids.has(i.parentId) && i.parentId !== i.id) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i]);
  }
  const out: { item: ThreadItem; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (i: ThreadItem, depth: number) => {
    if (seen.has(i.id)) return;
    seen.add(i.id);
    out.push({ item: i, depth });
    for (const c of children.get(i.id) ?? []) walk(c, depth + 1);
  };
  for (const i of items) if (!i.parentId || !ids.has(i.parentId)) walk(i, 0);
  for (const i of items) walk(i, 0); // anything left in a cycle
  return out;
}

/**
 * One thread: the comments under a post (or the private conversation) with the office's replies
 * in order and the internal notes; the actions (reply, assign, note, moderate, close, survey)
 * apply to the item in the address, and another item of the thread can be chosen.
 */
export function ThreadPage() {
  const { itemId = '' } = useParams();
  const { t, label, formatDate } = useI18n();
  const { api: base, ui } = useInboxPaths();
  const { can } = useEnte();
  const dir = useDirectory();
  const channelLabel = useChannelLabel();
  const thread = useApi<InboxThread>(`${base}/items/${encodeURIComponent(itemId)}/thread`);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [outcomeFor, setOutcomeFor] = useState(itemId);
  if (outcomeFor !== itemId) {
    setOutcomeFor(itemId);
    setOutcome(null);
  }

  const data = thread.data;
  const selected = data?.items.find((i) => i.id === itemId);
  const done = (o: Outcome) => {
    setOutcome(o);
    void thread.reload();
  };
  const title = selected
    ? t(selected.kind === 'message' ? 'inbox.thread.titleMessage' : 'inbox.thread.titleComment', { name: selected.author.name })
    : t('inbox.thread.title');

  return (
    <>
      <PageTitle sub={selected ? `${channelLabel(selected.channel)} · ${label('inbox.kind', selected.kind)}` : undefined}>{title}</PageTitle>
      <p>
        <Link to={ui}>{t('inbox.thread.back')}</Link>
      </p>
      <ProblemAlert error={thread.error} />
      {thread.loading && !data ? <Loading /> : null}
      {data ? (
        <div className="row">
          <section aria-labelledby="thread-title" className="col-lg-6 mb-4">
            <h2 id="thread-title" className="h4">
              {data.kind === 'message' ? t('inbox.thread.conversation') : t('inbox.thread.comments')}
            </h2>
            <p className="small">{t('inbox.thread.ref', { ref: data.threadRef, count: data.items.length })}</p>
            <ol className="rdz-thread" aria-labelledby="thread-title">
              {readingOrder(data.items).map(({ item: i, depth }) => {
                const cls = ['rdz-thread-item', i.direction === 'out' ? 'rdz-out' : depth > 0 ? 'rdz-nested' : '', i.id === itemId ? 'rdz-selected' : '', i.status === 'hidden' ? 'rdz-hidden-item' : ''].filter(Boolean).join(' ');
                return (
                  <li key={i.id} className={cls} aria-current={i.id === itemId ? 'true' : undefined}>
                    <article aria-label={t(i.direction === 'out' ? 'inbox.thread.replyBy' : 'inbox.thread.itemBy', { name: i.author.name, date: formatDate(i.receivedAt) })}>
                      <div className="rdz-thread-meta">
                        <strong>{i.author.name}</strong>
                        {i.direction === 'out' ? <span className="rdz-pill rdz-status-info">{t('inbox.thread.ours')}</span> : null}
                        <time dateTime={i.receivedAt}>{formatDate(i.receivedAt)}</time>
                        {i.direction === 'in' ? <ItemStatusBadge status={i.status} /> : null}
                        {i.direction === 'in' && i.status !== 'hidden' ? <DeadlineBadge item={i} /> : null}
                      </div>
                      <p className="rdz-inbox-text my-2">{i.text}</p>
                      <ItemFlags item={i} />
                      {i.platformState !== 'visible' ? <p className="small mb-1">{label('inbox.platformState', i.platformState)}</p> : null}
                      {i.moderation.clauseNumber && i.direction === 'in' ? <p className="small mb-1">{t('inbox.thread.clause', { clause: i.moderation.clauseNumber })}</p> : null}
                      {i.deskId || i.assigneeId ? (
                        <p className="small mb-1">{[dir.deskName(i.deskId) ? t('inbox.deskIs', { name: dir.deskName(i.deskId)! }) : '', dir.personName(i.assigneeId) ? t('inbox.personIs', { name: dir.personName(i.assigneeId)! }) : ''].filter(Boolean).join(' · ')}</p>
                      ) : null}
                      <div className="d-flex flex-wrap gap-3 small">
                        {i.url ? (
                          <a href={i.url} target="_blank" rel="noreferrer">
                            {t('inbox.thread.openOnPlatform', { channel: label('platform', i.channel.platform) })}
                          </a>
                        ) : null}
                        {i.direction === 'in' && i.id !== itemId ? (
                          <Link to={`${ui}/${i.id}`}>
                            {t('inbox.thread.select')}
                            <span className="visually-hidden"> {t('inbox.thread.selectWhich', { name: i.author.name, date: formatDate(i.receivedAt) })}</span>
                          </Link>
                        ) : null}
                      </div>
                      {i.notes.length ? (
                        <ul className="rdz-notes" aria-label={t('inbox.thread.notes', { name: i.author.name })}>
                          {i.notes.map((n) => (
                            <li key={n.id}>
                              <span className="fw-semibold">{t('inbox.thread.noteBy', { name: n.authorName, date: formatDate(n.createdAt) })}</span> {n.text}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </article>
                  </li>
                );
              })}
            </ol>
          </section>

          {selected && selected.direction === 'in' ? (
            <section aria-labelledby="actions-title" className="col-lg-6 mb-4 rdz-inbox-actions">
              <h2 id="actions-title" className="h4">
                {t('inbox.actions.title', { name: selected.author.name })}
              </h2>
              <blockquote className="rdz-comment">{selected.text}</blockquote>
              <OutcomeMessage outcome={outcome} />
              {selected.erased ? <p>{t('inbox.actions.erased')}</p> : null}
              {can('inbox.reply') && !selected.erased ? <ReplyForm key={`reply-${selected.id}`} item={selected} onDone={done} /> : null}
              {can('inbox.moderate') ? <ModerateForm key={`mod-${selected.id}-${selected.status}-${selected.platformState}`} item={selected} onDone={done} /> : null}
              {can('inbox.reply') ? <AssignForm key={`assign-${selected.id}`} item={selected} onDone={done} /> : null}
              {can('inbox.reply') ? <NoteForm key={`note-${selected.id}`} item={selected} onDone={done} /> : null}
              {can('inbox.reply') && !selected.erased ? <CloseSurvey key={`close-${selected.id}-${selected.status}`} item={selected} onDone={done} /> : null}
              {can('inbox.privacy') && !selected.erased ? (
                <p>
                  <Link to={`${ui}/privacy?canale=${selected.channel.id}&autore=${encodeURIComponent(selected.author.platformId)}`}>{t('inbox.actions.privacy', { name: selected.author.name })}</Link>
                </p>
              ) : null}
              {!can('inbox.reply') && !can('inbox.moderate') ? <p>{t('inbox.actions.readOnly')}</p> : null}
            </section>
          ) : selected ? (
            <div className="col-lg-6">
              <p>{t('inbox.actions.ours')}</p>
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
