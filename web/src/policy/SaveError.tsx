import { Alert, Button } from 'design-react-kit';
import type { ApiError } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';

/** A failed save of the draft: a 409 says someone else changed it and offers to reload. */
export function SaveError({ error, onReload }: { error: ApiError | undefined; onReload(): void }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error.status !== 409) return <ProblemAlert error={error} />;
  return (
    <Alert color="danger" role="alert" className="my-3">
      <span>{t('policy.conflict')}</span>
      <div className="mt-2">
        <Button color="primary" size="sm" type="button" onClick={onReload}>
          {t('common.reload')}
        </Button>
      </div>
    </Alert>
  );
}
