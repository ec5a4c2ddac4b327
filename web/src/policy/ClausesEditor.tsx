import { Button, Table } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { MODERATION_ACTIONS, type ModerationAction, type PolicyClause, type PolicyDocument } from '../api/types';
import { toApiError } from '../api/useApi';
import { fieldErrors, SelectField, TextAreaField, TextField } from '../components/Fields';
import { StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import type { SaveDocument } from './PolicyPage';
import { SaveError } from './SaveError';

interface ClauseForm {
  number: string;
  title: string;
  action: ModerationAction;
  text: string;
}

/** The moderation clauses of the external policy: listed, edited one at a time, and a new one of category "altro". */
export function ClausesEditor({ clauses, editable, onSave, onReload }: { clauses: PolicyClause[]; editable: boolean; onSave: SaveDocument; onReload(): Promise<void> }) {
  const { t, label } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string>();
  const editingClause = clauses.find((c) => c.number === editing);

  return (
    <section aria-labelledby="clauses-title" className="mb-5">
      <h3 id="clauses-title" className="h4">
        {t('clauses.title')}
      </h3>
      <p>{t('clauses.intro')}</p>
      <StatusMessage>{status}</StatusMessage>
      <div className="table-responsive">
        <Table className="rdz-table" size="sm">
          <caption>{t('clauses.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clauses.number')}</th>
              <th scope="col">{t('clauses.clauseTitle')}</th>
              <th scope="col">{t('clauses.category')}</th>
              <th scope="col">{t('clauses.action')}</th>
              <th scope="col">{t('clauses.text')}</th>
              {editable ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {clauses.map((c) => (
              <tr key={c.number}>
                <th scope="row">{c.number}</th>
                <td>{c.title}</td>
                <td>{label('modCategory', c.category)}</td>
                <td>{label('modAction', c.action)}</td>
                <td className="rdz-clause-text">{c.text}</td>
                {editable ? (
                  <td>
                    <Button color="primary" outline size="sm" type="button" onClick={() => { setStatus(undefined); setEditing(c.number); }} aria-label={t('clauses.editLabel', { number: c.number })}>
                      {t('common.edit')}
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {editable && editingClause ? (
        <ClauseEditor
          key={editingClause.number}
          mode="edit"
          clause={editingClause}
          clauses={clauses}
          onSave={onSave}
          onReload={onReload}
          onDone={(msg) => {
            setEditing(null);
            setStatus(msg);
          }}
        />
      ) : null}
      {editable ? <ClauseEditor key={`new-${clauses.length}`} mode="add" clauses={clauses} onSave={onSave} onReload={onReload} onDone={setStatus} /> : null}
    </section>
  );
}

/** The next free number after the highest "5.x" (or "1" when there are none). */
function nextNumber(clauses: PolicyClause[]): string {
  const last = [...clauses].map((c) => c.number).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
  if (!last) return '1';
  const parts = last.split('.');
  parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
  return parts.join('.');
}

function ClauseEditor({
  mode,
  clause,
  clauses,
  onSave,
  onReload,
  onDone,
}: {
  mode: 'edit' | 'add';
  clause?: PolicyClause;
  clauses: PolicyClause[];
  onSave: SaveDocument;
  onReload(): Promise<void>;
  onDone(message: string | undefined): void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState<ClauseForm>(() =>
    clause ? { number: clause.number, title: clause.title, action: clause.action, text: clause.text } : { number: nextNumber(clauses), title: '', action: 'review', text: '' },
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const heading = useRef<HTMLHeadingElement>(null);
  const id = mode === 'edit' ? 'clause-edit' : 'clause-new';

  useEffect(() => {
    if (mode === 'edit') heading.current?.focus();
  }, [mode]);

  const index = mode === 'edit' ? clauses.findIndex((c) => c.number === clause?.number) : clauses.length;
  const set = <K extends keyof ClauseForm>(k: K) => (v: ClauseForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSave((doc) => {
        if (doc.kind !== 'external') return doc;
        const list =
          mode === 'edit'
            ? doc.clauses.map((c) => (c.number === clause?.number ? { ...c, title: form.title, action: form.action, text: form.text } : c))
            : [...doc.clauses, { number: form.number.trim(), title: form.title, category: 'altro' as const, action: form.action, text: form.text }];
        return { ...doc, clauses: list } satisfies PolicyDocument;
      });
      onDone(t(mode === 'edit' ? 'clauses.saved' : 'clauses.added', { number: form.number }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  const err = (f: string) => errors[`document.clauses.${index}.${f}`];
  const titleId = `${id}-heading`;
  return (
    <section aria-labelledby={titleId} className="rdz-panel my-4">
      <h4 id={titleId} className="h5" tabIndex={-1} ref={heading}>
        {mode === 'edit' ? t('clauses.editTitle', { number: clause?.number ?? '' }) : t('clauses.addTitle')}
      </h4>
      {mode === 'add' ? <p className="mb-0">{t('clauses.addIntro')}</p> : null}
      <SaveError error={error} onReload={() => void onReload().then(() => setError(undefined))} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby={titleId}>
        {mode === 'add' ? (
          <TextField id={`${id}-number`} label={t('clauses.number')} value={form.number} onChange={set('number')} required help={t('clauses.numberHelp')} error={err('number') ?? errors['document.clauses']} />
        ) : null}
        <TextField id={`${id}-title`} label={t('clauses.clauseTitle')} value={form.title} onChange={set('title')} required maxLength={300} error={err('title')} />
        <SelectField
          id={`${id}-action`}
          label={t('clauses.action')}
          value={form.action}
          onChange={(v) => set('action')(v as ModerationAction)}
          options={MODERATION_ACTIONS.map((a) => ({ value: a, label: t(`modAction.${a}`) }))}
          error={err('action')}
        />
        <TextAreaField id={`${id}-text`} label={t('clauses.text')} value={form.text} onChange={set('text')} required rows={4} error={err('text')} />
        <div className="d-flex gap-2">
          <Button color="primary" type="submit" disabled={busy}>
            {busy ? t('common.saving') : mode === 'edit' ? t('common.save') : t('clauses.add')}
          </Button>
          {mode === 'edit' ? (
            <Button color="secondary" outline type="button" onClick={() => onDone(undefined)}>
              {t('common.cancel')}
            </Button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
