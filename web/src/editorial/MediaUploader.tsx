import { Button } from 'design-react-kit';
import { useId, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import type { Media } from '../api/types';
import { toApiError } from '../api/useApi';
import { useMe } from '../auth/AuthContext';
import { Checkbox, TextAreaField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { ACCEPTED_MEDIA, mediaContentUrl, uploadMedia } from './media';

/**
 * Uploads images and videos one at a time; the alt text is required before the upload, the
 * captions flag is asked for videos. Shows what has been attached, with a way to remove it.
 */
export function MediaUploader({ media, onChange, idPrefix }: { media: Media[]; onChange(next: Media[]): void; idPrefix: string }) {
  const { t, lang } = useI18n();
  const { ente } = useEnte();
  const me = useMe();
  const headingId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [captions, setCaptions] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [errors, setErrors] = useState<{ file?: string; alt?: string }>({});
  const [status, setStatus] = useState('');
  const isVideo = file?.type.startsWith('video/') ?? false;

  const upload = async () => {
    const errs: { file?: string; alt?: string } = {};
    if (!file) errs.file = t('media.fileRequired');
    if (!alt.trim()) errs.alt = t('media.altRequired');
    setErrors(errs);
    setError(undefined);
    setStatus('');
    if (errs.file || errs.alt || !file) {
      document.getElementById(errs.file ? `${idPrefix}-file` : `${idPrefix}-alt`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await uploadMedia(ente.slug, me.csrfToken, file, { alt, captions, lang });
      onChange([...media, created]);
      setFile(null);
      setAlt('');
      setCaptions(false);
      if (fileInput.current) fileInput.current.value = '';
      setStatus(t('media.uploaded', { name: created.filename }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="rdz-fieldset" aria-labelledby={headingId}>
      <legend id={headingId} className="rdz-legend">
        {t('media.legend')}
      </legend>
      <p className="small mb-2">{t('media.help')}</p>
      {media.length ? (
        <ul className="rdz-media-list">
          {media.map((m) => (
            <li key={m.id} className="d-flex align-items-center mb-2">
              {m.kind === 'image' ? <img src={mediaContentUrl(ente.slug, m.id)} alt={m.altText ?? ''} /> : null}
              <span className="flex-grow-1">
                <strong>{m.filename}</strong> ({m.kind === 'image' ? t('media.image') : t('media.video')})
                <span className="d-block small">
                  {t('media.altShown')}: {m.altText || t('media.noAlt')}
                  {m.kind === 'video' ? ` · ${m.hasCaptions ? t('media.withCaptions') : t('media.withoutCaptions')}` : ''}
                </span>
              </span>
              <Button color="secondary" outline size="xs" type="button" onClick={() => onChange(media.filter((x) => x.id !== m.id))}>
                {t('media.remove')}
                <span className="visually-hidden"> {m.filename}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="form-group rdz-field">
        <label htmlFor={`${idPrefix}-file`} className="active">
          {t('media.file')}
        </label>
        <input
          ref={fileInput}
          id={`${idPrefix}-file`}
          type="file"
          className={`form-control${errors.file ? ' is-invalid' : ''}`}
          accept={ACCEPTED_MEDIA}
          aria-invalid={errors.file ? true : undefined}
          aria-describedby={errors.file ? `${idPrefix}-file-error` : `${idPrefix}-file-help`}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <small id={`${idPrefix}-file-help`} className="form-text">
          {t('media.fileHelp')}
        </small>
        {errors.file ? (
          <div id={`${idPrefix}-file-error`} className="invalid-feedback d-block">
            {errors.file}
          </div>
        ) : null}
      </div>
      <TextAreaField id={`${idPrefix}-alt`} label={t('media.alt')} value={alt} onChange={setAlt} required rows={2} help={t('media.altHelp')} error={errors.alt} maxLength={1500} />
      {isVideo ? <Checkbox id={`${idPrefix}-captions`} label={t('media.captions')} checked={captions} onChange={setCaptions} help={t('media.captionsHelp')} /> : null}
      <ProblemAlert error={error} />
      <div role="status" className="small">
        {status}
      </div>
      <Button color="primary" outline size="sm" type="button" disabled={busy} onClick={() => void upload()} className="mt-2">
        {busy ? t('media.uploading') : t('media.upload')}
      </Button>
    </fieldset>
  );
}
