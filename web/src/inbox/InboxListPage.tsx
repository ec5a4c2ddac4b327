import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { MODERATION_CATEGORIES } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import type { ApiError } from '../api/client';
import { SelectField, TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { ItemsTable } from './ItemsTable';
import { InboxNav, useBi, useChannelLabel, useInboxPaths } from './shared';
import { ITEM_STATUSES, type InboxItem, type InboxSummary } from './types';
import { useDirectory } from './useDirectory';

const PAGE = 50;
/** Filters kept in the address (Italian names), and the API's query parameter for each. */
const FILTERS = { canale: 'channelId', desk: 'deskId', persona: 'assigneeId', stato: 'status', categoria: 'category', q: 'q' } as const;

/** Local calendar day → the instant it starts (or ends). */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The inbox list: summary, filters (kept in the address), Italian full-text search, results. */
export function InboxListPage() {
  const { t, label } = useI18n();
  const { api: base, ui } = useInboxPaths();
  const bi = useBi();
  const dir = useDirectory();
  const channelLabel = useChannelLabel();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const from = params.get('dal') ?? '';
  const to = params.get('al') ?? '';

  const qs = new URLSearchParams({ limit: String(PAGE) });
  for (const [ui, apiKey] of Object.entries(FILTERS)) {
    const v = params.get(ui);
    if (v) qs.set(apiKey, v);
  }
  const fromIso = dayBound(from, false);
  const toIso = dayBound(to, true);
  if (fromIso) qs.set('from', fromIso);
  if (toIso) qs.set('to', toIso);
  const listPath = `${base}/items?${qs.toString()}`;
  const list = useApi<{ items: InboxItem[] }>(listPath);
  const summary = useApi<InboxSummary>(`${base}/summary`);
  const [more, setMore] = useState<InboxItem[]>([]);
  const [moreDone, setMoreDone] = useState(false);
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();

  useEffect(() => {
    setMore([]);
    setMoreDone(false);
  }, [listPath]);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', search.trim());
  };

  const first = list.data?.items ?? [];
  const items = [...first, ...more.filter((m) => !first.some((f) => f.id === m.id))];
  const loadMore = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    setMoreBusy(true);
    setMoreError(undefined);
    try {
      const next = new URLSearchParams(qs);
      next.set('before', last.receivedAt);
      const r = await api<{ items: InboxItem[] }>(`${base}/items?${next.toString()}`);
      setMore((prev) => [...prev, ...r.items]);
      if (r.items.length < PAGE) setMoreDone(true);
    } catch (err) {
      setMoreError(toApiError(err));
    } finally {
      setMoreBusy(false);
    }
  };

  const filtered = Object.keys(FILTERS).some((k) => params.get(k)) || Boolean(from || to);
  const q = params.get('q');
  const s = summary.data;
  const countText = q ? t('inbox.list.countSearch', { count: items.length, q }) : t('inbox.list.count', { count: items.length });

  return (
    <>
      <PageTitle sub={t('inbox.intro')}>{t('inbox.title')}</PageTitle>
      <InboxNav />

      <section aria-labelledby="inbox-summary-title" className="mb-4">
        <h2 id="inbox-summary-title" className="h4">
          {t('inbox.summary.title')}
        </h2>
        <ProblemAlert error={summary.error} />
        {s ? (
          <>
            <dl className="rdz-inbox-totals">
              {(['new', 'open', 'late', 'soon', 'review', 'manual'] as const).map((k) => (
                <div key={k} className="rdz-inbox-total">
                  <dt>{t(`inbox.summary.${k}`)}</dt>
                  <dd>{s[k]}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-2 mb-0 small">{bi(s.text)}</p>
            {s.late + s.soon > 0 ? (
              <p className="mt-1">
                <Link to={`${ui}/ritardi`}>{t('inbox.summary.seeLate')}</Link>
              </p>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="inbox-filters-title" className="rdz-panel mb-4">
        <h2 id="inbox-filters-title" className="h5">
          {t('inbox.filters.title')}
        </h2>
        <form role="search" aria-label={t('inbox.search.region')} onSubmit={submitSearch} className="rdz-form">
          <div className="row align-items-end">
            <div className="col-md-9">
              <TextField id="inbox-q" label={t('inbox.search.label')} value={search} onChange={setSearch} help={t('inbox.search.help')} maxLength={200} />
            </div>
            <div className="col-md-3 d-flex gap-2 mb-4">
              <Button color="primary" type="submit">
                {t('inbox.search.submit')}
              </Button>
              {q ? (
                <Button
                  color="secondary"
                  outline
                  type="button"
                  onClick={() => {
                    setSearch('');
                    setFilter('q', '');
                  }}
                >
                  {t('inbox.search.clear')}
                </Button>
              ) : null}
            </div>
          </div>
        </form>
        <form className="rdz-form" aria-labelledby="inbox-filters-title" onSubmit={(e) => e.preventDefault()}>
          <p className="small mb-0">{t('inbox.filters.help')}</p>
          <div className="row">
            <div className="col-md-4">
              <SelectField id="inbox-channel" label={t('inbox.filters.channel')} value={params.get('canale') ?? ''} onChange={(v) => setFilter('canale', v)} placeholder={t('inbox.filters.all')} options={dir.channels.map((c) => ({ value: c.id, label: channelLabel(c) }))} />
            </div>
            <div className="col-md-4">
              <SelectField id="inbox-status" label={t('inbox.filters.status')} value={params.get('stato') ?? ''} onChange={(v) => setFilter('stato', v)} placeholder={t('inbox.filters.all')} options={ITEM_STATUSES.map((st) => ({ value: st, label: label('inbox.status', st) }))} />
            </div>
            <div className="col-md-4">
              <SelectField
                id="inbox-category"
                label={t('inbox.filters.category')}
                value={params.get('categoria') ?? ''}
                onChange={(v) => setFilter('categoria', v)}
                placeholder={t('inbox.filters.all')}
                options={[{ value: 'domanda', label: t('inbox.category.domanda') }, ...MODERATION_CATEGORIES.map((c) => ({ value: c, label: label('modCategory', c) }))]}
              />
            </div>
            <div className="col-md-4">
              <SelectField id="inbox-desk" label={t('inbox.filters.desk')} value={params.get('desk') ?? ''} onChange={(v) => setFilter('desk', v)} placeholder={t('inbox.filters.all')} options={dir.desks.map((d) => ({ value: d.id, label: d.name }))} />
            </div>
            <div className="col-md-4">
              <SelectField id="inbox-person" label={t('inbox.filters.person')} value={params.get('persona') ?? ''} onChange={(v) => setFilter('persona', v)} placeholder={t('inbox.filters.all')} options={dir.people.map((p) => ({ value: p.userId, label: p.name }))} />
            </div>
            <div className="col-md-2">
              <TextField id="inbox-from" type="date" label={t('inbox.filters.from')} value={from} onChange={(v) => setFilter('dal', v)} />
            </div>
            <div className="col-md-2">
              <TextField id="inbox-to" type="date" label={t('inbox.filters.to')} value={to} onChange={(v) => setFilter('al', v)} />
            </div>
          </div>
          {filtered ? (
            <Button
              color="secondary"
              outline
              size="sm"
              type="button"
              onClick={() => {
                setSearch('');
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              {t('inbox.filters.reset')}
            </Button>
          ) : null}
        </form>
      </section>

      <ProblemAlert error={list.error ?? dir.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <div role="status" aria-live="polite" className="visually-hidden">
        {list.data && !list.loading ? countText : ''}
      </div>
      {list.data ? (
        items.length === 0 ? (
          <p>{filtered ? t('inbox.list.emptyFiltered') : t('inbox.list.empty')}</p>
        ) : (
          <>
            <ItemsTable items={items} caption={countText} deskName={dir.deskName} personName={dir.personName} />
            <ProblemAlert error={moreError} />
            {!moreDone && first.length >= PAGE ? (
              <Button color="primary" outline type="button" disabled={moreBusy} onClick={() => void loadMore()}>
                {moreBusy ? t('common.loading') : t('inbox.list.more')}
              </Button>
            ) : null}
          </>
        )
      ) : null}
    </>
  );
}
