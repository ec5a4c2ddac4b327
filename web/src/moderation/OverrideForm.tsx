import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import { MODERATION_DECISIONS, type ModerationDecisionKind, type RecordedDecision } from '../api/types';
import { toApiError } from '../api/useApi';
import { fieldErrors, SelectField, TextAreaField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { DecisionBadge } from './DecisionBadge';

/** A person replaces the engine's decision, with a reason (kept in the audit trail). */
export function OverrideForm({ base, decision, onCancel, onDone }: { base: string; decision: RecordedDecision; onCancel(): void; onDone(updated: RecordedDecision): void }) {
  const { t, label, formatDate } = useI18n();
  const initial = MODERATION_DECISIONS.find((d) => d !== decision.effectiveDecision) ?? 'review';
  const [choice, setChoice] = useState<ModerationDecisionKind>(initial);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const short = reason.trim().length < 3;
    setMissing(short);
    if (short) {
      document.getElementById('override-reason')?.focus();
      return;
    }
    setBusy(true);
    try {
      onDone(await api<RecordedDecision>(`${base}/moderation/decisions/${decision.id}/override`, { method: 'POST', body: { decision: choice, reason: reason.trim() } }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <section aria-labelledby="override-title" className="rdz-panel my-4">
      <h3 id="override-title" className="h5" tabIndex={-1} ref={heading}>
        {t('decisions.overrideTitle', { date: formatDate(decision.at) })}
      </h3>
      <blockquote className="rdz-comment">{decision.text}</blockquote>
      <p>
        {t('decisions.current')} <DecisionBadge decision={decision.effectiveDecision} />
      </p>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="override-title">
        <SelectField
          id="override-decision"
          label={t('decisions.newDecision')}
          value={choice}
          onChange={(v) => setChoice(v as ModerationDecisionKind)}
          options={MODERATION_DECISIONS.map((d) => ({ value: d, label: label('decision', d) }))}
          error={errors.decision}
        />
        <TextAreaField
          id="override-reason"
          label={t('decisions.reasonLabel')}
          value={reason}
          onChange={setReason}
          required
          rows={3}
          maxLength={2000}
          help={t('decisions.reasonHelp')}
          error={missing ? t('decisions.reasonRequired') : errors.reason}
        />
        <div className="d-flex gap-2">
          <Button color="primary" type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('decisions.overrideSubmit')}
          </Button>
          <Button color="secondary" outline type="button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </section>
  );
}
