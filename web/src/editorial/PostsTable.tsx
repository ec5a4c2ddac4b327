import { Table } from 'design-react-kit';
import { Link } from 'react-router';
import type { PostSummary } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { PostStatusBadge, useChannelsAndDesks } from './shared';

/** Posts or proposals in a table: the title links to the post. */
export function PostsTable({ posts, caption, showAuthor = true, emptyText }: { posts: PostSummary[]; caption: string; showAuthor?: boolean; emptyText: string }) {
  const { t, label, formatDate } = useI18n();
  const { ente } = useEnte();
  const { channelById, deskById } = useChannelsAndDesks();
  const cols = showAuthor ? 7 : 6;
  return (
    <div className="table-responsive">
      <Table className="rdz-table" size="sm">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('posts.colTitle')}</th>
            <th scope="col">{t('posts.colStatus')}</th>
            <th scope="col">{t('posts.colChannels')}</th>
            <th scope="col">{t('posts.colDesired')}</th>
            <th scope="col">{t('posts.colService')}</th>
            {showAuthor ? <th scope="col">{t('posts.colAuthor')}</th> : null}
            <th scope="col">{t('posts.colDesk')}</th>
          </tr>
        </thead>
        <tbody>
          {posts.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={`/enti/${ente.slug}/post/${p.id}`}>{p.title}</Link>
              </th>
              <td>
                <PostStatusBadge status={p.status} />
              </td>
              <td>
                {p.channels.length ? (
                  <ul className="list-unstyled mb-0">
                    {p.channels.map((c) => (
                      <li key={c.channelId}>
                        {label('platform', c.platform)}
                        {channelById(c.channelId) ? ` · ${channelById(c.channelId)!.name}` : ''}
                        {c.scheduledAt ? <span className="d-block small">{t('posts.scheduledFor', { date: formatDate(c.scheduledAt) })}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  t('posts.noVariants')
                )}
              </td>
              <td>{p.desiredAt ? formatDate(p.desiredAt) : '—'}</td>
              <td>{p.service ?? '—'}</td>
              {showAuthor ? <td>{p.author.name}</td> : null}
              <td>{deskById(p.deskId)?.name ?? '—'}</td>
            </tr>
          ))}
          {posts.length === 0 ? (
            <tr>
              <td colSpan={cols}>{emptyText}</td>
            </tr>
          ) : null}
        </tbody>
      </Table>
    </div>
  );
}
