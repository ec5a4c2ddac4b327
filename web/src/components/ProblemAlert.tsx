import { Alert, Button } from 'design-react-kit';
import type { ApiError } from '../api/client';
import { useI18n, type Translate } from '../i18n/I18n';

/** The message to show for an API error, in the UI language. */
export function problemMessage(error: ApiError, t: Translate): string {
  if (error.status === 0) return error.code === 'network' ? t('error.network') : error.problem.detail || t('error.generic');
  if (error.status === 429) {
    const wait = error.retryAfter;
    // The server's detail already names the wait; fall back to ours when it is missing.
    return error.problem.detail || t('error.rateLimited', { seconds: wait ?? 60 });
  }
  if (error.code === 'version_conflict') return t('error.conflict');
  if (error.status === 403 && !error.problem.detail) return t('error.forbidden');
  return error.problem.detail || t('error.generic');
}

/**
 * An error from the API shown in an alert read out at once (role="alert"). A version conflict
 * offers to reload; validation errors add a hint that fields are marked.
 */
export function ProblemAlert({ error, onReload, title }: { error: ApiError | undefined; onReload?: () => void; title?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const conflict = error.code === 'version_conflict';
  // The server's detail already says to correct the fields; add the hint only when it is missing.
  const hasFields = error.fieldErrors.length > 0 && !error.problem.detail;
  return (
    <Alert color="danger" role="alert" className="my-3">
      {title ? <strong className="d-block">{title}</strong> : null}
      <span>{problemMessage(error, t)}</span>
      {hasFields ? <span> {t('error.fields')}</span> : null}
      {conflict && onReload ? (
        <div className="mt-2">
          <Button color="primary" size="sm" type="button" onClick={onReload}>
            {t('common.reload')}
          </Button>
        </div>
      ) : null}
    </Alert>
  );
}

/** A success message read out politely. */
export function StatusMessage({ children }: { children: string | undefined | null }) {
  return (
    <div role="status" aria-live="polite">
      {children ? (
        <Alert color="success" className="my-3">
          {children}
        </Alert>
      ) : null}
    </div>
  );
}
