import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, type ApiError } from '../api/client';
import type { ModerationRulebook } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { InboxNav, useInboxPaths } from './shared';
import type { InboxSettings } from './types';

const WEEK = ['1', '2', '3', '4', '5', '6', '0'] as const;
const LIMITS = { retentionDays: [30, 3650], soonHours: [1, 72], recurringMinPeople: [2, 50] } as const;
type NumberKey = keyof typeof LIMITS;

/** Retention, the "about to be late" threshold, the recurring-question threshold; the policy's hours, read only. */
export function SettingsPage() {
  const { t } = useI18n();
  const { api: base, ente } = useInboxPaths();
  const { can } = useEnte();
  const settings = useApi<InboxSettings>(`${base}/settings`);
  const rulebook = useApi<ModerationRulebook>(`${ente}/moderation/rulebook`);
  return (
    <>
      <PageTitle sub={t('inbox.settings.intro')}>{t('inbox.settings.title')}</PageTitle>
      <InboxNav />
      <ProblemAlert error={settings.error} />
      {settings.loading && !settings.data ? <Loading /> : null}
      {settings.data ? <SettingsForm initial={settings.data} editable={can('inbox.settings')} onSaved={(s) => settings.setData(s)} /> : null}
      <section aria-labelledby="hours-title" className="mt-5">
        <h2 id="hours-title" className="h4">
          {t('inbox.settings.hours')}
        </h2>
        <p>{t('inbox.settings.hoursIntro')}</p>
        <ProblemAlert error={rulebook.error} />
        {rulebook.data ? <Hours rulebook={rulebook.data} /> : null}
      </section>
    </>
  );
}

function Hours({ rulebook }: { rulebook: ModerationRulebook }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const h = rulebook.hours;
  return (
    <>
      <ul>
        {WEEK.map((d) => {
          const ranges = h.schedule.days[d] ?? [];
          return (
            <li key={d}>
              <strong>{label('weekday', d)}</strong>: {ranges.length ? ranges.map((r) => `${r.from}–${r.to}`).join(', ') : t('inbox.settings.closed')}
            </li>
          );
        })}
      </ul>
      <p className="mb-1">{t('inbox.settings.response', { hours: h.responseTimeHours })}</p>
      {h.schedule.closedOnPublicHolidays ? <p className="mb-1">{t('inbox.settings.holidays')}</p> : null}
      <p>
        <Link to={`/enti/${ente.slug}/policy`}>{t('inbox.settings.policyLink')}</Link>
      </p>
    </>
  );
}

function SettingsForm({ initial, editable, onSaved }: { initial: InboxSettings; editable: boolean; onSaved(s: InboxSettings): void }) {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const [values, setValues] = useState<Record<NumberKey, string>>({
    retentionDays: String(initial.retentionDays),
    soonHours: String(initial.soonHours),
    recurringMinPeople: String(initial.recurringMinPeople),
  });
  const [carta, setCarta] = useState(initial.cartaDeiServiziUrl ?? '');
  const [invalid, setInvalid] = useState<Partial<Record<NumberKey, boolean>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStatus(undefined);
    const bad: Partial<Record<NumberKey, boolean>> = {};
    for (const k of Object.keys(LIMITS) as NumberKey[]) {
      const n = Number(values[k]);
      if (!Number.isInteger(n) || n < LIMITS[k][0] || n > LIMITS[k][1]) bad[k] = true;
    }
    setInvalid(bad);
    const first = (Object.keys(LIMITS) as NumberKey[]).find((k) => bad[k]);
    if (first) {
      document.getElementById(`settings-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const s = await api<InboxSettings>(`${base}/settings`, {
        method: 'PATCH',
        body: { retentionDays: Number(values.retentionDays), soonHours: Number(values.soonHours), recurringMinPeople: Number(values.recurringMinPeople), cartaDeiServiziUrl: carta.trim() || null },
      });
      setStatus(t('common.saved'));
      onSaved(s);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  const numberField = (k: NumberKey) => {
    const id = `settings-${k}`;
    const err = invalid[k] ? t('inbox.settings.range', { min: LIMITS[k][0], max: LIMITS[k][1] }) : errors[k];
    return (
      <div className="form-group rdz-field">
        <label htmlFor={id} className="active">
          {t(`inbox.settings.${k}`)}
        </label>
        <input
          id={id}
          name={id}
          type="number"
          inputMode="numeric"
          min={LIMITS[k][0]}
          max={LIMITS[k][1]}
          className={`form-control${err ? ' is-invalid' : ''}`}
          value={values[k]}
          onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
          disabled={!editable}
          required
          aria-invalid={err ? true : undefined}
          aria-describedby={`${id}-help${err ? ` ${id}-error` : ''}`}
        />
        <small id={`${id}-help`} className="form-text">
          {t(`inbox.settings.${k}Help`)}
        </small>
        {err ? (
          <div id={`${id}-error`} className="invalid-feedback d-block">
            {err}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <section aria-labelledby="settings-form-title">
      <h2 id="settings-form-title" className="h4">
        {t('inbox.settings.formTitle')}
      </h2>
      {!editable ? <p>{t('inbox.settings.readOnly')}</p> : null}
      <StatusMessage>{status}</StatusMessage>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="settings-form-title">
        {numberField('retentionDays')}
        {numberField('soonHours')}
        {numberField('recurringMinPeople')}
        <TextField id="settings-carta" type="url" label={`${t('inbox.settings.carta')} ${t('common.optional')}`} value={carta} onChange={setCarta} maxLength={500} help={t('inbox.settings.cartaHelp')} error={errors.cartaDeiServiziUrl} disabled={!editable} />
        {editable ? (
          <Button color="primary" type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </Button>
        ) : null}
      </form>
    </section>
  );
}
