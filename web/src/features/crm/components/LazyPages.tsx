import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpinner } from '../../../components/ui';

// Every CRM page is its own chunk, loaded the first time it is opened: the app's first page does not carry them.
const ContactsPage = lazy(() => import('./ContactsPage').then((m) => ({ default: m.ContactsPage })));
const ContactPage = lazy(() => import('./ContactPage').then((m) => ({ default: m.ContactPage })));
const ImportPage = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));
const SegmentsPage = lazy(() => import('./SegmentsPage').then((m) => ({ default: m.SegmentsPage })));
const ContactFieldsPage = lazy(() => import('./ContactFieldsPage').then((m) => ({ default: m.ContactFieldsPage })));

function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<PageSpinner label={t('common.loading')} />}>{children}</Suspense>;
}

export function ContactsRoute({ basePath }: { basePath: string }) {
  return (
    <Loading>
      <ContactsPage basePath={basePath} />
    </Loading>
  );
}

export function ContactRoute({ basePath, extraPanels }: { basePath: string; extraPanels?: (contactId: string) => ReactNode }) {
  return (
    <Loading>
      <ContactPage basePath={basePath} extraPanels={extraPanels} />
    </Loading>
  );
}

export function ImportRoute({ basePath }: { basePath: string }) {
  return (
    <Loading>
      <ImportPage basePath={basePath} />
    </Loading>
  );
}

export function SegmentsRoute({ basePath }: { basePath: string }) {
  return (
    <Loading>
      <SegmentsPage basePath={basePath} />
    </Loading>
  );
}

export function ContactFieldsRoute() {
  return (
    <Loading>
      <ContactFieldsPage />
    </Loading>
  );
}
