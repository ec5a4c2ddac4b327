import { useI18n } from '../i18n/I18n';

/** A polite loading indicator. */
export function Loading() {
  const { t } = useI18n();
  return (
    <div className="d-flex align-items-center gap-3 my-4" role="status">
      <div className="progress-spinner progress-spinner-active size-sm" aria-hidden="true" />
      <span>{t('common.loading')}</span>
    </div>
  );
}
