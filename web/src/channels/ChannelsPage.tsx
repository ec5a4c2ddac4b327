import { Button, Table } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import type { Channel, Desk } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { ChannelFields, EMPTY_CHANNEL, formToBody, type ChannelFormState } from './ChannelFields';
import { StatusBadge } from './StatusBadge';
import { OAuthApps } from './OAuthApps';
import { needsNoCredentials } from './connectSpecs';

/** The channels registry and the "new channel" form. */
export default function ChannelsPage() {
  const { t, label } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const channels = useApi<{ channels: Channel[] }>(`${base}/channels`);
  const desks = useApi<{ desks: Desk[] }>(`${base}/desks`);
  const manage = can('channels.manage');
  const [form, setForm] = useState<ChannelFormState>(EMPTY_CHANNEL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();
  const { hash } = useLocation();

  useEffect(() => {
    if (hash === '#nuovo-canale') document.getElementById('new-channel-title')?.scrollIntoView();
  }, [hash]);

  const deskName = (id: string | null) => (id ? (desks.data?.desks.find((d) => d.id === id)?.name ?? '—') : '—');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const created = await api<Channel>(`${base}/channels`, { method: 'POST', body: formToBody(form) });
      channels.setData((prev) => ({ channels: [...(prev?.channels ?? []), created] }));
      setForm(EMPTY_CHANNEL);
      setStatus(t('channels.created', { name: created.name }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const list = channels.data?.channels ?? [];
  return (
    <>
      <PageTitle>{t('channels.title')}</PageTitle>
      <ProblemAlert error={channels.error} />
      {channels.loading && !channels.data ? <Loading /> : null}
      {channels.data ? (
        <div className="table-responsive">
          <Table className="rdz-table" size="sm">
            <caption>{t('channels.caption', { name: ente.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('channels.platform')}</th>
                <th scope="col">{t('channels.handle')}</th>
                <th scope="col">{t('channels.name')}</th>
                <th scope="col">{t('channels.purpose')}</th>
                <th scope="col">{t('channels.audience')}</th>
                <th scope="col">{t('channels.ownerDesk')}</th>
                <th scope="col">{t('channels.status')}</th>
                <th scope="col">{t('channels.policyLinked')}</th>
                <th scope="col">{t('channels.credentials')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <td>{label('platform', c.platform)}</td>
                  <td>
                    <a href={c.url} target="_blank" rel="noopener noreferrer">
                      {c.handle}
                      <span className="visually-hidden"> {t('channels.newTab')}</span>
                    </a>
                  </td>
                  <th scope="row">
                    <Link to={`/enti/${ente.slug}/canali/${c.id}`}>{c.name}</Link>
                  </th>
                  <td>{c.purpose}</td>
                  <td>{c.audience}</td>
                  <td>{deskName(c.ownerDeskId)}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>{c.policyLinked ? t('common.yes') : t('common.no')}</td>
                  <td>{needsNoCredentials(c.platform) ? t('channels.notNeeded') : c.credentials.configured ? t('channels.configured') : t('channels.notConfigured')}</td>
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={9}>{t('channels.empty')}</td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        </div>
      ) : null}

      {can('channels.credentials') ? <OAuthApps /> : null}

      {manage ? (
        <section aria-labelledby="new-channel-title" className="rdz-panel my-5" id="nuovo-canale">
          <h2 id="new-channel-title" className="h4">
            {t('channels.new')}
          </h2>
          <StatusMessage>{status}</StatusMessage>
          <ProblemAlert error={error} />
          <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="new-channel-title">
            <ChannelFields idPrefix="new-channel" form={form} onChange={setForm} desks={desks.data?.desks ?? []} errors={fieldErrors(error)} />
            <Button color="primary" type="submit" disabled={busy}>
              {busy ? t('channels.creating') : t('channels.create')}
            </Button>
          </form>
        </section>
      ) : (
        <p className="mt-4">{t('channels.readOnly')}</p>
      )}
    </>
  );
}
