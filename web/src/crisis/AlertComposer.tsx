import { Button } from 'design-react-kit';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError } from '../api/useApi';
import { Checkbox, CheckboxGroup, TextAreaField, TextField } from '../components/Fields';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { fromLocalInput } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { CodeBadge, lines, serverFieldErrors, useDirectory } from './shared';
import { ALERT_CODES, BROADCAST_PLATFORMS, RISKS, type Alert, type AlertBody, type AlertCode, type Risk } from './types';

interface ZoneRow {
  key: number;
  name: string;
  code: string;
}

/** Where to put the focus for a field the server refused. */
function focusField(field: string) {
  const [head, index, sub] = field.split('.');
  const ids: Record<string, string> = {
    code: `alert-code-${ALERT_CODES[0]}`,
    risks: `alert-risks-${RISKS[0]}`,
    channelIds: 'alert-channelIds',
    zones: `alert-zone-${index ?? 0}-${sub === 'code' ? 'code' : 'name'}`,
  };
  const id = ids[head ?? ''] ?? `alert-${head}`;
  const el = document.getElementById(id) ?? (head === 'channelIds' ? document.querySelector<HTMLElement>('#alert-channelIds-group input') : null);
  el?.focus();
}

/**
 * The civil-protection alert composer: national colour code (colour and words), risks, zones,
 * validity window, issuing source, local measures, behaviour rules (prefilled from the template
 * for the code and risks), ordinanza and information links, channels and the broadcast to
 * subscribers. The server writes the text and one variant per channel; the alert page shows them
 * before the approval.
 */
export function AlertComposer() {
  const { t, label } = useI18n();
  const { ente, can } = useEnte();
  const navigate = useNavigate();
  const dir = useDirectory();
  const [code, setCode] = useState<AlertCode | ''>('');
  const [risks, setRisks] = useState<Risk[]>([]);
  const [zones, setZones] = useState<ZoneRow[]>([{ key: 0, name: '', code: '' }]);
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [source, setSource] = useState('');
  const [measures, setMeasures] = useState('');
  const [behaviour, setBehaviour] = useState('');
  const [behaviourEdited, setBehaviourEdited] = useState(false);
  // The ready rules come from the server (one source of the templates); a late answer never
  // overwrites what the person has typed meanwhile, nor a newer choice of code and risks.
  const templateSeq = useRef(0);
  const editedRef = useRef(false);
  const [ordinanceUrl, setOrdinanceUrl] = useState('');
  const [infoUrl, setInfoUrl] = useState('');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [broadcast, setBroadcast] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const fe = serverFieldErrors(error?.fieldErrors);

  if (!can('alerts.compose')) {
    return (
      <>
        <PageTitle>{t('crisis.compose.title')}</PageTitle>
        <p>{t('crisis.compose.notAllowed')}</p>
      </>
    );
  }

  const loadTemplate = (nextCode: AlertCode | '', nextRisks: Risk[], force = false) => {
    const mine = ++templateSeq.current;
    const q = new URLSearchParams();
    if (nextCode) q.set('code', nextCode);
    if (nextRisks.length) q.set('risks', nextRisks.join(','));
    void api<{ behaviour: string[] }>(`${entePath(ente.slug)}/alerts/templates?${q.toString()}`)
      .then((r) => {
        if (mine === templateSeq.current && (force || !editedRef.current)) setBehaviour(r.behaviour.join('\n'));
      })
      .catch(() => {
        // No template: the person writes the rules.
      });
  };
  /** Code and risks prefill the behaviour rules until the person edits them. */
  const prefill = (nextCode: AlertCode | '', nextRisks: Risk[]) => {
    if (!behaviourEdited) loadTemplate(nextCode, nextRisks);
  };
  const chooseCode = (c: AlertCode) => {
    setCode(c);
    prefill(c, risks);
  };
  const chooseRisks = (next: string[]) => {
    const r = RISKS.filter((x) => next.includes(x));
    setRisks(r);
    prefill(code, r);
  };
  const resetTemplate = () => {
    setBehaviourEdited(false);
    editedRef.current = false;
    loadTemplate(code, risks, true);
  };

  const selectedPlatforms = dir.channels.filter((c) => channelIds.includes(c.id)).map((c) => c.platform as string);
  const broadcastPossible = selectedPlatforms.some((p) => (BROADCAST_PLATFORMS as readonly string[]).includes(p));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: AlertBody = {
      risks,
      zones: zones.filter((z) => z.name.trim() || z.code.trim()).map((z) => ({ name: z.name.trim(), code: z.code.trim() || null })),
      source: source.trim(),
      measures: lines(measures),
      behaviour: lines(behaviour),
      ordinanceUrl: ordinanceUrl.trim() || null,
      infoUrl: infoUrl.trim() || null,
      channelIds,
      broadcast: broadcastPossible && broadcast,
    };
    if (code) body.code = code;
    const from = fromLocalInput(validFrom);
    const to = fromLocalInput(validTo);
    if (from) body.validFrom = from;
    if (to) body.validTo = to;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<Alert>(`${entePath(ente.slug)}/alerts`, { method: 'POST', body });
      void navigate(`/enti/${ente.slug}/crisi/allerte/${created.id}`, { state: { created: true } });
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr);
      const first = apiErr.fieldErrors[0]?.field;
      if (first) requestAnimationFrame(() => focusField(first));
    } finally {
      setBusy(false);
    }
  };

  const zoneError = (i: number, k: 'name' | 'code') => fe[`zones.${i}.${k}`] ?? (k === 'name' ? fe[`zones.${i}`] : undefined);
  const activeChannels = dir.channels.filter((c) => c.status === 'attivo' || channelIds.includes(c.id));

  return (
    <>
      <PageTitle sub={t('crisis.compose.intro')}>{t('crisis.compose.title')}</PageTitle>
      <ProblemAlert error={dir.error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="rdz-form" aria-label={t('crisis.compose.title')}>
        <ProblemAlert error={error} title={t('crisis.compose.failed')} />

        <fieldset className="rdz-fieldset" aria-describedby={fe.code ? 'alert-code-error' : 'alert-code-help'}>
          <legend className="rdz-legend">{t('crisis.field.code')}</legend>
          <p id="alert-code-help" className="small mb-2">
            {t('crisis.compose.codeHelp')}
          </p>
          <div className="rdz-code-choice">
            {ALERT_CODES.map((c) => (
              <div className="form-check rdz-radio" key={c}>
                <input id={`alert-code-${c}`} name="alert-code" type="radio" checked={code === c} onChange={() => chooseCode(c)} aria-invalid={fe.code ? true : undefined} />
                <label htmlFor={`alert-code-${c}`}>
                  <CodeBadge code={c} /> <span className="ms-1">{label('crisis.criticita', c)}</span>
                </label>
              </div>
            ))}
          </div>
          {fe.code ? (
            <div id="alert-code-error" className="invalid-feedback d-block">
              {fe.code}
            </div>
          ) : null}
        </fieldset>

        <CheckboxGroup id="alert-risks" legend={t('crisis.field.risks')} options={RISKS.map((r) => ({ value: r, label: label('crisis.risk', r) }))} value={risks} onChange={chooseRisks} error={fe.risks} inline />

        <fieldset className="rdz-fieldset">
          <legend className="rdz-legend">{t('crisis.field.zones')}</legend>
          <p className="small">{t('crisis.compose.zonesHelp')}</p>
          {zones.map((z, i) => (
            <div className="rdz-zone-row" key={z.key}>
              <TextField id={`alert-zone-${i}-name`} label={t('crisis.compose.zoneName', { n: i + 1 })} value={z.name} onChange={(v) => setZones((all) => all.map((x) => (x.key === z.key ? { ...x, name: v } : x)))} maxLength={200} error={zoneError(i, 'name')} />
              <TextField id={`alert-zone-${i}-code`} label={t('crisis.compose.zoneCode', { n: i + 1 })} value={z.code} onChange={(v) => setZones((all) => all.map((x) => (x.key === z.key ? { ...x, code: v } : x)))} maxLength={50} error={zoneError(i, 'code')} />
              {zones.length > 1 ? (
                <Button color="primary" outline size="sm" type="button" className="mb-4" onClick={() => setZones((all) => all.filter((x) => x.key !== z.key))}>
                  {t('crisis.compose.zoneRemove', { n: i + 1 })}
                </Button>
              ) : null}
            </div>
          ))}
          <Button color="primary" outline size="sm" type="button" onClick={() => setZones((all) => [...all, { key: Math.max(...all.map((x) => x.key)) + 1, name: '', code: '' }])}>
            {t('crisis.compose.zoneAdd')}
          </Button>
        </fieldset>

        <fieldset className="rdz-fieldset">
          <legend className="rdz-legend">{t('crisis.field.validity')}</legend>
          <div className="row">
            <div className="col-md-6">
              <TextField id="alert-validFrom" label={t('crisis.field.validFrom')} type="datetime-local" value={validFrom} onChange={setValidFrom} required error={fe.validFrom} />
            </div>
            <div className="col-md-6">
              <TextField id="alert-validTo" label={t('crisis.field.validTo')} type="datetime-local" value={validTo} onChange={setValidTo} required error={fe.validTo} />
            </div>
          </div>
        </fieldset>

        <TextField id="alert-source" label={t('crisis.field.source')} value={source} onChange={setSource} required maxLength={300} help={t('crisis.compose.sourceHelp')} error={fe.source} />
        <TextAreaField id="alert-measures" label={t('crisis.field.measures')} value={measures} onChange={setMeasures} rows={3} help={t('crisis.compose.measuresHelp')} error={fe.measures} />
        <TextAreaField
          id="alert-behaviour"
          label={t('crisis.field.behaviour')}
          value={behaviour}
          onChange={(v) => {
            setBehaviour(v);
            setBehaviourEdited(true);
            editedRef.current = true;
          }}
          rows={5}
          help={t('crisis.compose.behaviourHelp')}
          error={fe.behaviour}
        />
        {behaviourEdited ? (
          <Button color="primary" outline size="sm" type="button" className="mb-4" onClick={resetTemplate}>
            {t('crisis.compose.resetTemplate')}
          </Button>
        ) : null}
        <TextField id="alert-ordinanceUrl" label={t('crisis.field.ordinanceUrl')} type="url" value={ordinanceUrl} onChange={setOrdinanceUrl} help={t('crisis.compose.urlHelp')} error={fe.ordinanceUrl} />
        <TextField id="alert-infoUrl" label={t('crisis.field.infoUrl')} type="url" value={infoUrl} onChange={setInfoUrl} help={t('crisis.compose.infoHelp')} error={fe.infoUrl} />
        <p>{t('crisis.compose.112')}</p>

        <div id="alert-channelIds-group">
          <CheckboxGroup
            id="alert-channelIds"
            legend={t('crisis.field.channels')}
            options={activeChannels.map((c) => ({ value: c.id, label: `${label('platform', c.platform)} · ${c.name}` }))}
            value={channelIds}
            onChange={setChannelIds}
            error={fe.channelIds}
          />
        </div>
        {broadcastPossible ? <Checkbox id="alert-broadcast" label={t('crisis.field.broadcast')} checked={broadcast} onChange={setBroadcast} help={t('crisis.compose.broadcastHelp')} /> : null}

        <div className="mt-4">
          <Button color="primary" type="submit" disabled={busy}>
            {busy ? t('crisis.compose.submitting') : t('crisis.compose.submit')}
          </Button>
        </div>
      </form>
    </>
  );
}
