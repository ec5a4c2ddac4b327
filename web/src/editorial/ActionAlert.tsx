import { Alert, Button } from 'design-react-kit';
import type { ApiError } from '../api/client';
import { problemMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';

/**
 * An action's refusal (role="alert"): a title saying what was refused, the server's message and,
 * when the server lists them (blocking findings, fields), each reason.
 */
export function ActionAlert({ error, title, onReload }: { error: ApiError | undefined; title?: string; onReload?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const items = error.fieldErrors.filter((e) => e.message);
  return (
    <Alert color="danger" role="alert" className="my-3">
      {title ? <strong className="d-block mb-1">{title}</strong> : null}
      <span>{problemMessage(error, t)}</span>
      {items.length ? (
        <ul className="mt-2 mb-0">
          {items.map((e, i) => (
            <li key={`${e.field}-${i}`}>{e.message}</li>
          ))}
        </ul>
      ) : null}
      {error.code === 'version_conflict' && onReload ? (
        <div className="mt-2">
          <Button color="primary" size="sm" type="button" onClick={onReload}>
            {t('common.reload')}
          </Button>
        </div>
      ) : null}
    </Alert>
  );
}
