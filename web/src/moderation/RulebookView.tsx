import { Table } from 'design-react-kit';
import type { ModerationHours, ModerationRulebook } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { actLabel } from '../policy/labels';
import { clauseAnchor } from './DecisionBadge';

const WEEK = ['1', '2', '3', '4', '5', '6', '0'] as const;

/** The rulebook the engine applies: where it comes from, the moderation hours, the clauses. */
export function RulebookView({ rulebook }: { rulebook: ModerationRulebook }) {
  const { t, label, formatDate } = useI18n();
  return (
    <section aria-labelledby="rulebook-title" className="mb-5">
      <h2 id="rulebook-title" className="h4">
        {t('rulebook.title')}
      </h2>
      <p>
        {rulebook.source === 'in_force' && rulebook.version
          ? t('rulebook.inForce', { n: rulebook.version, act: rulebook.adoption ? actLabel(t, rulebook.adoption, formatDate) : '' })
          : t('rulebook.draft')}
      </p>
      <Hours hours={rulebook.hours} />
      <div className="table-responsive">
        <Table className="rdz-table" size="sm">
          <caption>{t('rulebook.caption', { count: rulebook.clauses.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clauses.number')}</th>
              <th scope="col">{t('clauses.clauseTitle')}</th>
              <th scope="col">{t('clauses.category')}</th>
              <th scope="col">{t('clauses.action')}</th>
              <th scope="col">{t('clauses.text')}</th>
            </tr>
          </thead>
          <tbody>
            {rulebook.clauses.map((c) => (
              <tr key={c.number} id={clauseAnchor(c.number)} tabIndex={-1} className="rdz-anchor-row">
                <th scope="row">{c.number}</th>
                <td>{c.title}</td>
                <td>{label('modCategory', c.category)}</td>
                <td>{label('modAction', c.action)}</td>
                <td className="rdz-clause-text">{c.text}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </section>
  );
}

function Hours({ hours }: { hours: ModerationHours }) {
  const { t, label } = useI18n();
  const s = hours.schedule;
  return (
    <>
      <h3 className="h5">{t('rulebook.hours')}</h3>
      <ul>
        {WEEK.map((d) => {
          const ranges = s.days[d] ?? [];
          return (
            <li key={d}>
              <strong>{label('weekday', d)}</strong>: {ranges.length ? ranges.map((r) => `${r.from}–${r.to}`).join(', ') : t('rulebook.closed')}
            </li>
          );
        })}
      </ul>
      <p className="mb-1">{t('rulebook.timeZone', { tz: s.timeZone })}</p>
      {s.closedOnPublicHolidays ? <p className="mb-1">{t('rulebook.holidays')}</p> : null}
      <p className="mb-1">{hours.hideForReviewOffHours ? t('rulebook.offHoursHide') : t('rulebook.offHoursReview')}</p>
      <p>{t('rulebook.response', { hours: hours.responseTimeHours })}</p>
    </>
  );
}
