import { Button, Table } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, TextField } from '../components/Fields';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';

/** GET …/oauth-apps (operationId listOAuthApps): the secret is never returned, only whether it is set. */
interface OAuthAppView {
  group: string;
  instance: string | null;
  clientId: string;
  secretSet: boolean;
  source: 'entered' | 'registered';
  redirectUri: string | null;
  updatedAt: string;
  updatedBy: string | null;
}
interface OAuthAppsList {
  redirectUri: string;
  groups: Array<{ group: string; name: string; platforms: string[]; registration: 'manual' | 'automatic'; secretRequired: boolean; installationApp: { clientId: string } | null }>;
  apps: OAuthAppView[];
}
type Group = OAuthAppsList['groups'][number];

/**
 * "App OAuth dell'Ente": where IT staff enter, once per platform, the app the Ente registered in the
 * platform's developer console (putOAuthApp), with the redirect URI to register. Mastodon apps are
 * registered by Redazione on each instance and only listed (and removable) here.
 */
export function OAuthApps() {
  const { t, label, formatDate } = useI18n();
  const { ente } = useEnte();
  const base = `${entePath(ente.slug)}/oauth-apps`;
  const list = useApi<OAuthAppsList>(base);
  const [editing, setEditing] = useState<Group | null>(null);
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();
  const returnFocus = useRef<string | null>(null);
  const { hash } = useLocation();

  useEffect(() => {
    if (hash === '#app-oauth') document.getElementById('oauth-apps-title')?.scrollIntoView();
  }, [hash]);
  useEffect(() => {
    if (editing) document.getElementById('oauth-app-clientId')?.focus();
  }, [editing]);

  const data = list.data;
  const appsOf = (group: string) => data?.apps.filter((a) => a.group === group) ?? [];
  const platforms = (g: Group) => g.platforms.map((p) => label('platform', p)).join(', ');

  const open = (g: Group) => {
    const current = appsOf(g.group)[0];
    returnFocus.current = `oauth-app-edit-${g.group}`;
    setEditing(g);
    setClientId(current?.clientId ?? '');
    setClientSecret('');
    setError(undefined);
    setStatus(undefined);
  };
  const close = () => {
    setEditing(null);
    setError(undefined);
    const back = returnFocus.current;
    if (back) requestAnimationFrame(() => document.getElementById(back)?.focus());
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(undefined);
    try {
      const body: { clientId: string; clientSecret?: string } = { clientId: clientId.trim() };
      if (clientSecret.trim()) body.clientSecret = clientSecret.trim();
      await api<OAuthAppView>(`${base}/${editing.group}`, { method: 'PUT', body });
      await list.reload();
      setStatus(t('oauthApps.saved', { name: editing.name }));
      close();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (g: Group, app: OAuthAppView) => {
    const name = app.instance ? `${g.name} (${app.instance})` : g.name;
    if (!window.confirm(t('oauthApps.confirmRemove', { name }))) return;
    setError(undefined);
    setStatus(undefined);
    try {
      await api(`${base}/${g.group}`, { method: 'DELETE', query: { instance: app.instance ?? undefined } });
      await list.reload();
      setStatus(t('oauthApps.removed', { name }));
    } catch (err) {
      setError(toApiError(err));
    }
  };

  const errors = fieldErrors(error);
  const current = editing ? appsOf(editing.group)[0] : undefined;

  return (
    <section aria-labelledby="oauth-apps-title" className="rdz-panel my-5" id="app-oauth">
      <h2 id="oauth-apps-title" className="h4">
        {t('oauthApps.title')}
      </h2>
      <p>{t('oauthApps.intro')}</p>
      {data ? (
        <p>
          {t('oauthApps.redirectUri')} <code className="text-break">{data.redirectUri}</code>
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      <ProblemAlert error={list.error ?? (editing ? undefined : error)} />
      {data ? (
        <div className="table-responsive">
          <Table className="rdz-table" size="sm">
            <caption>{t('oauthApps.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('oauthApps.platform')}</th>
                <th scope="col">{t('oauthApps.app')}</th>
                <th scope="col">{t('oauthApps.secret')}</th>
                <th scope="col">{t('oauthApps.updated')}</th>
                <th scope="col">{t('oauthApps.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.groups.map((g) => {
                const apps = appsOf(g.group);
                const head = (
                  <th scope="row" rowSpan={Math.max(apps.length, 1)}>
                    {g.name}
                    {g.platforms.length > 1 ? <span className="d-block small fw-normal">{t('oauthApps.platforms', { platforms: platforms(g) })}</span> : null}
                  </th>
                );
                if (apps.length === 0) {
                  return (
                    <tr key={g.group}>
                      {head}
                      <td>
                        {g.registration === 'automatic'
                          ? t('oauthApps.automatic')
                          : g.installationApp
                            ? t('oauthApps.installation', { clientId: g.installationApp.clientId })
                            : t('oauthApps.none')}
                      </td>
                      <td>—</td>
                      <td>—</td>
                      <td>
                        {g.registration === 'manual' ? (
                          <Button id={`oauth-app-edit-${g.group}`} color="primary" outline size="xs" type="button" onClick={() => open(g)}>
                            {t('oauthApps.set', { name: g.name })}
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                }
                return apps.map((a, i) => (
                  <tr key={`${g.group}-${a.instance ?? ''}`}>
                    {i === 0 ? head : null}
                    <td>
                      <code className="text-break">{a.clientId}</code>
                      {a.instance ? <span className="d-block small">{t('oauthApps.instance', { instance: a.instance })}</span> : null}
                      {a.source === 'registered' ? <span className="d-block small">{t('oauthApps.registered')}</span> : null}
                    </td>
                    <td>{a.secretSet ? t('oauthApps.secretSet') : t('oauthApps.secretNone')}</td>
                    <td>{a.updatedBy ? t('oauthApps.updatedBy', { date: formatDate(a.updatedAt), name: a.updatedBy }) : formatDate(a.updatedAt)}</td>
                    <td>
                      <div className="d-flex flex-wrap gap-2">
                        {g.registration === 'manual' ? (
                          <Button id={`oauth-app-edit-${g.group}`} color="primary" outline size="xs" type="button" onClick={() => open(g)}>
                            {t('oauthApps.change', { name: g.name })}
                          </Button>
                        ) : null}
                        <Button color="danger" outline size="xs" type="button" onClick={() => void remove(g, a)}>
                          {t('oauthApps.remove', { name: a.instance ? `${g.name} (${a.instance})` : g.name })}
                        </Button>
                      </div>
                    </td>
                  </tr>
                ));
              })}
            </tbody>
          </Table>
        </div>
      ) : null}

      {editing ? (
        <form onSubmit={(e) => void save(e)} noValidate className="rdz-form mt-4" aria-labelledby="oauth-app-form-title">
          <h3 id="oauth-app-form-title" className="h5">
            {t('oauthApps.formTitle', { name: editing.name })}
          </h3>
          <ProblemAlert error={error} />
          <TextField id="oauth-app-clientId" label={t('oauthApps.clientId')} value={clientId} onChange={setClientId} required autoComplete="off" maxLength={300} error={errors.clientId} />
          <TextField
            id="oauth-app-clientSecret"
            label={t('oauthApps.clientSecret')}
            type="password"
            value={clientSecret}
            onChange={setClientSecret}
            required={editing.secretRequired && !current?.secretSet}
            autoComplete="new-password"
            maxLength={500}
            help={[t('oauthApps.secretHelp'), current?.secretSet ? t('oauthApps.secretKeep') : '', editing.secretRequired ? '' : t('oauthApps.secretOptional')].filter(Boolean).join(' ')}
            error={errors.clientSecret}
          />
          <div className="d-flex flex-wrap gap-2">
            <Button color="primary" type="submit" disabled={busy}>
              {busy ? t('common.saving') : t('oauthApps.save')}
            </Button>
            <Button color="secondary" outline type="button" onClick={close}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
