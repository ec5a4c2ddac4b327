import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n/I18n';

/** Crisis mode and alerts (placeholder, to be built). */
export default function CrisisPage() {
  const { t } = useI18n();
  return <PageTitle>{t('nav.crisis')}</PageTitle>;
}
