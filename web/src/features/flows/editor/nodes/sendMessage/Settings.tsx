import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Icon, Select } from '../../../../../components/ui';
import { useErrorText } from '../../../../../i18n/useErrorText';
import { flowsApi } from '../../../api';
import { MEDIA_KINDS, type FlowMediaKind } from '../../../types';
import { TEXT_MAX } from '../../askStyle';
import { TemplateField } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

const CAPTION_MAX = 1024;

function kindOfMime(mime: string | null | undefined): FlowMediaKind {
  if (mime?.startsWith('image/')) return 'image';
  if (mime?.startsWith('video/')) return 'video';
  if (mime?.startsWith('audio/')) return 'audio';
  return 'document';
}

export function SendMessageSettings({ data, onChange }: SettingsProps<'sendMessage'>) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { readOnly } = useSettingsData();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const captioned = data.mediaId && data.mediaKind && data.mediaKind !== 'audio';

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    try {
      const media = await flowsApi.upload(file);
      onChange({ ...data, mediaId: media.id, mediaKind: kindOfMime(media.mimeType ?? file.type) });
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="space-y-4">
      <TemplateField
        label={captioned ? t('flows.fields.caption') : t('flows.fields.message')}
        value={data.text ?? ''}
        onChange={(text) => onChange({ ...data, text }, 'text')}
        max={captioned ? CAPTION_MAX : TEXT_MAX}
        rows={5}
        testId="field-text"
      />
      <div className="space-y-2">
        <p className="text-sm font-medium text-slate-700">{t('flows.fields.media')}</p>
        {data.mediaId ? (
          <div className="flex flex-wrap items-center gap-2">
            <Select
              value={data.mediaKind ?? 'document'}
              disabled={readOnly}
              onChange={(e) => onChange({ ...data, mediaKind: e.target.value as FlowMediaKind })}
              aria-label={t('flows.fields.mediaKind')}
              className="w-40!"
            >
              {MEDIA_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`flows.media.${k}`)}
                </option>
              ))}
            </Select>
            {!readOnly && (
              <Button variant="ghost" size="sm" onClick={() => onChange({ text: data.text })}>
                <Icon name="trash" className="size-4" />
                {t('flows.fields.removeMedia')}
              </Button>
            )}
          </div>
        ) : (
          !readOnly && (
            <label className="inline-flex cursor-pointer items-center gap-2 rounded-lg border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-600 hover:bg-slate-50">
              <Icon name="paperclip" className="size-4" />
              {uploading ? t('common.loading') : t('flows.fields.attach')}
              <input type="file" className="sr-only" disabled={uploading} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
            </label>
          )
        )}
        {error !== null && <Alert tone="danger">{errorText(error)}</Alert>}
      </div>
    </div>
  );
}
