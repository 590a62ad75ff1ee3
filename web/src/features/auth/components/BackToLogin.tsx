import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The "back to sign in" link under the auth forms that are reached from the login page. */
export function BackToLogin() {
  const { t } = useTranslation();
  return (
    <Link to="/login" className="font-medium text-primary-600 hover:text-primary-700">
      {t('auth.backToLogin')}
    </Link>
  );
}
