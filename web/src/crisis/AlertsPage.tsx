import { Link } from 'react-router';
import { entePath } from '../api/client';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { AlertStatusBadge, CodeBadge } from './shared';
import type { Alert } from './types';

/** The Ente's alerts, newest first, with the public page and the CAP feed. */
export function AlertsPage() {
  const { t, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const alerts = useApi<{ alerts: Alert[] }>(`${entePath(ente.slug)}/alerts`);
  const list = alerts.data?.alerts ?? [];
  const publicPath = `/enti/${encodeURIComponent(ente.slug)}/allerte`;
  return (
    <>
      <PageTitle sub={t('crisis.alerts.intro')}>{t('crisis.alerts.title')}</PageTitle>
      <div className="d-flex flex-wrap gap-3 align-items-center mb-4">
        {can('alerts.compose') ? (
          <Link className="btn btn-primary" to={`/enti/${ente.slug}/crisi/allerte/nuova`}>
            {t('crisis.alerts.new')}
          </Link>
        ) : null}
        <a href={publicPath}>{t('crisis.alerts.publicPage')}</a>
        <a href={`${publicPath}.cap.xml`}>{t('crisis.alerts.capFeed')}</a>
      </div>
      <ProblemAlert error={alerts.error} />
      {!alerts.data && alerts.loading ? <Loading /> : null}
      {alerts.data && list.length === 0 ? <p>{t('crisis.alerts.none')}</p> : null}
      {list.length ? (
        <div className="table-responsive">
          <table className="table rdz-table">
            <caption>{t('crisis.alerts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('crisis.alerts.headline')}</th>
                <th scope="col">{t('crisis.field.code')}</th>
                <th scope="col">{t('crisis.alerts.status')}</th>
                <th scope="col">{t('crisis.alerts.validity')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/enti/${ente.slug}/crisi/allerte/${a.id}`}>{a.headline}</Link>
                  </th>
                  <td>
                    <CodeBadge code={a.code} />
                  </td>
                  <td>
                    <AlertStatusBadge status={a.status} />
                  </td>
                  <td>{t('crisis.alerts.validityRange', { from: formatDate(a.validFrom), to: formatDate(a.validTo) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
