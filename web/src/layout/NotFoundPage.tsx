import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n/I18n';

export function NotFoundPage({ noEnti }: { noEnti?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{noEnti ? t('home.noEnti') : t('notFound.body')}</p>
      {noEnti ? null : <Link to="/">{t('notFound.home')}</Link>}
    </>
  );
}
