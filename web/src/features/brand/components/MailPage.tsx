//! Settings → Mail (owners of a workspace that may brand; docs/agencies.md, "Branded mail"): the sender card and the
//! list of every mail with, per language, whether it uses our text, the agency's or the workspace's own, each
//! opening the editor. A workspace that may not brand sees why instead.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Badge, Card, CardHeader, PageHeader, PageSpinner, buttonClasses, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { MAIL_LOCALES, mailLocaleName, sourceOf, type MailLocale, type MailTemplateInfo, type TextSource } from '../mailApi';
import { useMailSender, useMailTemplates } from '../mailHooks';
import { MailSenderCard } from './MailSenderCard';

const SOURCE_TONE: Record<TextSource, BadgeTone> = { own: 'primary', agency: 'secondary', default: 'neutral' };

export function MailPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const templates = useMailTemplates();
  const sender = useMailSender();
  return (
    <div className="space-y-6" data-testid="mail-page">
      <PageHeader title={t('mail.title')} description={t('mail.subtitle')} />
      {templates.isPending || sender.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : templates.isError ? (
        <div data-testid="mail-not-allowed">
          <Alert tone="warning">{errorText(templates.error)}</Alert>
        </div>
      ) : (
        <>
          {sender.isError ? <Alert tone="danger">{errorText(sender.error)}</Alert> : <MailSenderCard sender={sender.data} />}
          <Card data-testid="mail-templates">
            <CardHeader title={t('mail.templates.title')} description={t('mail.templates.subtitle')} />
            <ul className="divide-y divide-slate-100">
              {templates.data.templates.map((tpl) => (
                <TemplateRow key={tpl.key} template={tpl} />
              ))}
            </ul>
          </Card>
        </>
      )}
    </div>
  );
}

function TemplateRow({ template: tpl }: { template: MailTemplateInfo }) {
  const { t } = useTranslation();
  const name = (key: string) => t(`mail.names.${key}` as 'mail.names.welcome', { defaultValue: key });
  const description = t(`mail.descriptions.${tpl.key}` as 'mail.descriptions.welcome', { defaultValue: tpl.description });
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="mail-template" data-key={tpl.key}>
      <div className="min-w-0">
        <p className="font-medium text-slate-900">{name(tpl.key)}</p>
        <p className="text-sm text-slate-500">{description}</p>
      </div>
      <div className="flex flex-wrap gap-2">
        {MAIL_LOCALES.map((locale: MailLocale) => {
          const source = sourceOf(tpl.locales.find((l) => l.locale === locale));
          return (
            <Link
              key={locale}
              to={`/app/mail/${tpl.key}/${locale}`}
              className={buttonClasses('outline', 'sm', 'gap-2')}
              aria-label={t('mail.templates.edit', { language: mailLocaleName(locale) }) + ` — ${name(tpl.key)}`}
              data-testid={`edit-${tpl.key}-${locale}`}
              data-source={source}
            >
              {mailLocaleName(locale)}
              <Badge tone={SOURCE_TONE[source]}>{t(`mail.templates.state.${source}`)}</Badge>
            </Link>
          );
        })}
      </div>
    </li>
  );
}
