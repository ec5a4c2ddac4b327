import { Button } from 'design-react-kit';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { CheckboxGroup, TextAreaField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { fromLocalInput, useBilingual } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { crisisChanged, serverFieldErrors, useDirectory } from './shared';
import type { Crisis, CrisisState, DeclareBody } from './types';

/**
 * The crisis page: the crisis in force (reason, since when, expected end, channels, allow-listed
 * people) with "Chiudi la crisi", or the form to declare one; the posts it paused and the team's
 * notifications.
 */
export function CrisisOverview() {
  const { t, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const state = useApi<CrisisState>(`${base}/crisis`);
  const dir = useDirectory();
  const bi = useBilingual();
  const [message, setMessage] = useState<string>();
  const s = state.data;

  const changed = async (text: string) => {
    setMessage(text);
    crisisChanged();
    await state.reload();
  };

  return (
    <>
      <PageTitle sub={t('crisis.overview.intro')}>{t('crisis.overview.title')}</PageTitle>
      <ProblemAlert error={state.error ?? dir.error} />
      <StatusMessage>{message}</StatusMessage>
      {!s && state.loading ? <Loading /> : null}
      {s ? (
        <>
          {s.active && s.crisis ? (
            <ActiveCrisis crisis={s.crisis} dir={dir} canEnd={can('crisis.declare')} onEnded={(text) => void changed(text)} />
          ) : (
            <section aria-labelledby="crisis-none" className="rdz-panel mb-4">
              <h2 id="crisis-none" className="h4">
                {t('crisis.overview.none')}
              </h2>
              {s.lastCrisis ? (
                <p>
                  {t('crisis.overview.last', {
                    reason: s.lastCrisis.reason,
                    end: formatDate(s.lastCrisis.endedAt),
                    kind: s.lastCrisis.endKind === 'scadenza' ? t('crisis.endKind.scadenza') : t('crisis.endKind.manuale'),
                  })}
                </p>
              ) : null}
              {can('crisis.declare') ? <DeclareForm dir={dir} onDeclared={(text) => void changed(text)} /> : <p className="mb-0">{t('crisis.declare.notAllowed')}</p>}
            </section>
          )}

          <section aria-labelledby="crisis-paused" className="mb-4">
            <h2 id="crisis-paused" className="h4">
              {t('crisis.overview.pausedTitle')}
            </h2>
            <p>
              {s.paused.length === 0 ? t('crisis.overview.pausedNone') : t('crisis.overview.pausedCount', { count: s.paused.length })}{' '}
              <Link to={`/enti/${ente.slug}/crisi/sospesi`}>{t('crisis.overview.pausedLink')}</Link>
            </p>
          </section>

          {s.notifications.length ? (
            <section aria-labelledby="crisis-notifications" className="mb-4">
              <h2 id="crisis-notifications" className="h4">
                {t('crisis.overview.notifications')}
              </h2>
              <ul>
                {s.notifications.slice(0, 5).map((n) => (
                  <li key={n.id}>
                    <time dateTime={n.createdAt}>{formatDate(n.createdAt)}</time>: {bi(n.message)}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

type Directory = ReturnType<typeof useDirectory>;

function ActiveCrisis({ crisis, dir, canEnd, onEnded }: { crisis: Crisis; dir: Directory; canEnd: boolean; onEnded(text: string): void }) {
  const { t, formatDate } = useI18n();
  const { ente } = useEnte();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);

  const end = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`${entePath(ente.slug)}/crisis/end`, { method: 'POST', body: {} });
      setConfirming(false);
      onEnded(t('crisis.end.done'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="crisis-active" className="rdz-panel mb-4">
      <h2 id="crisis-active" className="h4">
        {t('crisis.active.title')}
      </h2>
      <dl className="row rdz-dl">
        <dt className="col-sm-3">{t('crisis.field.reason')}</dt>
        <dd className="col-sm-9">{crisis.reason}</dd>
        <dt className="col-sm-3">{t('crisis.active.declared')}</dt>
        <dd className="col-sm-9">{t('crisis.active.declaredBy', { date: formatDate(crisis.declaredAt), name: dir.personName(crisis.declaredBy) })}</dd>
        <dt className="col-sm-3">{t('crisis.field.expectedEnd')}</dt>
        <dd className="col-sm-9">{formatDate(crisis.expectedEndAt)}</dd>
        <dt className="col-sm-3">{t('crisis.field.channels')}</dt>
        <dd className="col-sm-9">{crisis.channelIds.length ? crisis.channelIds.map(dir.channelName).join(', ') : t('crisis.active.allChannels')}</dd>
        <dt className="col-sm-3">{t('crisis.field.allowed')}</dt>
        <dd className="col-sm-9">{crisis.allowedUserIds.length ? crisis.allowedUserIds.map(dir.personName).join(', ') : t('crisis.active.nobody')}</dd>
      </dl>
      <p>{t('crisis.active.rules')}</p>
      <ProblemAlert error={error} title={t('crisis.end.failed')} />
      {canEnd ? (
        confirming ? (
          <div className="rdz-crisis-confirm p-3 mb-3">
            <h3 className="h5" tabIndex={-1} ref={confirmRef}>
              {t('crisis.end.confirm')}
            </h3>
            <p>{t('crisis.end.confirmText')}</p>
            <div className="d-flex gap-2">
              <Button color="danger" type="button" disabled={busy} onClick={() => void end()}>
                {t('crisis.end.yes')}
              </Button>
              <Button
                color="primary"
                outline
                type="button"
                onClick={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => endButton.current?.focus());
                }}
              >
                {t('common.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <Button
            innerRef={endButton}
            color="danger"
            type="button"
            onClick={() => {
              setConfirming(true);
              requestAnimationFrame(() => confirmRef.current?.focus());
            }}
          >
            {t('crisis.end.button')}
          </Button>
        )
      ) : null}
    </section>
  );
}

function DeclareForm({ dir, onDeclared }: { dir: Directory; onDeclared(text: string): void }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const [reason, setReason] = useState('');
  const [end, setEnd] = useState('');
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [allowed, setAllowed] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const fe = serverFieldErrors(error?.fieldErrors);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: DeclareBody = { reason: reason.trim() };
    const at = fromLocalInput(end);
    if (at) body.expectedEndAt = at;
    if (scope === 'some') body.channelIds = channelIds;
    if (allowed.length) body.allowedUserIds = allowed;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api<{ crisis: Crisis; paused: number }>(`${entePath(ente.slug)}/crisis`, { method: 'POST', body });
      onDeclared(t('crisis.declare.done', { count: res.paused }));
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr);
      const first = apiErr.fieldErrors[0]?.field.split('.')[0];
      if (first) requestAnimationFrame(() => document.getElementById(`declare-${first}`)?.focus());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="rdz-form mt-3" aria-labelledby="declare-title">
      <h3 id="declare-title" className="h5">
        {t('crisis.declare.title')}
      </h3>
      <p>{t('crisis.declare.intro')}</p>
      <ProblemAlert error={error} title={t('crisis.declare.failed')} />
      <TextAreaField id="declare-reason" label={t('crisis.field.reason')} value={reason} onChange={setReason} required maxLength={500} help={t('crisis.declare.reasonHelp')} error={fe.reason} />
      <TextField id="declare-expectedEndAt" label={t('crisis.field.expectedEnd')} type="datetime-local" value={end} onChange={setEnd} required help={t('crisis.declare.endHelp')} error={fe.expectedEndAt} />
      <fieldset className="rdz-fieldset">
        <legend className="rdz-legend">{t('crisis.field.channels')}</legend>
        <div className="form-check rdz-radio">
          <input id="declare-scope-all" name="declare-scope" type="radio" checked={scope === 'all'} onChange={() => setScope('all')} />
          <label htmlFor="declare-scope-all">{t('crisis.declare.allChannels')}</label>
        </div>
        <div className="form-check rdz-radio">
          <input id="declare-scope-some" name="declare-scope" type="radio" checked={scope === 'some'} onChange={() => setScope('some')} />
          <label htmlFor="declare-scope-some">{t('crisis.declare.someChannels')}</label>
        </div>
      </fieldset>
      {scope === 'some' ? (
        <CheckboxGroup
          id="declare-channelIds"
          legend={t('crisis.declare.chooseChannels')}
          options={dir.channels.map((c) => ({ value: c.id, label: `${label('platform', c.platform)} · ${c.name}` }))}
          value={channelIds}
          onChange={setChannelIds}
          error={fe.channelIds}
        />
      ) : null}
      <CheckboxGroup
        id="declare-allowedUserIds"
        legend={t('crisis.declare.allowed')}
        options={dir.people.map((p) => ({ value: p.userId, label: p.name }))}
        value={allowed}
        onChange={setAllowed}
        error={fe.allowedUserIds}
      />
      <p className="small">{t('crisis.declare.allowedHelp')}</p>
      <Button color="danger" type="submit" disabled={busy}>
        {busy ? t('crisis.declare.submitting') : t('crisis.declare.submit')}
      </Button>
    </form>
  );
}
