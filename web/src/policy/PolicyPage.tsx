import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, entePath } from '../api/client';
import type { Policy, PolicyDocument, PolicyDraft, PolicyKind, PolicyVersionSummary } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { AdoptForm } from './AdoptForm';
import { ClausesEditor } from './ClausesEditor';
import { DraftEditor } from './DraftEditor';
import { PolicyStatus } from './PolicyStatus';
import { VersionsDiff } from './VersionsDiff';

/** Saves a new draft document built from the current one; rejects with ApiError (409 when stale). */
export type SaveDocument = (change: (doc: PolicyDocument) => PolicyDocument) => Promise<void>;

/** The social media policies: status, draft editor, moderation clauses, versions and diff, adoption. */
export default function PolicyPage() {
  const { t } = useI18n();
  const { ente, can } = useEnte();
  const [params] = useSearchParams();
  const kind: PolicyKind = params.get('tipo') === 'interna' ? 'internal' : 'external';
  const base = `${entePath(ente.slug)}/policies/${kind}`;
  const policy = useApi<Policy>(base);
  const versions = useApi<{ versions: PolicyVersionSummary[] }>(`${base}/versions`);
  const { reload } = policy;

  const save: SaveDocument = useCallback(
    async (change) => {
      const current = policy.data?.draft;
      if (!current) return;
      await api<PolicyDraft>(`${base}/draft`, { method: 'PUT', body: { revision: current.revision, document: change(current.document) } });
      await reload();
    },
    [base, policy.data?.draft, reload],
  );

  const reloadAll = useCallback(async () => {
    await Promise.all([policy.reload(), versions.reload()]);
  }, [policy, versions]);

  const data = policy.data?.kind === kind ? policy.data : undefined;
  const doc = data?.draft.document;

  return (
    <>
      <PageTitle sub={t('policy.intro')}>{t('policy.title')}</PageTitle>
      <nav aria-label={t('policy.kindNav')} className="mb-4">
        <ul className="rdz-tabs">
          {(['external', 'internal'] as const).map((k) => (
            <li key={k}>
              <Link to={k === 'external' ? '?tipo=esterna' : '?tipo=interna'} aria-current={k === kind ? 'page' : undefined} replace>
                {t(k === 'external' ? 'policy.external' : 'policy.internal')}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2 className="h3">{t(kind === 'external' ? 'policy.external' : 'policy.internal')}</h2>
      <ProblemAlert error={policy.error} />
      {policy.loading && !data ? <Loading /> : null}
      {data && doc ? (
        <>
          <PolicyStatus policy={data} slug={ente.slug} />
          <DraftEditor key={`s-${kind}`} document={doc} editable={can('policy.edit')} onSave={save} onReload={policy.reload} />
          {doc.kind === 'external' ? <ClausesEditor key={`c-${kind}`} clauses={doc.clauses} editable={can('policy.edit')} onSave={save} onReload={policy.reload} /> : null}
          <VersionsDiff key={`v-${kind}`} base={base} slug={ente.slug} kind={kind} versions={versions} draftRevision={data.draft.revision} />
          {can('policy.adopt') ? <AdoptForm key={`a-${kind}`} base={base} policy={data} onAdopted={reloadAll} /> : null}
        </>
      ) : null}
    </>
  );
}
