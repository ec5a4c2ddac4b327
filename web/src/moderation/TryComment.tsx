import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import type { ModerationEvaluateBody, ModerationEvaluation } from '../api/types';
import { toApiError } from '../api/useApi';
import { Checkbox, fieldErrors, TextAreaField, TextField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { clauseAnchor, DecisionBadge } from './DecisionBadge';
import { Highlighted } from './Highlighted';

/** "Prova un commento": the engine's decision on a text, with the clause, the reasons and the evidence. */
export function TryComment({ base, canRecord, onRecorded }: { base: string; canRecord: boolean; onRecorded(): void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [post, setPost] = useState('');
  const [at, setAt] = useState('');
  const [record, setRecord] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [missing, setMissing] = useState(false);
  const [result, setResult] = useState<{ text: string; evaluation: ModerationEvaluation }>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setMissing(!text.trim());
    if (!text.trim()) {
      document.getElementById('try-text')?.focus();
      return;
    }
    setBusy(true);
    try {
      const body: ModerationEvaluateBody = { text };
      if (post.trim()) body.post = post;
      if (at) body.at = new Date(at).toISOString();
      if (canRecord && record) body.record = true;
      const evaluation = await api<ModerationEvaluation>(`${base}/moderation/evaluate`, { method: 'POST', body });
      setResult({ text, evaluation });
      if (evaluation.id) onRecorded();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  const textError = missing ? t('error.required') : errors.text;
  const r = result?.evaluation;
  return (
    <section aria-labelledby="try-title" className="rdz-panel mb-5">
      <h2 id="try-title" className="h4">
        {t('moderation.try')}
      </h2>
      <p>{t('moderation.tryIntro')}</p>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="try-title">
        <TextAreaField id="try-text" label={t('moderation.text')} value={text} onChange={setText} required rows={4} maxLength={200000} error={textError} />
        <TextAreaField id="try-post" label={`${t('moderation.post')} ${t('common.optional')}`} value={post} onChange={setPost} rows={2} help={t('moderation.postHelp')} error={errors.post} />
        <TextField id="try-at" type="datetime-local" label={`${t('moderation.at')} ${t('common.optional')}`} value={at} onChange={setAt} help={t('moderation.atHelp')} error={errors.at} />
        {canRecord ? <Checkbox id="try-record" label={t('moderation.record')} checked={record} onChange={setRecord} help={t('moderation.recordHelp')} /> : null}
        <Button color="primary" type="submit" disabled={busy} className="mt-3">
          {busy ? t('moderation.evaluating') : t('moderation.evaluate')}
        </Button>
      </form>

      <div aria-live="polite" aria-atomic="false">
        {r && result ? (
          <div className="rdz-result mt-4" aria-labelledby="result-title">
            <h3 id="result-title" className="h5">
              {t('moderation.result')}
            </h3>
            <dl className="rdz-dl rdz-result-dl">
              <dt>{t('moderation.decision')}</dt>
              <dd>
                <DecisionBadge decision={r.decision} />
                {r.id ? <span className="ms-2">{t('moderation.recorded')}</span> : null}
              </dd>
              <dt>{t('moderation.clause')}</dt>
              <dd>
                {r.clause ? (
                  <a href={`#${clauseAnchor(r.clause.number)}`}>{t('moderation.clauseLabel', { number: r.clause.number, title: r.clause.title })}</a>
                ) : (
                  t('moderation.noClause')
                )}
              </dd>
              <dt>{t('moderation.explanation')}</dt>
              <dd>{lang === 'en' ? r.explanation.en : r.explanation.it}</dd>
              <dt>{t('moderation.confidence')}</dt>
              <dd>{Math.round(r.confidence * 100)}%</dd>
              {r.offHours ? (
                <>
                  <dt>{t('moderation.hours')}</dt>
                  <dd>{t('moderation.offHours')}</dd>
                </>
              ) : null}
              <dt>{t('moderation.rulebookUsed')}</dt>
              <dd>{r.rulebook.version ? t('moderation.sourceVersion', { n: r.rulebook.version }) : t(`moderation.source.${r.rulebook.source}`)}</dd>
            </dl>
            <p className="fw-semibold mb-1">{t('moderation.commentText')}</p>
            <Highlighted text={result.text} evidence={r.evidence} idPrefix="try" />
          </div>
        ) : null}
      </div>
    </section>
  );
}
