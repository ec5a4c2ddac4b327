import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import type { ModerationRulebook } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, SelectField, TextAreaField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import type { Outcome } from './Outcome';
import { useBi, useInboxPaths } from './shared';
import type { InboxItem, ModerateResult, ModerationActionKind } from './types';

/**
 * Hide, unhide or delete an item on its platform, with the policy clause it rests on (hide and
 * delete need one). Deleting asks for confirmation. Where the platform cannot act, the API's
 * "da fare a mano" message is shown.
 */
export function ModerateForm({ item, onDone }: { item: InboxItem; onDone(outcome: Outcome): void }) {
  const { t, label } = useI18n();
  const { api: base, ente } = useInboxPaths();
  const bi = useBi();
  const rulebook = useApi<ModerationRulebook>(`${ente}/moderation/rulebook`);
  const hidden = item.status === 'hidden';
  const actions: ModerationActionKind[] = item.platformState === 'deleted' ? [] : hidden ? ['unhide', 'delete'] : ['hide', 'delete'];
  const [action, setAction] = useState<ModerationActionKind>(actions[0] ?? 'hide');
  const [clause, setClause] = useState(item.moderation.clauseNumber ?? '');
  const [reason, setReason] = useState('');
  const [missingClause, setMissingClause] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const needsClause = action !== 'unhide';

  if (actions.length === 0) return null;

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = { action, ...(needsClause ? { clause } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) };
      const r = await api<ModerateResult>(`${base}/items/${item.id}/moderation`, { method: 'POST', body });
      setConfirming(false);
      setReason('');
      const what = t(`inbox.moderate.done.${action}`, { clause: needsClause ? clause : '' });
      onDone(r.onPlatform === 'done' ? { tone: 'success', text: what } : { tone: 'warning', text: `${what} ${t('inbox.moderate.manual')} ${r.message ? bi(r.message) : ''}`.trim() });
    } catch (err) {
      setError(toApiError(err));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (needsClause && !clause) {
      setMissingClause(true);
      document.getElementById('moderate-clause')?.focus();
      return;
    }
    if (action === 'delete') setConfirming(true);
    else void send();
  };

  const errors = fieldErrors(error);
  const clauses = rulebook.data?.clauses ?? [];
  return (
    <section aria-labelledby="moderate-title" className="rdz-panel">
      <h3 id="moderate-title" className="h5">
        {t('inbox.moderate.title')}
      </h3>
      <p className="small">{t('inbox.moderate.help')}</p>
      {item.moderation.decision ? (
        <p className="small">
          {t('inbox.moderate.engine', { decision: label('decision', item.moderation.decision) })}
          {item.moderation.clauseNumber ? ` ${t('inbox.moderate.engineClause', { clause: item.moderation.clauseNumber })}` : ''}
        </p>
      ) : null}
      <ProblemAlert error={rulebook.error ?? error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="moderate-title">
        <SelectField
          id="moderate-action"
          label={t('inbox.moderate.action')}
          value={action}
          onChange={(v) => {
            setAction(v as ModerationActionKind);
            setConfirming(false);
          }}
          options={actions.map((a) => ({ value: a, label: label('inbox.action', a) }))}
          error={errors.action}
        />
        {needsClause ? (
          <SelectField
            id="moderate-clause"
            label={t('inbox.moderate.clause')}
            value={clause}
            onChange={(v) => {
              setClause(v);
              if (v) setMissingClause(false);
            }}
            required
            placeholder={t('inbox.moderate.clausePlaceholder')}
            options={clauses.map((c) => ({ value: c.number, label: t('moderation.clauseLabel', { number: c.number, title: c.title }) }))}
            help={t('inbox.moderate.clauseHelp')}
            error={missingClause ? t('inbox.moderate.clauseRequired') : errors.clause}
          />
        ) : null}
        <TextAreaField id="moderate-reason" label={`${t('inbox.moderate.reason')} ${t('common.optional')}`} value={reason} onChange={setReason} rows={2} maxLength={1000} error={errors.reason} />
        {confirming ? (
          <div className="rdz-confirm-box p-3 mb-3" role="group" aria-labelledby="moderate-confirm">
            <p id="moderate-confirm" className="fw-semibold">
              {t('inbox.moderate.confirmDelete')}
            </p>
            <div className="d-flex gap-2">
              <Button color="danger" type="button" disabled={busy} onClick={() => void send()}>
                {t('inbox.moderate.confirmYes')}
              </Button>
              <Button color="secondary" outline type="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <Button color={action === 'delete' ? 'danger' : 'primary'} type="submit" disabled={busy}>
            {busy ? t('common.saving') : label('inbox.moderate.submit', action)}
          </Button>
        )}
      </form>
    </section>
  );
}
