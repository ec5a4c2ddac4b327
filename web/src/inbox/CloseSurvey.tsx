import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, TextField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import type { Outcome } from './Outcome';
import { useInboxPaths } from './shared';
import type { InboxItem, InboxSettings, SurveyResult } from './types';

/**
 * Close the conversation; once closed, send the one-question satisfaction survey tied to the
 * service (and its Carta dei Servizi). Where the channel cannot send it, the text to send by hand
 * is shown.
 */
export function CloseSurvey({ item, onDone }: { item: InboxItem; onDone(outcome: Outcome): void }) {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const settings = useApi<InboxSettings>(item.status === 'closed' ? `${base}/settings` : null);
  const [service, setService] = useState('');
  const [carta, setCarta] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const cartaValue = carta ?? settings.data?.cartaDeiServiziUrl ?? '';

  const close = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api<InboxItem>(`${base}/items/${item.id}/close`, { method: 'POST' });
      onDone({ tone: 'success', text: t('inbox.close.done') });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const survey = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (service.trim().length < 2) {
      setMissing(true);
      document.getElementById('survey-service')?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await api<SurveyResult>(`${base}/items/${item.id}/survey`, { method: 'POST', body: { service: service.trim(), cartaUrl: cartaValue.trim() || null } });
      onDone(r.delivery === 'sent' ? { tone: 'success', text: t('inbox.survey.sent') } : { tone: 'warning', text: t('inbox.survey.manual'), copy: r.text });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  if (item.status !== 'closed') {
    return (
      <section aria-labelledby="close-title" className="rdz-panel">
        <h3 id="close-title" className="h5">
          {t('inbox.close.title')}
        </h3>
        <p className="small">{t('inbox.close.help')}</p>
        <ProblemAlert error={error} />
        <Button color="primary" outline type="button" disabled={busy} onClick={() => void close()}>
          {t('inbox.close.submit')}
        </Button>
      </section>
    );
  }
  return (
    <section aria-labelledby="survey-title" className="rdz-panel">
      <h3 id="survey-title" className="h5">
        {t('inbox.survey.title')}
      </h3>
      <p className="small">{t('inbox.survey.help')}</p>
      <ProblemAlert error={error} />
      <form onSubmit={survey} noValidate className="rdz-form" aria-labelledby="survey-title">
        <TextField
          id="survey-service"
          label={t('inbox.survey.service')}
          value={service}
          onChange={(v) => {
            setService(v);
            if (v.trim().length >= 2) setMissing(false);
          }}
          required
          maxLength={200}
          help={t('inbox.survey.serviceHelp')}
          error={missing ? t('inbox.survey.serviceRequired') : errors.service}
        />
        <TextField id="survey-carta" type="url" label={`${t('inbox.survey.carta')} ${t('common.optional')}`} value={cartaValue} onChange={setCarta} maxLength={500} error={errors.cartaUrl} />
        <Button color="primary" type="submit" disabled={busy}>
          {busy ? t('common.saving') : t('inbox.survey.submit')}
        </Button>
      </form>
    </section>
  );
}
