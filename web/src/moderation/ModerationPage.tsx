import { useState } from 'react';
import { entePath } from '../api/client';
import type { ModerationRulebook, RecordedDecision } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { DecisionsList } from './DecisionsList';
import { RulebookView } from './RulebookView';
import { TryComment } from './TryComment';

/** Moderation: try a comment against the policy, read the rulebook, review and correct recorded decisions. */
export default function ModerationPage() {
  const { t } = useI18n();
  const { ente, can } = useEnte();
  if (!can('moderation.evaluate')) {
    return (
      <>
        <PageTitle>{t('moderation.title')}</PageTitle>
        <p>{t('moderation.forbidden')}</p>
      </>
    );
  }
  return <Moderation slug={ente.slug} canDecide={can('moderation.decide')} />;
}

function Moderation({ slug, canDecide }: { slug: string; canDecide: boolean }) {
  const { t } = useI18n();
  const base = entePath(slug);
  const [filter, setFilter] = useState('');
  const rulebook = useApi<ModerationRulebook>(`${base}/moderation/rulebook`);
  const decisions = useApi<{ decisions: RecordedDecision[] }>(`${base}/moderation/decisions?limit=50${filter ? `&decision=${filter}` : ''}`);
  return (
    <>
      <PageTitle sub={t('moderation.intro')}>{t('moderation.title')}</PageTitle>
      <TryComment base={base} canRecord={canDecide} onRecorded={() => void decisions.reload()} />
      <DecisionsList base={base} decisions={decisions} filter={filter} onFilter={setFilter} canDecide={canDecide} />
      <ProblemAlert error={rulebook.error} />
      {rulebook.loading && !rulebook.data ? <Loading /> : null}
      {rulebook.data ? <RulebookView rulebook={rulebook.data} /> : null}
    </>
  );
}
