//! Branded mail's calls (docs/agencies.md, "Branded mail"): the templates with their texts per language, saving and
//! resetting an owner's text, previews of unsaved edits, test sends, and the sender with its DNS verification;
//! through the generated typed client.
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/generated/schema';
import { LANGUAGES } from '../../i18n';

export type MailTemplateList = components['schemas']['MailTemplateList'];
export type MailTemplateInfo = components['schemas']['MailTemplateInfo'];
export type MailTemplateLocale = components['schemas']['MailTemplateLocale'];
export type MailPreview = components['schemas']['MailPreview'];
export type MailTestSent = components['schemas']['MailTestSent'];
export type MailSender = components['schemas']['MailSender'];
export type MailSenderInput = components['schemas']['MailSenderInput'];
export type SenderRecord = components['schemas']['SenderRecord'];
export type MailTemplateKey = operations['put_mail_template']['parameters']['path']['key'];
export type MailLocale = operations['put_mail_template']['parameters']['path']['locale'];
/** Mails are written in every language of the product, in the language menu's order (English first). */
export const MAIL_LOCALES: readonly MailLocale[] = LANGUAGES.map((l) => l.code);
/** A mail language by its own name (as the language menu shows it). */
export const mailLocaleName = (l: string): string => LANGUAGES.find((x) => x.code === l)?.label ?? l;

/** Whose text a language's mails use now: the workspace's own, its agency's, or ours. */
export type TextSource = 'own' | 'agency' | 'default';

export function sourceOf(l: MailTemplateLocale | undefined): TextSource {
  return l?.override ? 'own' : l?.agency ? 'agency' : 'default';
}

/** Unsaved edits: what is left out is rendered as the workspace's mails use it now. */
export interface MailDraft {
  subject?: string;
  body?: string;
}

const at = (key: MailTemplateKey, locale: MailLocale) => ({ params: { path: { key, locale } } });

export const mailApi = {
  templates: () => unwrap(api.GET('/api/v1/settings/mail/templates')),
  save: (key: MailTemplateKey, locale: MailLocale, subject: string, body: string) =>
    unwrap(api.PUT('/api/v1/settings/mail/templates/{key}/{locale}', { ...at(key, locale), body: { subject, body } })),
  reset: (key: MailTemplateKey, locale: MailLocale) =>
    unwrap(api.DELETE('/api/v1/settings/mail/templates/{key}/{locale}', at(key, locale))),
  preview: (key: MailTemplateKey, locale: MailLocale, draft: MailDraft) =>
    unwrap(api.POST('/api/v1/settings/mail/templates/{key}/{locale}/preview', { ...at(key, locale), body: draft })),
  test: (key: MailTemplateKey, locale: MailLocale, draft: MailDraft) =>
    unwrap(api.POST('/api/v1/settings/mail/templates/{key}/{locale}/test', { ...at(key, locale), body: draft })),
  sender: () => unwrap(api.GET('/api/v1/settings/mail/sender')),
  saveSender: (input: MailSenderInput) => unwrap(api.PUT('/api/v1/settings/mail/sender', { body: input })),
  verifySender: () => unwrap(api.POST('/api/v1/settings/mail/sender/verify')),
};
