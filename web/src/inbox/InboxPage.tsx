import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n/I18n';

/** The community inbox (placeholder, to be built). */
export default function InboxPage() {
  const { t } = useI18n();
  return <PageTitle>{t('nav.inbox')}</PageTitle>;
}
