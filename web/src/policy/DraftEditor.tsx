import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import type { PolicyDocument, PolicySection } from '../api/types';
import { toApiError } from '../api/useApi';
import { fieldErrors, TextAreaField, TextField } from '../components/Fields';
import { StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import type { SaveDocument } from './PolicyPage';
import { SaveError } from './SaveError';

/** The draft's sections, one disclosure each: read-only, or a title and body to edit and save. */
export function DraftEditor({ document: doc, editable, onSave, onReload }: { document: PolicyDocument; editable: boolean; onSave: SaveDocument; onReload(): Promise<void> }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="draft-title" className="mb-5">
      <h3 id="draft-title" className="h4">
        {t('policy.draft')}
      </h3>
      <p>{editable ? t('policy.draftIntro') : t('policy.draftReadOnly')}</p>
      <div className="rdz-sections">
        {doc.sections.map((s, i) => (
          <details key={s.key} className="rdz-section">
            <summary>
              {i + 1}. {s.title}
            </summary>
            {editable ? (
              <SectionForm section={s} index={i} onSave={onSave} onReload={onReload} />
            ) : (
              <div className="rdz-prose mt-2">{s.body}</div>
            )}
          </details>
        ))}
      </div>
    </section>
  );
}

function SectionForm({ section, index, onSave, onReload }: { section: PolicySection; index: number; onSave: SaveDocument; onReload(): Promise<void> }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(section.title);
  const [body, setBody] = useState(section.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();

  // When the saved text changes (our save, or a reload after a conflict), start from it again.
  useEffect(() => {
    setTitle(section.title);
    setBody(section.body);
  }, [section.title, section.body]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      await onSave((doc) => ({ ...doc, sections: doc.sections.map((s) => (s.key === section.key ? { ...s, title, body } : s)) }) as PolicyDocument);
      setStatus(t('policy.sectionSaved', { title }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  const id = `section-${section.key}`;
  return (
    <form onSubmit={submit} noValidate className="rdz-form" aria-label={t('policy.sectionForm', { title: section.title })}>
      <SaveError error={error} onReload={() => void onReload().then(() => setError(undefined))} />
      <TextField id={`${id}-title`} label={t('policy.sectionTitle')} value={title} onChange={setTitle} required maxLength={300} error={errors[`document.sections.${index}.title`]} />
      <TextAreaField
        id={`${id}-body`}
        label={t('policy.sectionBody')}
        value={body}
        onChange={setBody}
        rows={10}
        help={t('policy.bodyHelp')}
        error={errors[`document.sections.${index}.body`] ?? errors[`document.sections.${index}`]}
      />
      <StatusMessage>{status}</StatusMessage>
      <Button color="primary" type="submit" disabled={busy}>
        {busy ? t('common.saving') : t('policy.saveSection')}
      </Button>
    </form>
  );
}
