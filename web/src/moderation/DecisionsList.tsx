import { Button, Table } from 'design-react-kit';
import { useState } from 'react';
import { MODERATION_DECISIONS, type RecordedDecision } from '../api/types';
import type { Resource } from '../api/useApi';
import { SelectField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { DecisionBadge } from './DecisionBadge';
import { OverrideForm } from './OverrideForm';

/** Recorded decisions, newest first, filtered by effective decision, with the override action. */
export function DecisionsList({
  base,
  decisions,
  filter,
  onFilter,
  canDecide,
}: {
  base: string;
  decisions: Resource<{ decisions: RecordedDecision[] }>;
  filter: string;
  onFilter(value: string): void;
  canDecide: boolean;
}) {
  const { t, label, formatDate } = useI18n();
  const [overriding, setOverriding] = useState<string | null>(null);
  const [status, setStatus] = useState<string>();
  const list = decisions.data?.decisions ?? [];
  const target = list.find((d) => d.id === overriding);

  return (
    <section aria-labelledby="decisions-title" className="mb-5">
      <h2 id="decisions-title" className="h4">
        {t('decisions.title')}
      </h2>
      <p>{t('decisions.intro')}</p>
      <div className="rdz-form rdz-filter">
        <SelectField
          id="decisions-filter"
          label={t('decisions.filter')}
          value={filter}
          onChange={onFilter}
          options={[{ value: '', label: t('decisions.all') }, ...MODERATION_DECISIONS.map((d) => ({ value: d, label: label('decision', d) }))]}
        />
      </div>
      <StatusMessage>{status}</StatusMessage>
      <ProblemAlert error={decisions.error} />
      {decisions.loading && !decisions.data ? <Loading /> : null}
      {decisions.data ? (
        <div className="table-responsive">
          <Table className="rdz-table" size="sm">
            <caption>{t('decisions.caption', { count: list.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decisions.when')}</th>
                <th scope="col">{t('decisions.text')}</th>
                <th scope="col">{t('decisions.effective')}</th>
                <th scope="col">{t('decisions.engine')}</th>
                <th scope="col">{t('moderation.clause')}</th>
                <th scope="col">{t('decisions.override')}</th>
                {canDecide ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <th scope="row" className="fw-normal text-nowrap">
                    <time dateTime={d.at}>{formatDate(d.at)}</time>
                  </th>
                  <td className="rdz-clause-text">{d.text}</td>
                  <td>
                    <DecisionBadge decision={d.effectiveDecision} />
                  </td>
                  <td>
                    <DecisionBadge decision={d.decision} />
                  </td>
                  <td>{d.clause ? t('moderation.clauseLabel', { number: d.clause.number, title: d.clause.title }) : '—'}</td>
                  <td>
                    {d.override ? (
                      <>
                        {t('decisions.overriddenOn', { date: formatDate(d.override.at) })}
                        <span className="d-block small">{t('decisions.reason', { reason: d.override.reason })}</span>
                      </>
                    ) : (
                      t('decisions.notOverridden')
                    )}
                  </td>
                  {canDecide ? (
                    <td>
                      <Button
                        color="primary"
                        outline
                        size="sm"
                        type="button"
                        aria-label={t('decisions.overrideLabel', { date: formatDate(d.at) })}
                        onClick={() => {
                          setStatus(undefined);
                          setOverriding(d.id);
                        }}
                      >
                        {t('decisions.overrideAction')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={canDecide ? 7 : 6}>{t('decisions.empty')}</td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        </div>
      ) : null}
      {canDecide && target ? (
        <OverrideForm
          key={target.id}
          base={base}
          decision={target}
          onCancel={() => setOverriding(null)}
          onDone={(updated) => {
            decisions.setData((prev) => ({ decisions: (prev?.decisions ?? []).map((d) => (d.id === updated.id ? updated : d)) }));
            setOverriding(null);
            setStatus(t('decisions.overridden', { decision: label('decision', updated.effectiveDecision) }));
          }}
        />
      ) : null}
    </section>
  );
}
