import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import { ENTE_TYPES, type Ente, type EnteUpdateBody } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, SelectField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';

interface FormState {
  name: string;
  type: string;
  codiceIpa: string;
  timeZone: string;
  parentSlug: string;
  website: string;
  email: string;
}

const toForm = (e: Ente): FormState => ({
  name: e.name,
  type: e.type,
  codiceIpa: e.codiceIpa ?? '',
  timeZone: e.timeZone,
  parentSlug: e.parent?.slug ?? '',
  website: e.website ?? '',
  email: e.email ?? '',
});

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The Ente's details; administrators edit them (optimistic locking with `version`). */
export default function EntePage() {
  const { t, label, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const res = useApi<Ente>(entePath(ente.slug));
  const [form, setForm] = useState<FormState>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    if (res.data) setForm(toForm(res.data));
  }, [res.data]);

  const data = res.data;
  const canEdit = can('ente.update');
  const set = (k: keyof FormState) => (v: string) => setForm((f) => (f ? { ...f, [k]: v } : f));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !data) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    const body: EnteUpdateBody = {
      name: form.name.trim(),
      type: form.type as EnteUpdateBody['type'],
      codiceIpa: orNull(form.codiceIpa),
      timeZone: form.timeZone.trim(),
      parentSlug: orNull(form.parentSlug),
      website: orNull(form.website),
      email: orNull(form.email),
      version: data.version,
    };
    try {
      const updated = await api<Ente>(entePath(ente.slug), { method: 'PATCH', body });
      res.setData(updated);
      setSaved(t('common.saved'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    setError(undefined);
    await res.reload();
  };

  const errs = fieldErrors(error);
  return (
    <>
      <PageTitle>{t('ente.details')}</PageTitle>
      <ProblemAlert error={res.error} />
      {res.loading && !data ? <Loading /> : null}
      {data ? (
        <section aria-labelledby="ente-view" className="mb-5">
          <h2 id="ente-view" className="h4">
            {data.name}
          </h2>
          <dl className="row rdz-dl">
            <dt className="col-sm-4">{t('ente.type')}</dt>
            <dd className="col-sm-8">{label('enteType', data.type)}</dd>
            <dt className="col-sm-4">{t('ente.slug')}</dt>
            <dd className="col-sm-8">
              <code>{data.slug}</code>
            </dd>
            <dt className="col-sm-4">{t('ente.codiceIpa')}</dt>
            <dd className="col-sm-8">{data.codiceIpa ?? '—'}</dd>
            <dt className="col-sm-4">{t('ente.timeZone')}</dt>
            <dd className="col-sm-8">{data.timeZone}</dd>
            <dt className="col-sm-4">{t('ente.parent')}</dt>
            <dd className="col-sm-8">{data.parent ? `${data.parent.name} (${data.parent.slug})` : '—'}</dd>
            <dt className="col-sm-4">{t('ente.website')}</dt>
            <dd className="col-sm-8">{data.website ? <a href={data.website}>{data.website}</a> : '—'}</dd>
            <dt className="col-sm-4">{t('ente.email')}</dt>
            <dd className="col-sm-8">{data.email ? <a href={`mailto:${data.email}`}>{data.email}</a> : '—'}</dd>
            <dt className="col-sm-4">{t('ente.updatedAt')}</dt>
            <dd className="col-sm-8">{formatDate(data.updatedAt)}</dd>
          </dl>
        </section>
      ) : null}

      {data && form && canEdit ? (
        <section aria-labelledby="ente-edit">
          <h2 id="ente-edit" className="h4">
            {t('ente.editTitle')}
          </h2>
          <StatusMessage>{saved}</StatusMessage>
          <ProblemAlert error={error} onReload={() => void reload()} />
          <form onSubmit={onSubmit} noValidate className="rdz-form">
            <div className="row">
              <div className="col-12 col-lg-8">
                <TextField id="ente-name" label={t('ente.name')} value={form.name} onChange={set('name')} required error={errs.name} maxLength={200} />
              </div>
              <div className="col-12 col-lg-4">
                <SelectField
                  id="ente-type"
                  label={t('ente.type')}
                  value={form.type}
                  onChange={set('type')}
                  options={ENTE_TYPES.map((v) => ({ value: v, label: label('enteType', v) }))}
                  error={errs.type}
                />
              </div>
              <div className="col-12 col-md-6">
                <TextField id="ente-ipa" label={t('ente.codiceIpa')} value={form.codiceIpa} onChange={set('codiceIpa')} error={errs.codiceIpa} maxLength={32} />
              </div>
              <div className="col-12 col-md-6">
                <TextField id="ente-tz" label={t('ente.timeZone')} value={form.timeZone} onChange={set('timeZone')} error={errs.timeZone} />
              </div>
              <div className="col-12 col-md-6">
                <TextField id="ente-parent" label={t('ente.parentSlug')} value={form.parentSlug} onChange={set('parentSlug')} error={errs.parentSlug} help={t('ente.parentHelp')} />
              </div>
              <div className="col-12 col-md-6">
                <TextField id="ente-website" label={t('ente.website')} type="url" value={form.website} onChange={set('website')} error={errs.website} autoComplete="url" />
              </div>
              <div className="col-12 col-md-6">
                <TextField id="ente-email" label={t('ente.email')} type="email" value={form.email} onChange={set('email')} error={errs.email} autoComplete="email" />
              </div>
            </div>
            <Button color="primary" type="submit" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </Button>
          </form>
        </section>
      ) : data ? (
        <p className="text-muted-strong">{t('ente.readOnly')}</p>
      ) : null}
    </>
  );
}
