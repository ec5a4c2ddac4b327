import { useSearchParams } from 'react-router';
import { entePath } from '../api/client';
import { POST_STATUSES, type PostList } from '../api/types';
import { useApi } from '../api/useApi';
import { SelectField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { PostsTable } from './PostsTable';
import { useChannelsAndDesks } from './shared';

/** Every post and proposal, filtered by status, channel and desk (kept in the address). */
export default function PostsPage() {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const [params, setParams] = useSearchParams();
  const status = params.get('stato') ?? '';
  const channel = params.get('canale') ?? '';
  const desk = params.get('desk') ?? '';
  const { channels, desks } = useChannelsAndDesks();
  const qs = new URLSearchParams({ limit: '200' });
  if (status) qs.set('status', status);
  if (channel) qs.set('channel', channel);
  if (desk) qs.set('desk', desk);
  const posts = useApi<PostList>(`${entePath(ente.slug)}/posts?${qs.toString()}`);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const filtered = Boolean(status || channel || desk);
  return (
    <>
      <PageTitle sub={t('posts.intro')}>{t('posts.title')}</PageTitle>
      <form className="rdz-panel mb-4" aria-labelledby="posts-filters-title" onSubmit={(e) => e.preventDefault()}>
        <h2 id="posts-filters-title" className="h5">
          {t('posts.filters')}
        </h2>
        <p className="small mb-0">{t('posts.filtersHelp')}</p>
        <div className="row rdz-form">
          <div className="col-md-4">
            <SelectField id="posts-status" label={t('posts.filterStatus')} value={status} onChange={(v) => setFilter('stato', v)} placeholder={t('posts.all')} options={POST_STATUSES.map((s) => ({ value: s, label: label('postStatus', s) }))} />
          </div>
          <div className="col-md-4">
            <SelectField id="posts-channel" label={t('posts.filterChannel')} value={channel} onChange={(v) => setFilter('canale', v)} placeholder={t('posts.all')} options={channels.map((c) => ({ value: c.id, label: `${label('platform', c.platform)} · ${c.name}` }))} />
          </div>
          <div className="col-md-4">
            <SelectField id="posts-desk" label={t('posts.filterDesk')} value={desk} onChange={(v) => setFilter('desk', v)} placeholder={t('posts.all')} options={desks.map((d) => ({ value: d.id, label: d.name }))} />
          </div>
        </div>
      </form>
      <ProblemAlert error={posts.error} />
      {posts.loading && !posts.data ? <Loading /> : null}
      <div role="status" className="visually-hidden">
        {posts.data ? t('posts.count', { count: posts.data.total }) : ''}
      </div>
      {posts.data ? (
        <PostsTable
          posts={posts.data.posts}
          caption={filtered ? t('posts.captionFiltered', { count: posts.data.total }) : t('posts.caption', { count: posts.data.total })}
          emptyText={filtered ? t('posts.emptyFiltered') : t('posts.empty')}
        />
      ) : null}
    </>
  );
}
