//! One widget's settings: name, allowed domains, colour and position, greeting, away and consent texts per language,
//! the pre-chat form, the team that receives its conversations, "continue on WhatsApp", on/off; a live preview next
//! to the form, the snippet to paste with a copy button, the identity secret's rotation (shown once) and deletion.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  CardBody,
  ConfirmModal,
  CopyField,
  Field,
  Icon,
  Input,
  PageHeader,
  QueryView,
  ResultModal,
  SelectField,
  Switch,
  TextAreaField,
  TextField,
  Textarea,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useTeams } from '../../inbox';
import { useConnections } from '../../whatsapp';
import { useWidget, useWidgetActions } from '../hooks';
import { cleanTexts, parseDomains } from '../settings';
import { ASKS, WIDGET_LANGUAGES, type Prechat, type Widget, type WidgetLanguage } from '../types';
import { takeSecret } from './secret';
import { WidgetPreview } from './WidgetPreview';

const DEFAULT_COLOR = '#25d366';

export function WidgetRoute() {
  const { id = '' } = useParams();
  const widget = useWidget(id);
  return <QueryView query={widget}>{(w) => <WidgetSettings key={w.id} widget={w} />}</QueryView>;
}

function SecretModal({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ResultModal open onClose={onClose} title={t('widgets.secret.title')} testId="widget-secret">
      <Alert tone="warning">{t('widgets.secret.once')}</Alert>
      <CopyField value={secret} aria-label={t('widgets.secret.title')} data-testid="widget-secret-value" />
      <p className="text-sm text-slate-600">{t('widgets.secret.how')}</p>
    </ResultModal>
  );
}

function WidgetSettings({ widget }: { widget: Widget }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const teams = useTeams();
  const connections = useConnections();
  const { update, remove, rotate } = useWidgetActions();
  const [name, setName] = useState(widget.name);
  const [domains, setDomains] = useState(widget.allowedDomains.join('\n'));
  const [brandColor, setBrandColor] = useState(widget.color == null);
  const [color, setColor] = useState(widget.color ?? DEFAULT_COLOR);
  const [position, setPosition] = useState(widget.position);
  const [greeting, setGreeting] = useState<Record<string, string>>(widget.greeting);
  const [awayText, setAwayText] = useState<Record<string, string>>(widget.awayText);
  const [prechat, setPrechat] = useState<Prechat>(widget.prechat);
  const [teamId, setTeamId] = useState(widget.teamId ?? '');
  const [waId, setWaId] = useState(widget.whatsappConnectionId ?? '');
  const [waText, setWaText] = useState(widget.whatsappText ?? '');
  const [enabled, setEnabled] = useState(widget.enabled);
  const uiLang = (WIDGET_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as WidgetLanguage) : 'en';
  const [lang, setLang] = useState<WidgetLanguage>(uiLang);
  const [previewAway, setPreviewAway] = useState(false);
  const [secret, setSecret] = useState<string | null>(() => takeSecret(widget.id));
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState(false);
  const numbers = (connections.data ?? []).filter((c) => c.kind !== 'widget');
  const languageName = (l: string) => new Intl.DisplayNames([i18n.language], { type: 'language' }).of(l) ?? l;

  const save = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate(
      {
        id: widget.id,
        body: {
          name: name.trim(),
          allowedDomains: parseDomains(domains),
          color: brandColor ? null : color,
          position: position === 'left' ? 'left' : 'right',
          greeting: cleanTexts(greeting),
          awayText: cleanTexts(awayText),
          prechat: { ...prechat, consentText: cleanTexts(prechat.consentText ?? {}) },
          teamId: teamId || null,
          whatsappConnectionId: waId || null,
          whatsappText: waText.trim() || null,
          enabled,
        },
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <div className="mx-auto max-w-6xl">
      <Link to=".." relative="path" className="mb-3 inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-700">
        <Icon name="arrowStart" className="size-4" />
        {t('widgets.title')}
      </Link>
      <PageHeader
        title={<bdi>{widget.name}</bdi>}
        description={t('widgets.page.description')}
        actions={
          <Button variant="danger" onClick={() => setConfirmDelete(true)} data-testid="widget-delete">
            <Icon name="trash" className="size-4" />
            {t('widgets.delete.button')}
          </Button>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form id="widget-form" onSubmit={save} className="min-w-0 space-y-6" data-testid="widget-form">
          <Card>
            <CardBody className="space-y-4">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.sections.site')}</h2>
              <TextField name="name" label={t('widgets.fields.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
              <TextAreaField name="domains" label={t('widgets.fields.domains')} hint={t('widgets.fields.domainsHint')} value={domains} onChange={(e) => setDomains(e.target.value)} rows={3} dir="ltr" />
              <div className="flex items-center justify-between gap-3">
                <span className="text-sm font-medium text-slate-700">{t('widgets.fields.enabled')}</span>
                <Switch on={enabled} onChange={setEnabled} label={t('widgets.fields.enabled')} testId="widget-form-enabled" />
              </div>
            </CardBody>
          </Card>

          <Card>
            <CardBody className="space-y-4">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.sections.look')}</h2>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={brandColor} onChange={(e) => setBrandColor(e.target.checked)} className="size-4 rounded border-slate-300" />
                {t('widgets.fields.brandColor')}
              </label>
              {!brandColor && (
                <Field label={t('widgets.fields.color')} htmlFor="widget-color">
                  <div className="flex items-center gap-2">
                    <input type="color" value={color} onChange={(e) => setColor(e.target.value)} aria-label={t('widgets.fields.color')} className="h-10 w-14 cursor-pointer rounded border border-slate-300" />
                    <Input id="widget-color" value={color} onChange={(e) => setColor(e.target.value)} pattern="#[0-9a-fA-F]{6}" dir="ltr" className="max-w-32 font-mono" />
                  </div>
                </Field>
              )}
              <SelectField name="position" label={t('widgets.fields.position')} value={position} onChange={(e) => setPosition(e.target.value === 'left' ? 'left' : 'right')}>
                <option value="right">{t('widgets.position.right')}</option>
                <option value="left">{t('widgets.position.left')}</option>
              </SelectField>
            </CardBody>
          </Card>

          <Card>
            <CardBody className="space-y-4">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.sections.texts')}</h2>
              <SelectField name="lang" label={t('widgets.fields.language')} hint={t('widgets.fields.languageHint')} value={lang} onChange={(e) => setLang(e.target.value as WidgetLanguage)}>
                {WIDGET_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {languageName(l)}
                    {greeting[l]?.trim() ? ' ✓' : ''}
                  </option>
                ))}
              </SelectField>
              <TextAreaField
                name={`greeting-${lang}`}
                label={t('widgets.fields.greeting', { language: languageName(lang) })}
                value={greeting[lang] ?? ''}
                onChange={(e) => setGreeting({ ...greeting, [lang]: e.target.value })}
                rows={2}
                dir={lang === 'ar' ? 'rtl' : 'ltr'}
                maxLength={1000}
              />
              <TextAreaField
                name={`away-${lang}`}
                label={t('widgets.fields.away', { language: languageName(lang) })}
                hint={t('widgets.fields.awayHint')}
                value={awayText[lang] ?? ''}
                onChange={(e) => setAwayText({ ...awayText, [lang]: e.target.value })}
                rows={2}
                dir={lang === 'ar' ? 'rtl' : 'ltr'}
                maxLength={1000}
              />
            </CardBody>
          </Card>

          <Card>
            <CardBody className="space-y-4">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.sections.prechat')}</h2>
              <div className="grid gap-4 sm:grid-cols-2">
                {(['name', 'email', 'phone', 'consent'] as const).map((f) => (
                  <SelectField key={f} name={`prechat-${f}`} label={t(`widgets.prechat.${f}`)} value={prechat[f]} onChange={(e) => setPrechat({ ...prechat, [f]: e.target.value as Prechat['name'] })}>
                    {ASKS.map((a) => (
                      <option key={a} value={a}>
                        {t(`widgets.ask.${a}`)}
                      </option>
                    ))}
                  </SelectField>
                ))}
              </div>
              {prechat.consent !== 'off' && (
                <Field label={t('widgets.fields.consentText', { language: languageName(lang) })} htmlFor={`consent-${lang}`}>
                  <Textarea
                    id={`consent-${lang}`}
                    rows={2}
                    dir={lang === 'ar' ? 'rtl' : 'ltr'}
                    value={prechat.consentText?.[lang] ?? ''}
                    onChange={(e) => setPrechat({ ...prechat, consentText: { ...(prechat.consentText ?? {}), [lang]: e.target.value } })}
                  />
                </Field>
              )}
            </CardBody>
          </Card>

          <Card>
            <CardBody className="space-y-4">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.sections.routing')}</h2>
              <SelectField name="team" label={t('widgets.fields.team')} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
                <option value="">{t('widgets.fields.noTeam')}</option>
                {(teams.data ?? []).map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </SelectField>
              <SelectField name="whatsapp" label={t('widgets.fields.whatsapp')} hint={t('widgets.fields.whatsappHint')} value={waId} onChange={(e) => setWaId(e.target.value)}>
                <option value="">{t('widgets.fields.noWhatsapp')}</option>
                {numbers.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name}
                    {n.displayPhoneNumber ? ` (${n.displayPhoneNumber})` : ''}
                  </option>
                ))}
              </SelectField>
              {waId && (
                <TextField name="whatsappText" label={t('widgets.fields.whatsappText')} value={waText} onChange={(e) => setWaText(e.target.value)} maxLength={500} />
              )}
            </CardBody>
          </Card>

          {update.error ? <Alert tone="danger">{errorText(update.error)}</Alert> : null}
          {saved && !update.isPending ? (
            <p role="status" className="text-sm text-success-700" data-testid="widget-saved">
              {t('widgets.saved')}
            </p>
          ) : null}
          <div className="flex justify-end">
            <Button type="submit" loading={update.isPending} data-testid="widget-save">
              {t('widgets.save')}
            </Button>
          </div>
        </form>

        <aside className="min-w-0 space-y-6 lg:sticky lg:top-4 lg:self-start">
          <Card>
            <CardBody className="space-y-3">
              <div className="flex items-center justify-between gap-2">
                <h2 className="text-base font-semibold text-slate-900">{t('widgets.preview.title')}</h2>
                <label className="flex items-center gap-1.5 text-xs text-slate-600">
                  <input type="checkbox" checked={previewAway} onChange={(e) => setPreviewAway(e.target.checked)} className="size-4 rounded border-slate-300" />
                  {t('widgets.preview.showAway')}
                </label>
              </div>
              <WidgetPreview
                name={name}
                color={brandColor ? (widget.color ?? DEFAULT_COLOR) : color}
                position={position}
                greeting={greeting}
                awayText={awayText}
                prechat={prechat}
                whatsapp={Boolean(waId)}
                lang={lang}
                away={previewAway}
              />
            </CardBody>
          </Card>
          <Card>
            <CardBody className="space-y-3">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.snippet.title')}</h2>
              <p className="text-sm text-slate-600">{t('widgets.snippet.how')}</p>
              <CopyField value={widget.snippet} aria-label={t('widgets.snippet.title')} data-testid="widget-snippet" />
            </CardBody>
          </Card>
          <Card>
            <CardBody className="space-y-3">
              <h2 className="text-base font-semibold text-slate-900">{t('widgets.secret.title')}</h2>
              <p className="text-sm text-slate-600">{t('widgets.secret.what')}</p>
              <Button variant="outline" onClick={() => setConfirmRotate(true)} data-testid="widget-rotate">
                <Icon name="key" className="size-4" />
                {t('widgets.secret.rotate')}
              </Button>
            </CardBody>
          </Card>
        </aside>
      </div>

      <ConfirmModal
        open={confirmRotate}
        title={t('widgets.secret.rotate')}
        body={t('widgets.secret.confirm')}
        confirmLabel={t('widgets.secret.rotate')}
        loading={rotate.isPending}
        error={rotate.error ? errorText(rotate.error) : null}
        onClose={() => setConfirmRotate(false)}
        onConfirm={() =>
          rotate.mutate(widget.id, {
            onSuccess: (r) => {
              setConfirmRotate(false);
              setSecret(r.secret);
            },
          })
        }
      />
      <ConfirmModal
        open={confirmDelete}
        danger
        title={t('widgets.delete.title', { name: widget.name })}
        body={t('widgets.delete.body')}
        confirmLabel={t('widgets.delete.button')}
        loading={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate(widget.id, { onSuccess: () => navigate('..', { relative: 'path' }) })}
      />
      {secret && <SecretModal secret={secret} onClose={() => setSecret(null)} />}
    </div>
  );
}
