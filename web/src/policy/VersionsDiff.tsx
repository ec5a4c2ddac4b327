import { Button, Table } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import type { PolicyDiff, PolicyKind, PolicyVersionSummary } from '../api/types';
import { toApiError, type Resource } from '../api/useApi';
import { SelectField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { DiffView } from './DiffView';
import { actLabel } from './labels';

/** The adopted versions, newest first, and a form to compare two of them (or one with the draft). */
export function VersionsDiff({
  base,
  slug,
  kind,
  versions,
  draftRevision,
}: {
  base: string;
  slug: string;
  kind: PolicyKind;
  versions: Resource<{ versions: PolicyVersionSummary[] }>;
  draftRevision: number;
}) {
  const { t, formatDate } = useI18n();
  const list = versions.data?.versions ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('draft');
  const [diff, setDiff] = useState<PolicyDiff>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  // Default: the version in force against the draft; after an adoption, the newest against the previous.
  const newest = list[0]?.number;
  useEffect(() => {
    if (newest === undefined) return;
    setFrom(String(newest));
    setTo('draft');
    setDiff(undefined);
  }, [newest, draftRevision]);

  const options = [...list.map((v) => ({ value: String(v.number), label: t('versions.option', { n: v.number }) })), { value: 'draft', label: t('versions.draftOption') }];

  const compare = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setDiff(await api<PolicyDiff>(`${base}/diff`, { query: { from, to } }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="versions-title" className="mb-5">
      <h3 id="versions-title" className="h4">
        {t('versions.title')}
      </h3>
      <ProblemAlert error={versions.error} />
      {versions.loading && !versions.data ? <Loading /> : null}
      {versions.data ? (
        <div className="table-responsive">
          <Table className="rdz-table" size="sm">
            <caption>{t('versions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('versions.number')}</th>
                <th scope="col">{t('versions.status')}</th>
                <th scope="col">{t('versions.act')}</th>
                <th scope="col">{t('versions.adoptedAt')}</th>
                <th scope="col">{t('versions.adoptedBy')}</th>
                {kind === 'external' ? <th scope="col">{t('versions.public')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.number}>
                  <th scope="row">{t('versions.option', { n: v.number })}</th>
                  <td>
                    <span className={`rdz-pill ${v.status === 'in_force' ? 'rdz-status-ok' : 'rdz-status-neutral'}`}>{t(v.status === 'in_force' ? 'versions.inForce' : 'versions.superseded')}</span>
                  </td>
                  <td>{actLabel(t, v.act, formatDate)}</td>
                  <td>
                    <time dateTime={v.adoptedAt}>{formatDate(v.adoptedAt)}</time>
                  </td>
                  <td>{v.adoptedBy.label}</td>
                  {kind === 'external' ? (
                    <td>
                      <a href={`/enti/${encodeURIComponent(slug)}/social-media-policy/v/${v.number}`} target="_blank" rel="noopener noreferrer">
                        {t('versions.publicLink', { n: v.number })}
                        <span className="visually-hidden"> {t('channels.newTab')}</span>
                      </a>
                    </td>
                  ) : null}
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={kind === 'external' ? 6 : 5}>{t('versions.empty')}</td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        </div>
      ) : null}

      <h4 id="compare-title" className="h5 mt-4">
        {t('diff.title')}
      </h4>
      <form onSubmit={compare} noValidate className="rdz-form rdz-compare" aria-labelledby="compare-title">
        <SelectField id="diff-from" label={t('diff.from')} value={from} onChange={setFrom} options={options} placeholder={list.length ? undefined : t('channels.choose')} />
        <SelectField id="diff-to" label={t('diff.to')} value={to} onChange={setTo} options={options} />
        <Button color="primary" type="submit" disabled={busy || !from || !to}>
          {busy ? t('common.loading') : t('diff.compare')}
        </Button>
      </form>
      <ProblemAlert error={error} />
      <div aria-live="polite">{diff ? <DiffView diff={diff} /> : null}</div>
    </section>
  );
}
