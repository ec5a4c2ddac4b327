import { PLATFORMS, type Channel, type ChannelCreateBody, type Desk, type Platform } from '../api/types';
import { SelectField, TextAreaField, TextField } from '../components/Fields';
import { useI18n } from '../i18n/I18n';

export interface ChannelFormState {
  platform: string;
  handle: string;
  name: string;
  url: string;
  purpose: string;
  audience: string;
  ownerDeskId: string;
}

export const EMPTY_CHANNEL: ChannelFormState = { platform: '', handle: '', name: '', url: '', purpose: '', audience: '', ownerDeskId: '' };

export const channelToForm = (c: Channel): ChannelFormState => ({
  platform: c.platform,
  handle: c.handle,
  name: c.name,
  url: c.url,
  purpose: c.purpose,
  audience: c.audience,
  ownerDeskId: c.ownerDeskId ?? '',
});

export const formToBody = (f: ChannelFormState): ChannelCreateBody => ({
  platform: f.platform as Platform,
  handle: f.handle.trim(),
  name: f.name.trim(),
  url: f.url.trim(),
  purpose: f.purpose.trim(),
  audience: f.audience.trim(),
  ownerDeskId: f.ownerDeskId || null,
});

/** The descriptive fields of a channel, shared by the "new channel" and the edit forms. */
export function ChannelFields({
  idPrefix,
  form,
  onChange,
  desks,
  errors,
}: {
  idPrefix: string;
  form: ChannelFormState;
  onChange(next: ChannelFormState): void;
  desks: Desk[];
  errors: Record<string, string>;
}) {
  const { t, label } = useI18n();
  const set = (k: keyof ChannelFormState) => (v: string) => onChange({ ...form, [k]: v });
  return (
    <div className="row">
      <div className="col-12 col-md-6">
        <SelectField
          id={`${idPrefix}-platform`}
          label={t('channels.platform')}
          value={form.platform}
          onChange={set('platform')}
          options={PLATFORMS.map((p) => ({ value: p, label: label('platform', p) }))}
          placeholder={t('channels.choose')}
          required
          error={errors.platform}
        />
      </div>
      <div className="col-12 col-md-6">
        <TextField id={`${idPrefix}-handle`} label={t('channels.handle')} value={form.handle} onChange={set('handle')} required maxLength={200} error={errors.handle} />
      </div>
      <div className="col-12 col-md-6">
        <TextField id={`${idPrefix}-name`} label={t('channels.name')} value={form.name} onChange={set('name')} required maxLength={200} error={errors.name} />
      </div>
      <div className="col-12 col-md-6">
        <TextField id={`${idPrefix}-url`} label={t('channels.url')} type="url" value={form.url} onChange={set('url')} required maxLength={500} error={errors.url} />
      </div>
      <div className="col-12 col-md-6">
        <TextAreaField id={`${idPrefix}-purpose`} label={t('channels.purpose')} value={form.purpose} onChange={set('purpose')} required maxLength={2000} error={errors.purpose} />
      </div>
      <div className="col-12 col-md-6">
        <TextAreaField id={`${idPrefix}-audience`} label={t('channels.audience')} value={form.audience} onChange={set('audience')} required maxLength={2000} error={errors.audience} />
      </div>
      <div className="col-12 col-md-6">
        <SelectField
          id={`${idPrefix}-desk`}
          label={`${t('channels.ownerDesk')} ${t('common.optional')}`}
          value={form.ownerDeskId}
          onChange={set('ownerDeskId')}
          options={desks.map((d) => ({ value: d.id, label: d.name }))}
          placeholder={t('channels.noDesk')}
          error={errors.ownerDeskId}
        />
      </div>
    </div>
  );
}
