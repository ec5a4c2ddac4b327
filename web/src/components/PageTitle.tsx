import { useEffect } from 'react';
import { useI18n } from '../i18n/I18n';

/** The page's single h1, and the document title to match. */
export function PageTitle({ children, sub }: { children: string; sub?: string }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${children} – ${t('app.name')}`;
  }, [children, t]);
  return (
    <div className="mb-4">
      <h1 className="h2 mb-1">{children}</h1>
      {sub ? <p className="lead mb-0">{sub}</p> : null}
    </div>
  );
}
