import { Link } from 'react-router';
import { useI18n } from '../i18n/I18n';
import { DeadlineBadge, excerpt, ItemFlags, ItemStatusBadge, useChannelLabel, useInboxPaths } from './shared';
import type { InboxItem } from './types';

/** Items as a table: who, where, when, what (link to the thread), status and deadline. */
export function ItemsTable({ items, caption, deskName, personName }: { items: InboxItem[]; caption: string; deskName(id: string | null): string | null; personName(id: string | null): string | null }) {
  const { t, label, formatDate } = useI18n();
  const { ui } = useInboxPaths();
  const channelLabel = useChannelLabel();
  return (
    <div className="table-responsive">
      <table className="table rdz-table rdz-inbox-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.col.author')}</th>
            <th scope="col">{t('inbox.col.text')}</th>
            <th scope="col">{t('inbox.col.channel')}</th>
            <th scope="col">{t('inbox.col.received')}</th>
            <th scope="col">{t('inbox.col.status')}</th>
            <th scope="col">{t('inbox.col.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const desk = deskName(i.deskId);
            const person = personName(i.assigneeId);
            return (
              <tr key={i.id}>
                <th scope="row">
                  {i.author.name}
                  {i.author.handle ? <span className="d-block small fw-normal">@{i.author.handle.replace(/^@/, '')}</span> : null}
                </th>
                <td>
                  <Link to={`${ui}/${i.id}`} className="rdz-inbox-text">
                    {excerpt(i.text)}
                  </Link>
                  <span className="d-block small">{label('inbox.kind', i.kind)}</span>
                  <ItemFlags item={i} />
                </td>
                <td>{channelLabel(i.channel)}</td>
                <td className="text-nowrap">
                  <time dateTime={i.receivedAt}>{formatDate(i.receivedAt)}</time>
                </td>
                <td>
                  <ItemStatusBadge status={i.status} />
                  {desk ? <span className="d-block small">{t('inbox.deskIs', { name: desk })}</span> : null}
                  {person ? <span className="d-block small">{t('inbox.personIs', { name: person })}</span> : null}
                </td>
                <td>{i.lateness === 'none' ? '—' : <DeadlineBadge item={i} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
