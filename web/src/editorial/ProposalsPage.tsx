import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import type { Media, Post, PostList, ProposalBody } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { Checkbox, CheckboxGroup, fieldErrors, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { MediaUploader } from './MediaUploader';
import { PostsTable } from './PostsTable';
import { fromLocalInput, useChannelsAndDesks } from './shared';

interface FormState {
  title: string;
  body: string;
  service: string;
  desiredAt: string;
  letRedazioneDecide: boolean;
  channelIds: string[];
  links: string;
  media: Media[];
}

const EMPTY: FormState = { title: '', body: '', service: '', desiredAt: '', letRedazioneDecide: false, channelIds: [], links: '', media: [] };

/** Proposals: a Responsabile di Servizio proposes content and follows the state of their own. */
export default function ProposalsPage() {
  const { t, label } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const mine = useApi<PostList>(`${base}/posts?mine=true&limit=100`);
  const pending = useApi<PostList>(can('posts.read') ? `${base}/proposals?limit=100` : null);
  const { channels } = useChannelsAndDesks();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Post>();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (form.title.trim().length < 3) errs.title = t('proposals.titleShort');
    if (!form.body.trim()) errs.body = t('error.required');
    if (!form.letRedazioneDecide && form.channelIds.length === 0) errs.channels = t('proposals.channelsRequired');
    const missingAlt = form.media.find((m) => !m.altText?.trim());
    if (missingAlt) errs.media = t('media.altRequired');
    setLocal(errs);
    setError(undefined);
    setCreated(undefined);
    if (Object.keys(errs).length) {
      const first = errs.title ? 'proposal-title' : errs.body ? 'proposal-body' : errs.channels ? 'proposal-channels-decide' : 'proposal-media-file';
      document.getElementById(first)?.focus();
      return;
    }
    const body: ProposalBody = {
      title: form.title.trim(),
      body: form.body.trim(),
      service: form.service.trim() || null,
      desiredAt: fromLocalInput(form.desiredAt),
      targetChannelIds: form.letRedazioneDecide ? [] : form.channelIds,
      letRedazioneDecide: form.letRedazioneDecide,
      links: form.links
        .split(/\s+/)
        .map((l) => l.trim())
        .filter(Boolean),
      mediaIds: form.media.map((m) => m.id),
    };
    setBusy(true);
    try {
      const post = await api<Post>(`${base}/proposals`, { method: 'POST', body });
      setCreated(post);
      setForm(EMPTY);
      await mine.reload();
      if (pending.data) await pending.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const server = fieldErrors(error);
  const errs = { ...server, ...local };
  const activeChannels = channels.filter((c) => c.status === 'attivo' || form.channelIds.includes(c.id));

  return (
    <>
      <PageTitle sub={t('proposals.intro')}>{t('proposals.title')}</PageTitle>

      {can('posts.propose') ? (
        <section aria-labelledby="new-proposal-title" className="rdz-panel mb-5">
          <h2 id="new-proposal-title" className="h4">
            {t('proposals.new')}
          </h2>
          <StatusMessage>{created ? t('proposals.created', { title: created.title }) : null}</StatusMessage>
          {created ? (
            <p>
              <Link to={`/enti/${ente.slug}/post/${created.id}`}>{t('proposals.openCreated', { title: created.title })}</Link>
            </p>
          ) : null}
          <ProblemAlert error={error} />
          <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="new-proposal-title">
            <TextField id="proposal-title" label={t('proposals.fieldTitle')} value={form.title} onChange={(v) => set('title', v)} required maxLength={200} error={errs.title} />
            <TextAreaField id="proposal-body" label={t('proposals.fieldBody')} value={form.body} onChange={(v) => set('body', v)} required rows={6} help={t('proposals.fieldBodyHelp')} error={errs.body} />
            <TextField id="proposal-service" label={`${t('proposals.fieldService')} ${t('common.optional')}`} value={form.service} onChange={(v) => set('service', v)} help={t('proposals.fieldServiceHelp')} maxLength={200} error={errs.service} />
            <TextField id="proposal-desired" type="datetime-local" label={`${t('proposals.fieldDesired')} ${t('common.optional')}`} value={form.desiredAt} onChange={(v) => set('desiredAt', v)} error={errs.desiredAt} />
            <fieldset className="rdz-fieldset" aria-describedby={errs.channels ? 'proposal-channels-error' : undefined}>
              <legend className="rdz-legend">{t('proposals.channelsLegend')}</legend>
              <Checkbox id="proposal-channels-decide" label={t('proposals.letRedazioneDecide')} checked={form.letRedazioneDecide} onChange={(v) => set('letRedazioneDecide', v)} help={t('proposals.letRedazioneDecideHelp')} />
              {!form.letRedazioneDecide ? (
                <CheckboxGroup
                  id="proposal-channels"
                  legend={t('proposals.channelsWanted')}
                  options={activeChannels.map((c) => ({ value: c.id, label: `${label('platform', c.platform)} · ${c.name}` }))}
                  value={form.channelIds}
                  onChange={(v) => set('channelIds', v)}
                />
              ) : null}
              {errs.channels ? (
                <div id="proposal-channels-error" className="invalid-feedback d-block">
                  {errs.channels}
                </div>
              ) : null}
            </fieldset>
            <MediaUploader idPrefix="proposal-media" media={form.media} onChange={(m) => set('media', m)} />
            {errs.media ? <div className="invalid-feedback d-block">{errs.media}</div> : null}
            <TextAreaField id="proposal-links" label={`${t('proposals.fieldLinks')} ${t('common.optional')}`} value={form.links} onChange={(v) => set('links', v)} rows={2} help={t('proposals.fieldLinksHelp')} error={errs.links} />
            <Button color="primary" type="submit" disabled={busy}>
              {busy ? t('proposals.sending') : t('proposals.send')}
            </Button>
          </form>
        </section>
      ) : null}

      {pending.data || pending.loading || pending.error ? (
        <section aria-labelledby="pending-title" className="mb-5">
          <h2 id="pending-title" className="h4">
            {t('proposals.pending')}
          </h2>
          <ProblemAlert error={pending.error} />
          {pending.loading && !pending.data ? <Loading /> : null}
          {pending.data ? <PostsTable posts={pending.data.posts} caption={t('proposals.pendingCaption', { count: pending.data.total })} emptyText={t('proposals.pendingEmpty')} /> : null}
        </section>
      ) : null}

      <section aria-labelledby="mine-title">
        <h2 id="mine-title" className="h4">
          {t('proposals.mine')}
        </h2>
        <ProblemAlert error={mine.error} />
        {mine.loading && !mine.data ? <Loading /> : null}
        {mine.data ? <PostsTable posts={mine.data.posts} caption={t('proposals.mineCaption', { count: mine.data.total })} showAuthor={false} emptyText={t('proposals.mineEmpty')} /> : null}
      </section>
    </>
  );
}
