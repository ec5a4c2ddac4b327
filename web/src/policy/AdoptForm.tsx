import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import type { AdoptionAct, Policy, PolicyVersion } from '../api/types';
import { toApiError } from '../api/useApi';
import { fieldErrors, SelectField, TextField } from '../components/Fields';
import { StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { actLabel } from './labels';
import { SaveError } from './SaveError';

const EMPTY: AdoptionAct = { type: 'delibera', number: '', date: '' };

/** The approvatore records the act (delibera or determina) that puts the draft in force as a new version. */
export function AdoptForm({ base, policy, onAdopted }: { base: string; policy: Policy; onAdopted(): Promise<void> }) {
  const { t, formatDate } = useI18n();
  const [act, setAct] = useState<AdoptionAct>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const v = await api<PolicyVersion>(`${base}/adopt`, { method: 'POST', body: { act: { ...act, number: act.number.trim() }, revision: policy.draft.revision } });
      setAct(EMPTY);
      setStatus(t('adopt.done', { n: v.number, act: actLabel(t, v.act, formatDate) }));
      await onAdopted();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <section aria-labelledby="adopt-title" className="rdz-panel mb-5">
      <h3 id="adopt-title" className="h4">
        {t('adopt.title')}
      </h3>
      <p>{t('adopt.intro', { revision: policy.draft.revision })}</p>
      {!policy.draft.differsFromInForce && policy.inForce ? <p className="fw-semibold">{t('adopt.same')}</p> : null}
      <StatusMessage>{status}</StatusMessage>
      <SaveError error={error} onReload={() => void onAdopted().then(() => setError(undefined))} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="adopt-title">
        <SelectField
          id="adopt-type"
          label={t('adopt.type')}
          value={act.type}
          onChange={(v) => setAct((a) => ({ ...a, type: v as AdoptionAct['type'] }))}
          options={[
            { value: 'delibera', label: t('adopt.delibera') },
            { value: 'determina', label: t('adopt.determina') },
          ]}
          error={errors['act.type']}
        />
        <TextField id="adopt-number" label={t('adopt.number')} value={act.number} onChange={(v) => setAct((a) => ({ ...a, number: v }))} required maxLength={50} help={t('adopt.numberHelp')} error={errors['act.number']} />
        <TextField id="adopt-date" label={t('adopt.date')} type="date" value={act.date} onChange={(v) => setAct((a) => ({ ...a, date: v }))} required error={errors['act.date']} />
        <Button color="primary" type="submit" disabled={busy}>
          {busy ? t('adopt.adopting') : t('adopt.submit')}
        </Button>
      </form>
    </section>
  );
}
