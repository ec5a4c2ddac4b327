import { Button } from 'design-react-kit';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import type { Channel, CheckResult, ElectoralPeriod, Media, ParCondicio, Post, PostComment, PostUpdateBody, VariantBody } from '../api/types';
import { toApiError, useApi, type Resource } from '../api/useApi';
import { Checkbox, CheckboxGroup, SelectField, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { ActionAlert } from './ActionAlert';
import { CommentsThread } from './CommentsThread';
import { FindingsPanel } from './Findings';
import { MediaUploader } from './MediaUploader';
import { PublishingSection } from '../publishing/PublishingSection';
import { channelTitle, fromLocalInput, PostStatusBadge, toLocalInput, useChannelsAndDesks } from './shared';
import { VariantEditor, type DraftVariant } from './VariantEditor';

interface Draft {
  title: string;
  body: string;
  service: string;
  desiredAt: string;
  deskId: string;
  links: string;
  media: Media[];
  par: ParCondicio;
  variants: DraftVariant[];
}

const AFTER_SUBMIT = new Set(['in_approvazione', 'approvato', 'programmato']);
const EDITABLE = new Set(['proposta', 'in_lavorazione', 'in_approvazione', 'approvato', 'programmato', 'rifiutato']);

function variantFrom(channel: Channel, text: string, link: string, mediaIds: string[]): DraftVariant {
  return { channelId: channel.id, platform: channel.platform, channelName: channel.name, handle: channel.handle, text, link, mediaIds, scheduledAt: null };
}

function draftFrom(post: Post, channels: Channel[], prefill: boolean): Draft {
  const media = [...post.media];
  for (const v of post.variants) for (const m of v.media) if (!media.some((x) => x.id === m.id)) media.push(m);
  let variants: DraftVariant[] = post.variants.map((v) => ({
    channelId: v.channelId,
    platform: v.platform,
    channelName: v.channelName,
    handle: channels.find((c) => c.id === v.channelId)?.handle,
    text: v.text,
    link: v.link ?? '',
    mediaIds: v.media.map((m) => m.id),
    scheduledAt: v.scheduledAt,
  }));
  if (variants.length === 0 && prefill) {
    // A proposal gets one variant per requested channel, starting from the proposer's text.
    variants = post.targetChannelIds.flatMap((id) => {
      const c = channels.find((x) => x.id === id);
      return c ? [variantFrom(c, post.body, post.links[0] ?? '', post.media.map((m) => m.id))] : [];
    });
  }
  return {
    title: post.title,
    body: post.body,
    service: post.service ?? '',
    desiredAt: toLocalInput(post.desiredAt),
    deskId: post.deskId ?? '',
    links: post.links.join('\n'),
    media,
    par: { ...post.parCondicio },
    variants,
  };
}

function variantsBody(d: Draft): VariantBody[] {
  return d.variants.map((v) => ({ channelId: v.channelId, text: v.text, link: v.link.trim() || null, mediaIds: v.mediaIds.filter((id) => d.media.some((m) => m.id === id)), scheduledAt: v.scheduledAt }));
}

function updateBody(d: Draft, version: number): PostUpdateBody {
  return {
    version,
    title: d.title.trim(),
    body: d.body.trim(),
    service: d.service.trim() || null,
    desiredAt: fromLocalInput(d.desiredAt),
    deskId: d.deskId || null,
    links: d.links
      .split(/\s+/)
      .map((l) => l.trim())
      .filter(Boolean),
    mediaIds: d.media.map((m) => m.id),
    parCondicio: { impersonal: d.par.impersonal, indispensable: d.par.indispensable, reason: d.par.reason?.trim() || null },
    variants: variantsBody(d),
  };
}

const dayOf = (iso: string | null | undefined) => {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The post editor: content, one variant per channel with preview, checks, approval, scheduling, discussion. */
export default function PostEditorPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { ente } = useEnte();
  const base = entePath(ente.slug);
  const post = useApi<Post>(`${base}/posts/${encodeURIComponent(id)}`);
  const comments = useApi<{ comments: PostComment[] }>(`${base}/posts/${encodeURIComponent(id)}/comments`);
  const periods = useApi<{ periods: ElectoralPeriod[] }>(`${base}/electoral-periods`);
  const cd = useChannelsAndDesks();

  if (!post.data) {
    return (
      <>
        <PageTitle>{t('post.title')}</PageTitle>
        <ProblemAlert error={post.error} />
        {post.loading ? <Loading /> : null}
      </>
    );
  }
  if (cd.channels.length === 0 && !cd.error) {
    return (
      <>
        <PageTitle>{post.data.title}</PageTitle>
        <Loading />
      </>
    );
  }
  return <PostWorkspace post={post.data} setPost={(p) => post.setData(p)} reload={() => void post.reload()} comments={comments} reloadComments={() => void comments.reload()} periods={periods.data?.periods ?? []} cd={cd} />;
}

function PostWorkspace({
  post,
  setPost,
  reload,
  comments,
  reloadComments,
  periods,
  cd,
}: {
  post: Post;
  setPost(p: Post): void;
  reload(): void;
  comments: Resource<{ comments: PostComment[] }>;
  reloadComments(): void;
  periods: ElectoralPeriod[];
  cd: ReturnType<typeof useChannelsAndDesks>;
}) {
  const { t, label, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = `${entePath(ente.slug)}/posts/${post.id}`;
  const canEdit = can('posts.edit') && EDITABLE.has(post.status);
  const canApprove = can('posts.approve') && post.status === 'in_approvazione';
  const canSchedule = can('posts.schedule') && (post.status === 'approvato' || post.status === 'programmato');

  const pristine = useMemo(() => draftFrom(post, cd.channels, canEdit), [post, cd.channels, canEdit]);
  const [draft, setDraft] = useState<Draft>(pristine);
  useEffect(() => setDraft(pristine), [pristine]);
  const dirty = useMemo(() => JSON.stringify(updateBody(draft, 1)) !== JSON.stringify(updateBody(draftFrom(post, cd.channels, false), 1)), [draft, post, cd.channels]);

  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<{ error: ApiError; title: string }>();
  const [check, setCheck] = useState<{ result: CheckResult; texts: Record<string, string> }>();
  const [rejectComment, setRejectComment] = useState('');
  const [rejectError, setRejectError] = useState<string>();
  const [parError, setParError] = useState<string>();
  const [schedules, setSchedules] = useState<Record<string, string>>({});
  const findingsRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const next: Record<string, string> = {};
    for (const v of post.variants) next[v.channelId] = toLocalInput(v.scheduledAt ?? post.desiredAt);
    setSchedules(next);
  }, [post]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setVariant = (next: DraftVariant) => setDraft((d) => ({ ...d, variants: d.variants.map((v) => (v.channelId === next.channelId ? next : v)) }));
  const currentTexts = Object.fromEntries(draft.variants.map((v) => [v.channelId, v.text]));

  const dates = [draft.desiredAt ? dayOf(fromLocalInput(draft.desiredAt)) : null, ...draft.variants.map((v) => dayOf(v.scheduledAt)), ...Object.values(schedules).map((s) => dayOf(fromLocalInput(s)))].filter(
    (d): d is string => d !== null,
  );
  const period = periods.find((p) => dates.some((d) => d >= p.start && d <= p.effectiveEnd));
  const parFinding = check?.result.results.some((r) => r.findings.some((f) => f.ruleId.startsWith('par_condicio')));
  const parApplies = Boolean(period || parFinding || post.parCondicio.impersonal || post.parCondicio.indispensable);

  /** Runs an action with a busy flag, a success message and an error with its title. */
  const run = async (name: string, errorTitle: string, fn: () => Promise<string | undefined>) => {
    setBusy(name);
    setMessage(undefined);
    setError(undefined);
    try {
      const msg = await fn();
      if (msg) setMessage(msg);
    } catch (err) {
      setError({ error: toApiError(err), title: errorTitle });
    } finally {
      setBusy(null);
    }
  };

  const validateLocal = (): boolean => {
    if (parApplies && (draft.par.impersonal || draft.par.indispensable) && !draft.par.reason?.trim()) {
      setParError(t('par.reasonRequired'));
      document.getElementById('par-reason')?.focus();
      return false;
    }
    setParError(undefined);
    return true;
  };

  const save = async (): Promise<Post> => {
    const updated = await api<Post>(base, { method: 'PATCH', body: updateBody(draft, post.version) });
    setPost(updated);
    return updated;
  };

  const runCheck = async (): Promise<CheckResult> => {
    const texts = { ...currentTexts };
    const result = await api<CheckResult>(`${base}/check`, { method: 'POST', body: { variants: variantsBody(draft) } });
    setCheck({ result, texts });
    return result;
  };

  const onSave = () => {
    if (!validateLocal()) return;
    void run('save', t('post.saveFailed'), async () => {
      await save();
      return t('common.saved');
    });
  };

  const onCheck = () =>
    void run('check', t('post.checkFailed'), async () => {
      const result = await runCheck();
      requestAnimationFrame(() => findingsRef.current?.focus());
      return result.blocking ? t('post.checkedBlocking') : t('post.checkedOk');
    });

  const onSubmit = () => {
    if (!validateLocal()) return;
    void run('submit', t('post.submitFailed'), async () => {
      const current = dirty || post.status !== 'in_lavorazione' ? await save() : post;
      try {
        const res = await api<{ post: Post; results: CheckResult['results'] }>(`${base}/submit`, { method: 'POST', body: { version: current.version } });
        setPost(res.post);
        setCheck({ result: { blocking: false, results: res.results }, texts: { ...currentTexts } });
        return t('post.submitted');
      } catch (err) {
        const e = toApiError(err);
        if (e.code === 'blocking_findings') await runCheck().catch(() => undefined);
        throw e;
      }
    });
  };

  const onApprove = () =>
    void run('approve', t('approve.failed'), async () => {
      try {
        const updated = await api<Post>(`${base}/approve`, { method: 'POST', body: { version: post.version } });
        setPost(updated);
        return updated.status === 'approvato' ? t('approve.done') : t('approve.partial');
      } catch (err) {
        const e = toApiError(err);
        if (e.code === 'self_approval' || e.code === 'already_approved') setError({ error: e, title: t('approve.fourEyesTitle') });
        else throw e;
        return undefined;
      }
    });

  const onReject = () => {
    if (rejectComment.trim().length < 3) {
      setRejectError(t('reject.commentRequired'));
      document.getElementById('reject-comment')?.focus();
      return;
    }
    setRejectError(undefined);
    void run('reject', t('reject.failed'), async () => {
      const res = await api<{ post: Post; comment: PostComment }>(`${base}/reject`, { method: 'POST', body: { version: post.version, comment: rejectComment.trim() } });
      setPost(res.post);
      setRejectComment('');
      reloadComments();
      return t('reject.done');
    });
  };

  const onSchedule = () =>
    void run('schedule', t('schedule.failed'), async () => {
      const list = post.variants.map((v) => ({ channelId: v.channelId, at: fromLocalInput(schedules[v.channelId] ?? '') })).filter((s): s is { channelId: string; at: string } => s.at !== null);
      if (list.length === 0) throw toApiError(new Error(t('schedule.none')));
      const updated = await api<Post>(`${base}/schedule`, { method: 'POST', body: { version: post.version, schedules: list } });
      setPost(updated);
      return updated.status === 'programmato' ? t('schedule.done') : t('schedule.partial');
    });

  const toggleChannel = (ids: string[]) =>
    setDraft((d) => {
      const kept = d.variants.filter((v) => ids.includes(v.channelId));
      const added = ids
        .filter((cid) => !d.variants.some((v) => v.channelId === cid))
        .flatMap((cid) => {
          const c = cd.channelById(cid);
          return c ? [variantFrom(c, d.body, d.links.split(/\s+/).filter(Boolean)[0] ?? '', d.media.map((m) => m.id))] : [];
        });
      return { ...d, variants: [...kept, ...added] };
    });

  const selectable = cd.channels.filter((c) => c.status === 'attivo' || draft.variants.some((v) => v.channelId === c.id));
  const requested = post.letRedazioneDecide ? t('post.letRedazioneDecide') : post.targetChannelIds.map((cid) => (cd.channelById(cid) ? channelTitle(label, cd.channelById(cid)!) : cid)).join(', ') || '—';

  return (
    <>
      <p className="mb-2">
        <Link to={`/enti/${ente.slug}/post`}>{t('post.backToList')}</Link>
      </p>
      <PageTitle>{post.title}</PageTitle>
      <p className="d-flex flex-wrap align-items-center gap-2">
        <PostStatusBadge status={post.status} />
        <span>
          {t('post.by', { name: post.author.name })}
          {post.service ? ` · ${post.service}` : ''} · {t('post.version', { version: post.version })}
        </span>
      </p>

      <StatusMessage>{message}</StatusMessage>
      <ActionAlert error={error?.error} title={error?.title} onReload={reload} />

      {canEdit ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
          aria-label={t('post.editForm')}
        >
          <section aria-labelledby="content-title" className="rdz-panel mb-4">
            <h2 id="content-title" className="h4">
              {t('post.content')}
            </h2>
            <p className="small">{t('post.requested', { channels: requested })}</p>
            <div className="rdz-form">
              <TextField id="post-title" label={t('proposals.fieldTitle')} value={draft.title} onChange={(v) => set('title', v)} required maxLength={200} />
              <TextAreaField id="post-body" label={t('post.baseText')} value={draft.body} onChange={(v) => set('body', v)} rows={4} help={t('post.baseTextHelp')} />
              <div className="row">
                <div className="col-md-4">
                  <TextField id="post-service" label={`${t('proposals.fieldService')} ${t('common.optional')}`} value={draft.service} onChange={(v) => set('service', v)} />
                </div>
                <div className="col-md-4">
                  <TextField id="post-desired" type="datetime-local" label={`${t('proposals.fieldDesired')} ${t('common.optional')}`} value={draft.desiredAt} onChange={(v) => set('desiredAt', v)} />
                </div>
                <div className="col-md-4">
                  <SelectField id="post-desk" label={t('posts.colDesk')} value={draft.deskId} onChange={(v) => set('deskId', v)} placeholder={t('channels.noDesk')} options={cd.desks.map((d) => ({ value: d.id, label: d.name }))} />
                </div>
              </div>
              <TextAreaField id="post-links" label={`${t('proposals.fieldLinks')} ${t('common.optional')}`} value={draft.links} onChange={(v) => set('links', v)} rows={2} help={t('proposals.fieldLinksHelp')} />
              <MediaUploader idPrefix="post-media" media={draft.media} onChange={(m) => set('media', m)} />
            </div>
          </section>

          <section aria-labelledby="variants-title" className="mb-4">
            <h2 id="variants-title" className="h4">
              {t('post.variants')}
            </h2>
            <p>{t('post.variantsIntro')}</p>
            <CheckboxGroup id="post-channels" legend={t('post.channelsLegend')} inline options={selectable.map((c) => ({ value: c.id, label: channelTitle(label, c) }))} value={draft.variants.map((v) => v.channelId)} onChange={toggleChannel} />
            {draft.variants.length === 0 ? <p>{t('post.noVariantsYet')}</p> : null}
            {draft.variants.map((v) => (
              <VariantEditor key={v.channelId} variant={v} media={draft.media} readOnly={false} onChange={setVariant} />
            ))}
          </section>

          {parApplies ? (
            <ParCondicioFields par={draft.par} onChange={(p) => set('par', p)} period={period} error={parError} />
          ) : (
            <p className="small">
              {t('par.notApplicable')} <Link to={`/enti/${ente.slug}/par-condicio`}>{t('par.periodsLink')}</Link>
            </p>
          )}

          <div className="d-flex flex-wrap gap-2 my-4">
            <Button color="primary" outline type="submit" disabled={busy !== null}>
              {busy === 'save' ? t('common.saving') : t('post.save')}
            </Button>
            <Button color="primary" outline type="button" disabled={busy !== null} onClick={onCheck}>
              {busy === 'check' ? t('post.checking') : t('post.check')}
            </Button>
            {dirty || !AFTER_SUBMIT.has(post.status) ? (
              <Button color="primary" type="button" disabled={busy !== null || draft.variants.length === 0} onClick={onSubmit}>
                {busy === 'submit' ? t('post.submitting') : t('post.submit')}
              </Button>
            ) : null}
          </div>
          {AFTER_SUBMIT.has(post.status) ? <p className="small">{t('post.editDropsApprovals')}</p> : null}
          {dirty ? <p className="small">{t('post.unsaved')}</p> : null}
        </form>
      ) : (
        <ReadOnlyPost post={post} draft={draft} requested={requested} />
      )}

      <section aria-labelledby="findings-title" className="mb-4">
        <h2 id="findings-title" className="h4" tabIndex={-1} ref={findingsRef}>
          {t('findings.title')}
        </h2>
        {check ? <FindingsPanel result={check.result} texts={check.texts} currentTexts={currentTexts} /> : <p>{canEdit ? t('findings.notRun') : t('findings.notRunReadOnly')}</p>}
        {!canEdit && !check ? (
          <Button color="primary" outline size="sm" type="button" disabled={busy !== null || post.variants.length === 0} onClick={onCheck}>
            {busy === 'check' ? t('post.checking') : t('post.check')}
          </Button>
        ) : null}
      </section>

      {canApprove ? (
        <section aria-labelledby="approval-title" className="rdz-panel mb-4">
          <h2 id="approval-title" className="h4">
            {t('approve.title')}
          </h2>
          <p>{t('approve.intro', { count: post.approvalsRequired })}</p>
          <ul>
            {post.variants.map((v) => (
              <li key={v.channelId}>
                {channelTitle(label, v)}: {v.approvalsMissing > 0 ? t('approve.missing', { count: v.approvalsMissing }) : t('approve.complete')}
                {v.approvals.length ? ` (${v.approvals.map((a) => a.approverName).join(', ')})` : ''}
              </li>
            ))}
          </ul>
          <Button color="success" type="button" disabled={busy !== null} onClick={onApprove}>
            {busy === 'approve' ? t('approve.approving') : t('approve.approve')}
          </Button>
          <div className="rdz-form mt-4">
            <TextAreaField id="reject-comment" label={t('reject.comment')} value={rejectComment} onChange={setRejectComment} rows={3} required help={t('reject.commentHelp')} error={rejectError} maxLength={5000} />
            <Button color="danger" outline type="button" disabled={busy !== null} onClick={onReject}>
              {busy === 'reject' ? t('reject.rejecting') : t('reject.reject')}
            </Button>
          </div>
        </section>
      ) : null}

      {canSchedule ? (
        <section aria-labelledby="schedule-title" className="rdz-panel mb-4">
          <h2 id="schedule-title" className="h4">
            {t('schedule.title')}
          </h2>
          <p>{t('schedule.intro')}</p>
          <div className="rdz-form">
            {post.variants.map((v) => (
              <TextField
                key={v.channelId}
                id={`schedule-${v.channelId}`}
                type="datetime-local"
                label={t('schedule.when', { channel: channelTitle(label, v) })}
                value={schedules[v.channelId] ?? ''}
                onChange={(val) => setSchedules((s) => ({ ...s, [v.channelId]: val }))}
                help={v.scheduledAt ? t('schedule.current', { date: formatDate(v.scheduledAt) }) : undefined}
              />
            ))}
          </div>
          <Button color="primary" type="button" disabled={busy !== null} onClick={onSchedule}>
            {busy === 'schedule' ? t('schedule.scheduling') : t('schedule.schedule')}
          </Button>
        </section>
      ) : null}

      <PublishingSection post={post} onPostChanged={reload} />

      <CommentsThread postId={post.id} comments={comments} />

      <section aria-labelledby="history-title" className="mb-4">
        <h2 id="history-title" className="h4">
          {t('history.title')}
        </h2>
        <ul>
          <li>{t('history.created', { date: formatDate(post.createdAt), name: post.author.name })}</li>
          {post.submittedAt ? <li>{t('history.submitted', { date: formatDate(post.submittedAt) })}</li> : null}
          {post.variants.flatMap((v) =>
            v.approvals.map((a) => (
              <li key={`${v.channelId}-${a.approverId}`}>{t('history.approvedBy', { channel: channelTitle(label, v), name: a.approverName, date: formatDate(a.at) })}</li>
            )),
          )}
          {post.approvedAt ? <li>{t('history.approved', { date: formatDate(post.approvedAt) })}</li> : null}
          {post.variants
            .filter((v) => v.scheduledAt && (post.status === 'programmato' || post.status === 'approvato' || post.status === 'pubblicato'))
            .map((v) => (
              <li key={`s-${v.channelId}`}>{t('history.scheduled', { channel: channelTitle(label, v), date: formatDate(v.scheduledAt) })}</li>
            ))}
          <li>{t('history.updated', { date: formatDate(post.updatedAt), name: post.lastEditor.name })}</li>
        </ul>
      </section>
    </>
  );
}

function ParCondicioFields({ par, onChange, period, error }: { par: ParCondicio; onChange(p: ParCondicio): void; period: ElectoralPeriod | undefined; error?: string }) {
  const { t, formatDate } = useI18n();
  const { ente } = useEnte();
  return (
    <section aria-labelledby="par-title" className="rdz-panel mb-4">
      <h2 id="par-title" className="h4">
        {t('par.title')}
      </h2>
      <p>
        {period ? t('par.applies', { name: period.name, start: formatDate(period.start, false), end: formatDate(period.effectiveEnd, false) }) : t('par.appliesGeneric')} {t('par.law')}{' '}
        <Link to={`/enti/${ente.slug}/par-condicio`}>{t('par.periodsLink')}</Link>
      </p>
      <Checkbox id="par-impersonal" label={t('par.impersonal')} checked={par.impersonal} onChange={(v) => onChange({ ...par, impersonal: v })} />
      <Checkbox id="par-indispensable" label={t('par.indispensable')} checked={par.indispensable} onChange={(v) => onChange({ ...par, indispensable: v })} />
      <div className="rdz-form">
        <TextAreaField id="par-reason" label={t('par.reason')} value={par.reason ?? ''} onChange={(v) => onChange({ ...par, reason: v })} rows={3} help={t('par.reasonHelp')} error={error} maxLength={2000} />
      </div>
    </section>
  );
}

function ReadOnlyPost({ post, draft, requested }: { post: Post; draft: Draft; requested: string }) {
  const { t, formatDate } = useI18n();
  return (
    <>
      <section aria-labelledby="content-title" className="rdz-panel mb-4">
        <h2 id="content-title" className="h4">
          {t('post.content')}
        </h2>
        <dl className="row mb-0">
          <dt className="col-sm-3">{t('post.baseText')}</dt>
          <dd className="col-sm-9" style={{ whiteSpace: 'pre-wrap' }}>
            {post.body}
          </dd>
          <dt className="col-sm-3">{t('proposals.fieldService')}</dt>
          <dd className="col-sm-9">{post.service ?? '—'}</dd>
          <dt className="col-sm-3">{t('proposals.fieldDesired')}</dt>
          <dd className="col-sm-9">{post.desiredAt ? formatDate(post.desiredAt) : '—'}</dd>
          <dt className="col-sm-3">{t('proposals.channelsLegend')}</dt>
          <dd className="col-sm-9">{requested}</dd>
          <dt className="col-sm-3">{t('proposals.fieldLinks')}</dt>
          <dd className="col-sm-9">{post.links.length ? post.links.join(' ') : '—'}</dd>
          <dt className="col-sm-3">{t('media.legend')}</dt>
          <dd className="col-sm-9">{post.media.length ? post.media.map((m) => `${m.filename} (${t('media.altShown')}: ${m.altText ?? t('media.noAlt')})`).join('; ') : '—'}</dd>
        </dl>
      </section>
      <section aria-labelledby="variants-title" className="mb-4">
        <h2 id="variants-title" className="h4">
          {t('post.variants')}
        </h2>
        {draft.variants.length === 0 ? <p>{t('post.noVariantsReadOnly')}</p> : null}
        {draft.variants.map((v) => (
          <VariantEditor key={v.channelId} variant={v} media={draft.media} readOnly onChange={() => undefined} />
        ))}
      </section>
    </>
  );
}
