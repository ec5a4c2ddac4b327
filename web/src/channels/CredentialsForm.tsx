import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { Channel } from '../api/types';
import { toApiError } from '../api/useApi';
import { fieldErrors, TextField } from '../components/Fields';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';

/** Sets or removes a channel's secret; the secret is write-only and never shown back. */
export function CredentialsForm({ channel, onSaved }: { channel: Channel; onSaved(c: Channel): void }) {
  const { t, formatDate } = useI18n();
  const { ente } = useEnte();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();

  const send = async (value: string | null) => {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const next = await api<Channel>(`${entePath(ente.slug)}/channels/${channel.id}/credentials`, { method: 'PUT', body: { secret: value } });
      setSecret('');
      onSaved(next);
      setStatus(value === null ? t('channels.secretRemoved') : t('channels.secretSaved'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(secret);
  };

  const { configured, updatedAt } = channel.credentials;
  return (
    <section aria-labelledby="channel-credentials" className="rdz-panel mb-4">
      <h2 id="channel-credentials" className="h4">
        {t('channels.setCredentials')}
      </h2>
      <p>
        <strong>{t('channels.credentials')}:</strong>{' '}
        {configured ? (updatedAt ? t('channels.configuredOn', { date: formatDate(updatedAt) }) : t('channels.configured')) : t('channels.notConfigured')}
      </p>
      <StatusMessage>{status}</StatusMessage>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form">
        <TextField
          id="channel-secret"
          label={t('channels.secret')}
          type="password"
          value={secret}
          onChange={setSecret}
          required
          help={t('channels.secretHelp')}
          autoComplete="off"
          error={fieldErrors(error).secret}
        />
        <Button color="primary" type="submit" disabled={busy || secret === ''} className="me-2">
          {t('channels.secretSave')}
        </Button>
        {configured ? (
          <Button color="danger" outline type="button" disabled={busy} onClick={() => void send(null)}>
            {t('channels.secretRemove')}
          </Button>
        ) : null}
      </form>
    </section>
  );
}
