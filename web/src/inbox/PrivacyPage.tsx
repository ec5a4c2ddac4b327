import { Button } from 'design-react-kit';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type ApiError } from '../api/client';
import { toApiError } from '../api/useApi';
import { fieldErrors, SelectField, TextField } from '../components/Fields';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { OutcomeMessage, type Outcome } from './Outcome';
import { InboxNav, useChannelLabel, useInboxPaths } from './shared';
import type { CitizenExport } from './types';
import { useDirectory } from './useDirectory';

/** A citizen's requests under the GDPR: export (art. 15) or erase (art. 17) their inbox data on one channel. */
export function PrivacyPage() {
  const { t } = useI18n();
  const { can } = useEnte();
  return (
    <>
      <PageTitle sub={t('inbox.privacy.intro')}>{t('inbox.privacy.title')}</PageTitle>
      <InboxNav />
      {can('inbox.privacy') ? <PrivacyForms /> : <p>{t('inbox.privacy.forbidden')}</p>}
    </>
  );
}

function PrivacyForms() {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const [params] = useSearchParams();
  const dir = useDirectory();
  const channelLabel = useChannelLabel();
  const [channelId, setChannelId] = useState(params.get('canale') ?? '');
  const [author, setAuthor] = useState(params.get('autore') ?? '');
  const [missing, setMissing] = useState<{ channel?: boolean; author?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [exported, setExported] = useState<{ data: CitizenExport; href: string } | null>(null);

  useEffect(() => () => (exported ? URL.revokeObjectURL(exported.href) : undefined), [exported]);

  const valid = () => {
    const m = { channel: !channelId, author: !author.trim() };
    setMissing(m);
    if (m.channel || m.author) document.getElementById(m.channel ? 'privacy-channel' : 'privacy-author')?.focus();
    return !m.channel && !m.author;
  };
  const subject = () => ({ channelId, authorPlatformId: author.trim() });

  const doExport = async () => {
    setError(undefined);
    setOutcome(null);
    if (!valid()) return;
    setBusy(true);
    try {
      const data = await api<CitizenExport>(`${base}/privacy/export`, { method: 'POST', body: subject() });
      const href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      setExported({ data, href });
      setOutcome({ tone: 'success', text: t('inbox.privacy.exported', { items: data.items.length, sanctions: data.sanctions.length }) });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const doErase = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ erased: number }>(`${base}/privacy/erase`, { method: 'POST', body: subject() });
      setConfirming(false);
      setExported(null);
      setOutcome({ tone: 'success', text: t('inbox.privacy.erased', { count: r.erased }) });
    } catch (err) {
      setError(toApiError(err));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <section aria-labelledby="privacy-form-title" className="rdz-panel">
      <h2 id="privacy-form-title" className="h4">
        {t('inbox.privacy.formTitle')}
      </h2>
      <ProblemAlert error={error ?? dir.error} />
      <form onSubmit={(e) => e.preventDefault()} noValidate className="rdz-form" aria-labelledby="privacy-form-title">
        <SelectField
          id="privacy-channel"
          label={t('inbox.filters.channel')}
          value={channelId}
          onChange={setChannelId}
          required
          placeholder={t('inbox.privacy.chooseChannel')}
          options={dir.channels.map((c) => ({ value: c.id, label: channelLabel(c) }))}
          error={missing.channel ? t('error.required') : errors.channelId}
        />
        <TextField id="privacy-author" label={t('inbox.privacy.author')} value={author} onChange={setAuthor} required maxLength={200} help={t('inbox.privacy.authorHelp')} error={missing.author ? t('error.required') : errors.authorPlatformId} />
        {confirming ? (
          <div className="rdz-confirm-box p-3" role="group" aria-labelledby="privacy-confirm">
            <p id="privacy-confirm" className="fw-semibold">
              {t('inbox.privacy.confirmErase')}
            </p>
            <div className="d-flex gap-2">
              <Button color="danger" type="button" disabled={busy} onClick={() => void doErase()}>
                {t('inbox.privacy.confirmYes')}
              </Button>
              <Button color="secondary" outline type="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="d-flex flex-wrap gap-2">
            <Button color="primary" type="button" disabled={busy} onClick={() => void doExport()}>
              {t('inbox.privacy.export')}
            </Button>
            <Button
              color="danger"
              outline
              type="button"
              disabled={busy}
              onClick={() => {
                setOutcome(null);
                if (valid()) setConfirming(true);
              }}
            >
              {t('inbox.privacy.erase')}
            </Button>
          </div>
        )}
      </form>
      <OutcomeMessage outcome={outcome} />
      {exported ? (
        <p>
          <a href={exported.href} download={`dati-${exported.data.subject.authorPlatformId}.json`}>
            {t('inbox.privacy.download', { names: exported.data.subject.names.join(', ') || exported.data.subject.authorPlatformId })}
          </a>
        </p>
      ) : null}
    </section>
  );
}
