import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { SelectField, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { lines, serverFieldErrors } from './shared';
import { BROADCAST_PLATFORMS, type BroadcastPlatform, type SubscriberCounts, type SubscriberIn } from './types';

/**
 * Citizens who opted in to receive alerts on WhatsApp or Telegram: how many per channel, recording
 * opt-ins (with the source of the consent) and opt-outs (effective at once, even mid-broadcast).
 */
export function SubscribersPage() {
  const { t, label } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const counts = useApi<SubscriberCounts>(can('subscribers.manage') ? `${base}/subscribers` : null);
  const [message, setMessage] = useState<string>();

  if (!can('subscribers.manage')) {
    return (
      <>
        <PageTitle>{t('crisis.subs.title')}</PageTitle>
        <p>{t('crisis.subs.notAllowed')}</p>
      </>
    );
  }

  const c = counts.data;
  return (
    <>
      <PageTitle sub={t('crisis.subs.intro')}>{t('crisis.subs.title')}</PageTitle>
      <ProblemAlert error={counts.error} />
      <StatusMessage>{message}</StatusMessage>
      {!c && counts.loading ? <Loading /> : null}
      {c ? (
        <div className="table-responsive mb-4">
          <table className="table rdz-table">
            <caption>{t('crisis.subs.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('crisis.subs.platform')}</th>
                <th scope="col">{t('crisis.subs.active')}</th>
                <th scope="col">{t('crisis.subs.optedOut')}</th>
              </tr>
            </thead>
            <tbody>
              {BROADCAST_PLATFORMS.map((p) => (
                <tr key={p}>
                  <th scope="row">{label('platform', p)}</th>
                  <td>{c[p].active}</td>
                  <td>{c[p].optedOut}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="row">
        <div className="col-lg-6">
          <AddForm
            onDone={(next, n) => {
              counts.setData(next);
              setMessage(t('crisis.subs.added', { count: n }));
            }}
          />
        </div>
        <div className="col-lg-6">
          <OptOutForm
            onDone={() => {
              setMessage(t('crisis.subs.optedOutDone'));
              void counts.reload();
            }}
          />
        </div>
      </div>
    </>
  );
}

function platformOptions(label: (p: string, c: string) => string) {
  return BROADCAST_PLATFORMS.map((p) => ({ value: p, label: label('platform', p) }));
}

function AddForm({ onDone }: { onDone(counts: SubscriberCounts, n: number): void }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const [channel, setChannel] = useState<BroadcastPlatform>('telegram');
  const [addresses, setAddresses] = useState('');
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const fe = serverFieldErrors(error?.fieldErrors);
  // One line per subscriber: say which line the server refused.
  const lineErrors = (error?.fieldErrors ?? [])
    .map((e) => ({ m: /^subscribers\.(\d+)\.address$/.exec(e.field), message: e.message }))
    .filter((x) => x.m)
    .map((x) => t('crisis.subs.lineError', { n: Number(x.m![1]) + 1, message: x.message }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const items: SubscriberIn[] = lines(addresses).map((address) => ({ channel, address, source: source.trim() }));
    setBusy(true);
    setError(undefined);
    try {
      const res = await api<SubscriberCounts>(`${entePath(ente.slug)}/subscribers`, { method: 'POST', body: { subscribers: items } });
      setAddresses('');
      onDone(res, items.length);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const addressError = lineErrors.length ? lineErrors.join(' ') : (fe.subscribers ?? undefined);
  const sourceError = (error?.fieldErrors ?? []).find((x) => x.field.endsWith('.source'))?.message;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="rdz-panel mb-4" aria-labelledby="subs-add">
      <h2 id="subs-add" className="h4">
        {t('crisis.subs.addTitle')}
      </h2>
      <ProblemAlert error={error} title={t('crisis.subs.addFailed')} />
      <SelectField id="subs-channel" label={t('crisis.subs.platform')} value={channel} onChange={(v) => setChannel(v as BroadcastPlatform)} options={platformOptions(label)} />
      <TextAreaField id="subs-addresses" label={t('crisis.subs.addresses')} value={addresses} onChange={setAddresses} rows={5} required help={t('crisis.subs.addressesHelp')} error={addressError} />
      <TextField id="subs-source" label={t('crisis.subs.source')} value={source} onChange={setSource} required maxLength={200} help={t('crisis.subs.sourceHelp')} error={sourceError} />
      <Button color="primary" type="submit" disabled={busy}>
        {t('crisis.subs.add')}
      </Button>
    </form>
  );
}

function OptOutForm({ onDone }: { onDone(): void }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const [channel, setChannel] = useState<BroadcastPlatform>('telegram');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const fe = serverFieldErrors(error?.fieldErrors);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(`${entePath(ente.slug)}/subscribers/opt-out`, { method: 'POST', body: { channel, address: address.trim() } });
      setAddress('');
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="rdz-panel mb-4" aria-labelledby="subs-optout">
      <h2 id="subs-optout" className="h4">
        {t('crisis.subs.optOutTitle')}
      </h2>
      <ProblemAlert error={error} title={t('crisis.subs.optOutFailed')} />
      <SelectField id="optout-channel" label={t('crisis.subs.platform')} value={channel} onChange={(v) => setChannel(v as BroadcastPlatform)} options={platformOptions(label)} />
      <TextField id="optout-address" label={t('crisis.subs.address')} value={address} onChange={setAddress} required maxLength={40} error={fe.address} />
      <Button color="primary" outline type="submit" disabled={busy}>
        {t('crisis.subs.optOut')}
      </Button>
    </form>
  );
}
