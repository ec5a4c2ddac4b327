import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import { toApiError } from '../api/useApi';
import { fieldErrors, SelectField, TextAreaField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import type { Outcome } from './Outcome';
import { useInboxPaths } from './shared';
import type { InboxItem } from './types';
import { useDirectory } from './useDirectory';

/** Assign the item to a desk and/or a person of the Ente (empty clears). */
export function AssignForm({ item, onDone }: { item: InboxItem; onDone(outcome: Outcome): void }) {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const dir = useDirectory();
  const [desk, setDesk] = useState(item.deskId ?? '');
  const [person, setPerson] = useState(item.assigneeId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api<InboxItem>(`${base}/items/${item.id}/assign`, { method: 'POST', body: { deskId: desk || null, assigneeId: person || null } });
      const who = [dir.deskName(desk || null), dir.personName(person || null)].filter(Boolean).join(', ');
      onDone({ tone: 'success', text: who ? t('inbox.assign.done', { who }) : t('inbox.assign.cleared') });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <section aria-labelledby="assign-title" className="rdz-panel">
      <h3 id="assign-title" className="h5">
        {t('inbox.assign.title')}
      </h3>
      <ProblemAlert error={error ?? dir.error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="assign-title">
        <div className="row">
          <div className="col-md-6">
            <SelectField id="assign-desk" label={t('inbox.assign.desk')} value={desk} onChange={setDesk} placeholder={t('inbox.assign.noDesk')} options={dir.desks.map((d) => ({ value: d.id, label: d.name }))} error={errors.deskId} />
          </div>
          <div className="col-md-6">
            <SelectField id="assign-person" label={t('inbox.assign.person')} value={person} onChange={setPerson} placeholder={t('inbox.assign.noPerson')} options={dir.people.map((p) => ({ value: p.userId, label: p.name }))} error={errors.assigneeId} />
          </div>
        </div>
        <Button color="primary" outline type="submit" disabled={busy}>
          {busy ? t('common.saving') : t('inbox.assign.submit')}
        </Button>
      </form>
    </section>
  );
}

/** An internal note, visible only to the office. */
export function NoteForm({ item, onDone }: { item: InboxItem; onDone(outcome: Outcome): void }) {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!text.trim()) {
      setMissing(true);
      document.getElementById('note-text')?.focus();
      return;
    }
    setBusy(true);
    try {
      await api(`${base}/items/${item.id}/notes`, { method: 'POST', body: { text: text.trim() } });
      setText('');
      onDone({ tone: 'success', text: t('inbox.note.done') });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="note-title" className="rdz-panel">
      <h3 id="note-title" className="h5">
        {t('inbox.note.title')}
      </h3>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="note-title">
        <TextAreaField
          id="note-text"
          label={t('inbox.note.text')}
          value={text}
          onChange={(v) => {
            setText(v);
            if (v.trim()) setMissing(false);
          }}
          required
          rows={2}
          maxLength={5000}
          help={t('inbox.note.help')}
          error={missing ? t('inbox.note.required') : fieldErrors(error).text}
        />
        <Button color="primary" outline type="submit" disabled={busy}>
          {busy ? t('common.saving') : t('inbox.note.submit')}
        </Button>
      </form>
    </section>
  );
}
