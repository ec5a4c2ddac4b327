import { Button, Table } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { ElectoralPeriod } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import './editorial.css';

const EMPTY = { name: '', start: '', end: '', ballotDate: '' };

/** Electoral periods (par condicio, L. 28/2000 art. 9): the list and a form to add one. */
export default function ElectoralPeriodsPage() {
  const { t, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const periods = useApi<{ periods: ElectoralPeriod[] }>(`${base}/electoral-periods`);
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>();
  const today = new Date().toISOString().slice(0, 10);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (form.name.trim().length < 3) errs.name = t('electoral.nameShort');
    if (!form.start) errs.start = t('error.required');
    if (!form.end) errs.end = t('error.required');
    if (form.start && form.end && form.end < form.start) errs.end = t('electoral.endBeforeStart');
    if (form.ballotDate && form.end && form.ballotDate < form.end) errs.ballotDate = t('electoral.ballotBeforeEnd');
    setLocal(errs);
    setError(undefined);
    setStatus(undefined);
    const first = Object.keys(errs)[0];
    if (first) {
      document.getElementById(`period-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api<ElectoralPeriod>(`${base}/electoral-periods`, {
        method: 'POST',
        body: { name: form.name.trim(), start: form.start, end: form.end, ballotDate: form.ballotDate || null },
      });
      periods.setData((prev) => ({ periods: [created, ...(prev?.periods ?? [])] }));
      setForm(EMPTY);
      setStatus(t('electoral.created', { name: created.name }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errs = { ...fieldErrors(error), ...local };
  const list = periods.data?.periods ?? [];
  return (
    <>
      <PageTitle sub={t('electoral.law')}>{t('electoral.title')}</PageTitle>
      <p>{t('electoral.intro')}</p>
      <ProblemAlert error={periods.error} />
      {periods.loading && !periods.data ? <Loading /> : null}
      {periods.data ? (
        <div className="table-responsive">
          <Table className="rdz-table" size="sm">
            <caption>{t('electoral.caption', { name: ente.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('electoral.name')}</th>
                <th scope="col">{t('electoral.start')}</th>
                <th scope="col">{t('electoral.end')}</th>
                <th scope="col">{t('electoral.ballot')}</th>
                <th scope="col">{t('electoral.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{formatDate(p.start, false)}</td>
                  <td>{formatDate(p.end, false)}</td>
                  <td>{p.ballotDate ? formatDate(p.ballotDate, false) : '—'}</td>
                  <td>{today < p.start ? t('electoral.future') : today > p.effectiveEnd ? t('electoral.past') : t('electoral.current')}</td>
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={5}>{t('electoral.empty')}</td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        </div>
      ) : null}

      {can('electoral.manage') ? (
        <section aria-labelledby="new-period-title" className="rdz-panel my-5">
          <h2 id="new-period-title" className="h4">
            {t('electoral.new')}
          </h2>
          <StatusMessage>{status}</StatusMessage>
          <ProblemAlert error={error} />
          <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="new-period-title">
            <TextField id="period-name" label={t('electoral.name')} value={form.name} onChange={(v) => setForm((f) => ({ ...f, name: v }))} required maxLength={200} help={t('electoral.nameHelp')} error={errs.name} />
            <div className="row">
              <div className="col-md-4">
                <TextField id="period-start" type="date" label={t('electoral.start')} value={form.start} onChange={(v) => setForm((f) => ({ ...f, start: v }))} required help={t('electoral.startHelp')} error={errs.start} />
              </div>
              <div className="col-md-4">
                <TextField id="period-end" type="date" label={t('electoral.end')} value={form.end} onChange={(v) => setForm((f) => ({ ...f, end: v }))} required help={t('electoral.endHelp')} error={errs.end} />
              </div>
              <div className="col-md-4">
                <TextField id="period-ballotDate" type="date" label={`${t('electoral.ballot')} ${t('common.optional')}`} value={form.ballotDate} onChange={(v) => setForm((f) => ({ ...f, ballotDate: v }))} help={t('electoral.ballotHelp')} error={errs.ballotDate} />
              </div>
            </div>
            <Button color="primary" type="submit" disabled={busy}>
              {busy ? t('electoral.creating') : t('electoral.create')}
            </Button>
          </form>
        </section>
      ) : (
        <p className="mt-4">{t('electoral.readOnly')}</p>
      )}
    </>
  );
}
