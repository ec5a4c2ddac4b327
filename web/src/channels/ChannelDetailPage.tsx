import { Alert, Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { CHANNEL_KINDS, CHANNEL_STATUSES, type Channel, type ChannelUpdateBody, type Desk, type Person } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { Checkbox, CheckboxGroup, fieldErrors, SelectField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { ChannelFields, channelToForm, formToBody, type ChannelFormState } from './ChannelFields';
import { ConnectForm } from './ConnectForm';
import { StatusBadge } from './StatusBadge';
import { needsNoCredentials } from './connectSpecs';

interface EditState {
  fields: ChannelFormState;
  status: string;
  kind: string;
  policyLinked: boolean;
  holders: string[];
  editors: string[];
  rotatedOn: string;
}

const toEdit = (c: Channel): EditState => ({
  fields: channelToForm(c),
  status: c.status,
  kind: c.kind,
  policyLinked: c.policyLinked,
  holders: c.custody.holders,
  editors: c.custody.editors,
  rotatedOn: c.custody.rotatedOn ?? '',
});

/** One channel: its details, status, policy link, custody of credentials, and the credentials form. */
export default function ChannelDetailPage() {
  const { id = '' } = useParams();
  // Back from the platform's authorization page: ?oauth=ok or ?oauth=errore&motivo=… (ADR 0008).
  const [search] = useSearchParams();
  const oauthReturned = search.get('oauth') === 'ok' ? 'ok' : search.get('oauth') === 'errore' ? 'errore' : null;
  const { t, label, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const channel = useApi<Channel>(`${base}/channels/${encodeURIComponent(id)}`);
  const desks = useApi<{ desks: Desk[] }>(`${base}/desks`);
  const people = useApi<{ people: Person[] }>(`${base}/people`);
  const manage = can('channels.manage');
  const [edit, setEdit] = useState<EditState>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    if (channel.data) setEdit(toEdit(channel.data));
  }, [channel.data]);

  const c = channel.data;
  const personName = (uid: string) => people.data?.people.find((p) => p.userId === uid)?.name ?? uid;
  const deskName = (did: string | null) => (did ? (desks.data?.desks.find((d) => d.id === did)?.name ?? '—') : '—');
  const peopleOptions = (people.data?.people ?? []).map((p) => ({ value: p.userId, label: p.name }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!edit || !c) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    const body: ChannelUpdateBody = {
      ...formToBody(edit.fields),
      status: edit.status as Channel['status'],
      kind: edit.kind as Channel['kind'],
      policyLinked: edit.policyLinked,
      custody: { holders: edit.holders, editors: edit.editors, rotatedOn: edit.rotatedOn || null },
      version: c.version,
    };
    try {
      channel.setData(await api<Channel>(`${base}/channels/${c.id}`, { method: 'PATCH', body }));
      setSaved(t('common.saved'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const reload = () => {
    setError(undefined);
    void channel.reload();
  };

  const errs = fieldErrors(error);
  return (
    <>
      <p className="mb-2">
        <Link to={`/enti/${ente.slug}/canali`}>← {t('channels.title')}</Link>
      </p>
      <PageTitle>{c ? t('channels.detailTitle', { name: c.name, platform: label('platform', c.platform) }) : t('channels.details')}</PageTitle>
      <ProblemAlert error={channel.error} />
      {channel.loading && !c ? <Loading /> : null}
      {c?.status === 'da_ricollegare' ? (
        <Alert color="warning" className="mb-4">
          <h2 className="h4">{t('connect.reconnectTitle')}</h2>
          <p>{t('connect.reconnectText', { platform: label('platform', c.platform) })}</p>
          {can('channels.credentials') ? (
            <p className="mb-0">
              {t('connect.reconnectAction')} <a href="#channel-connect">{t('connect.reconnectLink')}</a>
            </p>
          ) : (
            <p className="mb-0">{t('connect.reconnectAsk')}</p>
          )}
        </Alert>
      ) : null}
      {c ? (
        <section aria-labelledby="channel-summary" className="mb-4">
          <h2 id="channel-summary" className="h4">
            {t('channels.details')}
          </h2>
          <dl className="row rdz-dl">
            <dt className="col-sm-4">{t('channels.handle')}</dt>
            <dd className="col-sm-8">
              <a href={c.url} target="_blank" rel="noopener noreferrer">
                {c.handle}
                <span className="visually-hidden"> {t('channels.newTab')}</span>
              </a>
            </dd>
            <dt className="col-sm-4">{t('channels.purpose')}</dt>
            <dd className="col-sm-8">{c.purpose}</dd>
            <dt className="col-sm-4">{t('channels.audience')}</dt>
            <dd className="col-sm-8">{c.audience}</dd>
            <dt className="col-sm-4">{t('channels.ownerDesk')}</dt>
            <dd className="col-sm-8">{deskName(c.ownerDeskId)}</dd>
            <dt className="col-sm-4">{t('channels.status')}</dt>
            <dd className="col-sm-8">
              <StatusBadge status={c.status} />
            </dd>
            <dt className="col-sm-4">{t('channels.kind')}</dt>
            <dd className="col-sm-8">{label('kind', c.kind)}</dd>
            <dt className="col-sm-4">{t('channels.policyLinked')}</dt>
            <dd className="col-sm-8">
              {c.policyLinked ? t('common.yes') : t('common.no')}
              {c.policyLinked && c.policyLinkConfirmedAt ? ` – ${t('channels.policyConfirmedAt', { date: formatDate(c.policyLinkConfirmedAt) })}` : ''}
            </dd>
            <dt className="col-sm-4">{t('channels.holders')}</dt>
            <dd className="col-sm-8">{c.custody.holders.map(personName).join(', ') || '—'}</dd>
            <dt className="col-sm-4">{t('channels.editors')}</dt>
            <dd className="col-sm-8">{c.custody.editors.map(personName).join(', ') || '—'}</dd>
            <dt className="col-sm-4">{t('channels.rotatedOn')}</dt>
            <dd className="col-sm-8">{c.custody.rotatedOn ? formatDate(c.custody.rotatedOn, false) : '—'}</dd>
            <dt className="col-sm-4">{t('channels.credentials')}</dt>
            <dd className="col-sm-8">
              {needsNoCredentials(c.platform)
                ? t('channels.notNeeded')
                : c.credentials.configured
                ? c.credentials.updatedAt
                  ? t('channels.configuredOn', { date: formatDate(c.credentials.updatedAt) })
                  : t('channels.configured')
                : t('channels.notConfigured')}
            </dd>
          </dl>
        </section>
      ) : null}

      {c && edit && manage ? (
        <section aria-labelledby="channel-edit" className="rdz-panel mb-4">
          <h2 id="channel-edit" className="h4">
            {t('channels.edit')}
          </h2>
          <StatusMessage>{saved}</StatusMessage>
          <ProblemAlert error={error} onReload={reload} />
          <form onSubmit={submit} noValidate className="rdz-form">
            <ChannelFields idPrefix="channel" form={edit.fields} onChange={(fields) => setEdit({ ...edit, fields })} desks={desks.data?.desks ?? []} errors={errs} />
            <div className="row">
              <div className="col-12 col-md-6">
                <SelectField
                  id="channel-status"
                  label={t('channels.status')}
                  value={edit.status}
                  onChange={(status) => setEdit({ ...edit, status })}
                  options={CHANNEL_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
                  error={errs.status}
                />
              </div>
              <div className="col-12 col-md-6">
                <SelectField
                  id="channel-kind"
                  label={t('channels.kind')}
                  value={edit.kind}
                  onChange={(kind) => setEdit({ ...edit, kind })}
                  options={CHANNEL_KINDS.map((k) => ({ value: k, label: label('kind', k) }))}
                  error={errs.kind}
                />
              </div>
            </div>
            <div className="mb-4">
              <Checkbox id="channel-policy" label={t('channels.policyLinkedLong')} checked={edit.policyLinked} onChange={(policyLinked) => setEdit({ ...edit, policyLinked })} />
            </div>
            <h3 className="h5">{t('channels.custody')}</h3>
            <p>{t('channels.custodyIntro')}</p>
            <div className="row">
              <div className="col-12 col-md-6">
                <CheckboxGroup id="custody-holders" legend={t('channels.holders')} options={peopleOptions} value={edit.holders} onChange={(holders) => setEdit({ ...edit, holders })} error={errs['custody.holders']} />
              </div>
              <div className="col-12 col-md-6">
                <CheckboxGroup id="custody-editors" legend={t('channels.editors')} options={peopleOptions} value={edit.editors} onChange={(editors) => setEdit({ ...edit, editors })} error={errs['custody.editors']} />
              </div>
              <div className="col-12 col-md-6">
                <TextField id="custody-rotated" label={t('channels.rotatedOn')} type="date" value={edit.rotatedOn} onChange={(rotatedOn) => setEdit({ ...edit, rotatedOn })} error={errs['custody.rotatedOn']} />
              </div>
            </div>
            <Button color="primary" type="submit" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </Button>
          </form>
        </section>
      ) : c && !manage ? (
        <p>{t('channels.readOnly')}</p>
      ) : null}

      {c && can('channels.credentials') ? <ConnectForm channel={c} onConnected={() => void channel.reload()} oauthReturned={oauthReturned} /> : null}
    </>
  );
}
