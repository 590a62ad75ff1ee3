//! The frame of the demo's developer pages (/dev/mailbox, /dev/dns): the logo, the language switcher, the title
//! marked "dev only", and the page's body once the server's configuration says the tool is on (else why not).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Card, EmptyState, LanguageSwitcher, QueryView } from '../../components/ui';
import { useConfig } from '../../features/config';
import { Logo } from './Logo';

type Config = NonNullable<ReturnType<typeof useConfig>['data']>;

export interface DevToolLayoutProps {
  /** The i18n namespace holding `title`, `subtitle`, `devOnly`, `disabledTitle` and `disabledBody`. */
  ns: 'devmail' | 'devdns';
  /** Whether the server runs this tool. */
  isOn: (config: Config) => boolean;
  /** Buttons beside the title, shown while the tool is on. */
  actions?: ReactNode;
  testId?: string;
  children: ReactNode;
}

export function DevToolLayout({ ns, isOn, actions, testId, children }: DevToolLayoutProps) {
  const { t } = useTranslation();
  const config = useConfig();
  const on = config.data !== undefined && isOn(config.data);
  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Link to="/login" aria-label="Parley">
            <Logo />
          </Link>
          <LanguageSwitcher />
        </div>
      </header>
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6" data-testid={testId}>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <div className="flex items-center gap-2">
              <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t(`${ns}.title`)}</h1>
              <Badge tone="accent">{t(`${ns}.devOnly`)}</Badge>
            </div>
            <p className="mt-1 text-sm text-slate-500">{t(`${ns}.subtitle`)}</p>
          </div>
          {on && actions}
        </div>
        <QueryView query={config}>
          {() =>
            on ? (
              children
            ) : (
              <Card>
                <EmptyState icon="shield" title={t(`${ns}.disabledTitle`)} description={t(`${ns}.disabledBody`)} />
              </Card>
            )
          }
        </QueryView>
      </main>
    </div>
  );
}
