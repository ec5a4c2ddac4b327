import { Table } from 'design-react-kit';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { API, entePath } from '../api/client';
import { POST_STATUSES, type Calendar, type CalendarEntry, type CalendarGap, type CalendarView } from '../api/types';
import { useApi } from '../api/useApi';
import { Icon } from '../components/Icon';
import { SelectField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { PostStatusBadge, useChannelsAndDesks } from './shared';

const VIEWS: { view: CalendarView; param: string }[] = [
  { view: 'month', param: 'mese' },
  { view: 'week', param: 'settimana' },
  { view: 'list', param: 'elenco' },
];
const LIST_DAYS = 30;

// --- Calendar days as YYYY-MM-DD strings (UTC arithmetic: no time zone surprises) ---
const parse = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
const fmt = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (ymd: string, n: number) => {
  const d = parse(ymd);
  d.setUTCDate(d.getUTCDate() + n);
  return fmt(d);
};
const addMonths = (ymd: string, n: number) => {
  const d = parse(ymd);
  return fmt(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
};
/** Monday of the week of a day. */
const mondayOf = (ymd: string) => addDays(ymd, -((parse(ymd).getUTCDay() + 6) % 7));
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const isDay = (s: string | null) => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(parse(s).getTime());

/** The editorial calendar: month, week and list views, filters, holes in the plan, exports. */
export default function CalendarPage() {
  const { t, label, lang } = useI18n();
  const { ente } = useEnte();
  const [params, setParams] = useSearchParams();
  const view = VIEWS.find((v) => v.param === params.get('vista'))?.view ?? 'month';
  const dateParam = params.get('data');
  const date = isDay(dateParam) ? dateParam! : todayIn('Europe/Rome');
  const desk = params.get('desk') ?? '';
  const channel = params.get('canale') ?? '';
  const status = params.get('stato') ?? '';
  const { channels, desks } = useChannelsAndDesks();
  const base = entePath(ente.slug);

  const filters = new URLSearchParams();
  if (desk) filters.set('desk', desk);
  if (channel) filters.set('channel', channel);
  if (status) filters.set('status', status);
  const q = new URLSearchParams(filters);
  q.set('view', view);
  if (view === 'list') {
    q.set('from', date);
    q.set('to', addDays(date, LIST_DAYS - 1));
  } else q.set('date', date);
  const cal = useApi<Calendar>(`${base}/calendar?${q.toString()}`);
  const data = cal.data;
  const locale = lang === 'it' ? 'it-IT' : 'en-GB';
  const tz = data?.timeZone ?? 'Europe/Rome';
  const today = todayIn(tz);

  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return `?${next.toString()}`;
  };
  const setFilter = (key: string, value: string) => setParams(new URLSearchParams(link({ [key]: value || null }).slice(1)), { replace: true });
  const viewParam = VIEWS.find((v) => v.view === view)!.param;

  const prev = view === 'month' ? addMonths(date, -1) : view === 'week' ? addDays(date, -7) : addDays(date, -LIST_DAYS);
  const next = view === 'month' ? addMonths(date, 1) : view === 'week' ? addDays(date, 7) : addDays(date, LIST_DAYS);
  const dayLabel = (ymd: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts }).format(parse(ymd));
  const periodLabel =
    view === 'month'
      ? dayLabel(date, { month: 'long', year: 'numeric' })
      : data
        ? t('calendar.range', { from: dayLabel(data.fromDay, { day: 'numeric', month: 'long' }), to: dayLabel(data.toDay, { day: 'numeric', month: 'long', year: 'numeric' }) })
        : '';

  const exportQs = new URLSearchParams(filters);
  if (data) {
    exportQs.set('from', data.fromDay);
    exportQs.set('to', data.toDay);
  }
  const exportUrl = (ext: string, extra?: Record<string, string>) => {
    const qs = new URLSearchParams(exportQs);
    for (const [k, v] of Object.entries(extra ?? {})) qs.set(k, v);
    return `${API}${base}/calendar.${ext}?${qs.toString()}`;
  };

  return (
    <>
      <PageTitle sub={t('calendar.intro')}>{t('calendar.title')}</PageTitle>

      <nav aria-label={t('calendar.views')} className="mb-3">
        <ul className="rdz-viewswitch">
          {VIEWS.map((v) => (
            <li key={v.view}>
              <Link className="btn btn-outline-primary btn-sm" to={link({ vista: v.param })} aria-current={v.view === view ? 'page' : undefined}>
                {label('calendar.view', v.view)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form className="rdz-panel mb-4" aria-labelledby="cal-filters-title" onSubmit={(e) => e.preventDefault()}>
        <h2 id="cal-filters-title" className="h5">
          {t('posts.filters')}
        </h2>
        <p className="small mb-0">{t('posts.filtersHelp')}</p>
        <div className="row rdz-form">
          <div className="col-md-4">
            <SelectField id="cal-desk" label={t('posts.filterDesk')} value={desk} onChange={(v) => setFilter('desk', v)} placeholder={t('posts.all')} options={desks.map((d) => ({ value: d.id, label: d.name }))} />
          </div>
          <div className="col-md-4">
            <SelectField id="cal-channel" label={t('posts.filterChannel')} value={channel} onChange={(v) => setFilter('canale', v)} placeholder={t('posts.all')} options={channels.map((c) => ({ value: c.id, label: `${label('platform', c.platform)} · ${c.name}` }))} />
          </div>
          <div className="col-md-4">
            <SelectField id="cal-status" label={t('posts.filterStatus')} value={status} onChange={(v) => setFilter('stato', v)} placeholder={t('posts.all')} options={POST_STATUSES.map((s) => ({ value: s, label: label('postStatus', s) }))} />
          </div>
        </div>
      </form>

      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
        <h2 className="h4 mb-0" aria-live="polite">
          {periodLabel}
        </h2>
        <ul className="rdz-viewswitch" aria-label={t('calendar.navigate')}>
          <li>
            <Link className="btn btn-outline-primary btn-sm" to={link({ vista: viewParam, data: prev })}>
              <Icon name="it-chevron-left" size="sm" className="icon-primary" />
              {t(`calendar.prev.${view}`)}
            </Link>
          </li>
          <li>
            <Link className="btn btn-outline-primary btn-sm" to={link({ vista: viewParam, data: null })}>
              {t('calendar.today')}
            </Link>
          </li>
          <li>
            <Link className="btn btn-outline-primary btn-sm" to={link({ vista: viewParam, data: next })}>
              {t(`calendar.next.${view}`)}
              <Icon name="it-chevron-right" size="sm" className="icon-primary" />
            </Link>
          </li>
        </ul>
      </div>

      <ProblemAlert error={cal.error} />
      {cal.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          {data.gaps.length ? <Gaps gaps={data.gaps} timeZone={data.timeZone} /> : null}
          {view === 'month' ? <MonthView data={data} date={date} today={today} periodLabel={periodLabel} /> : null}
          {view === 'week' ? <WeekView data={data} today={today} periodLabel={periodLabel} /> : null}
          {view === 'list' ? <ListView data={data} periodLabel={periodLabel} /> : null}

          <section aria-labelledby="cal-export-title" className="mt-4">
            <h2 id="cal-export-title" className="h5">
              {t('calendar.export')}
            </h2>
            <p className="small">{t('calendar.exportHelp', { period: periodLabel })}</p>
            <ul className="rdz-viewswitch">
              <li>
                <a className="btn btn-outline-primary btn-sm" href={exportUrl('ics')} download>
                  <Icon name="it-download" size="sm" className="icon-primary me-1" />
                  {t('calendar.exportIcs')}
                </a>
              </li>
              <li>
                <a className="btn btn-outline-primary btn-sm" href={exportUrl('csv')} download>
                  <Icon name="it-download" size="sm" className="icon-primary me-1" />
                  {t('calendar.exportCsv')}
                </a>
              </li>
              <li>
                <a className="btn btn-outline-primary btn-sm" href={exportUrl('csv', { sep: 'semicolon' })} download>
                  <Icon name="it-download" size="sm" className="icon-primary me-1" />
                  {t('calendar.exportCsvExcel')}
                </a>
              </li>
            </ul>
          </section>
          <p className="mt-4">
            <Link to={`/enti/${ente.slug}/par-condicio`}>{t('par.periodsLink')}</Link>
          </p>
        </>
      ) : null}
    </>
  );
}

function Gaps({ gaps, timeZone }: { gaps: CalendarGap[]; timeZone: string }) {
  const { t, label, lang } = useI18n();
  const day = (iso: string) => new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone }).format(new Date(iso));
  return (
    <section aria-labelledby="cal-gaps-title" className="alert alert-warning mb-4">
      <h2 id="cal-gaps-title" className="h5">
        {t('calendar.gapsTitle', { count: gaps.length })}
      </h2>
      <p className="small">{t('calendar.gapsIntro')}</p>
      <ul className="mb-0">
        {gaps.map((g, i) => (
          <li key={`${g.channelId}-${i}`}>
            {t(g.open ? 'calendar.gapOpen' : 'calendar.gap', {
              channel: `${g.channelName} (${label('platform', g.platform)})`,
              days: g.days,
              from: day(g.from),
              to: day(g.to),
              threshold: g.gapDays,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One calendar item: a link to the post, with time, channel and status in words. */
function EntryItem({ e, timeZone }: { e: CalendarEntry; timeZone: string }) {
  const { t, label, lang } = useI18n();
  const { ente } = useEnte();
  const time = new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(e.at));
  const where = e.platform ? `${label('platform', e.platform)}${e.channelName ? ` · ${e.channelName}` : ''}` : t('calendar.proposalNoChannel');
  return (
    <li>
      <Link to={`/enti/${ente.slug}/post/${e.postId}`}>
        <time dateTime={e.at}>{time}</time> {e.title}
      </Link>
      <span className="rdz-cal-meta">
        {where} — {label('postStatus', e.status)}
        {e.kind === 'proposal' ? ` (${t('calendar.desired')})` : ''}
      </span>
    </li>
  );
}

function itemsOf(data: Calendar, day: string): CalendarEntry[] {
  return data.entries.filter((e) => e.day === day).sort((a, b) => a.at.localeCompare(b.at));
}

function Items({ data, day }: { data: Calendar; day: string }) {
  const { t } = useI18n();
  const items = itemsOf(data, day);
  if (!items.length) return <span className="visually-hidden">{t('calendar.nothing')}</span>;
  return (
    <ul className="rdz-cal-items">
      {items.map((e, i) => (
        <EntryItem key={`${e.postId}-${e.channelId ?? 'p'}-${i}`} e={e} timeZone={data.timeZone} />
      ))}
    </ul>
  );
}

function weekdayHeaders(locale: string): { short: string; long: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 0, 1 + i));
    return {
      short: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(d),
      long: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(d),
    };
  });
}

function MonthView({ data, date, today, periodLabel }: { data: Calendar; date: string; today: string; periodLabel: string }) {
  const { t, lang } = useI18n();
  const locale = lang === 'it' ? 'it-IT' : 'en-GB';
  const first = `${date.slice(0, 7)}-01`;
  const start = mondayOf(first);
  const month = date.slice(0, 7);
  const weeks: string[][] = [];
  for (let d = start; weeks.length < 6 && (weeks.length === 0 || d.slice(0, 7) === month); ) {
    const week = Array.from({ length: 7 }, (_, i) => addDays(d, i));
    weeks.push(week);
    d = addDays(d, 7);
  }
  const heads = weekdayHeaders(locale);
  return (
    <div className="table-responsive">
      <Table bordered className="rdz-table rdz-calendar">
        <caption>{t('calendar.monthCaption', { period: periodLabel })}</caption>
        <thead>
          <tr>
            {heads.map((h) => (
              <th scope="col" key={h.long}>
                <abbr title={h.long}>{h.short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const other = day.slice(0, 7) !== month;
                const classes = [other ? 'rdz-day-other' : '', day === today ? 'rdz-day-today' : ''].filter(Boolean).join(' ');
                return (
                  <td key={day} className={classes || undefined}>
                    <span className="rdz-day-number">
                      <time dateTime={day}>{Number(day.slice(8))}</time>
                      {other ? <span className="visually-hidden"> {new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(parse(day))}</span> : null}
                      {day === today ? <span className="small fw-normal"> ({t('calendar.todayMark')})</span> : null}
                    </span>
                    {other && data.entries.every((e) => e.day !== day) ? null : <Items data={data} day={day} />}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function WeekView({ data, today, periodLabel }: { data: Calendar; today: string; periodLabel: string }) {
  const { t, lang } = useI18n();
  const locale = lang === 'it' ? 'it-IT' : 'en-GB';
  const days = Array.from({ length: 7 }, (_, i) => addDays(data.fromDay, i));
  return (
    <div className="table-responsive">
      <Table bordered className="rdz-table">
        <caption>{t('calendar.weekCaption', { period: periodLabel })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calendar.day')}</th>
            <th scope="col">{t('calendar.items')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day} className={day === today ? 'rdz-day-today' : undefined}>
              <th scope="row" className="text-nowrap">
                <time dateTime={day}>{new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(parse(day))}</time>
                {day === today ? <span className="d-block small fw-normal">{t('calendar.todayMark')}</span> : null}
              </th>
              <td>{itemsOf(data, day).length ? <Items data={data} day={day} /> : t('calendar.nothing')}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function ListView({ data, periodLabel }: { data: Calendar; periodLabel: string }) {
  const { t, label, lang } = useI18n();
  const { ente } = useEnte();
  const entries = [...data.entries].sort((a, b) => a.at.localeCompare(b.at));
  const when = (iso: string) => new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: data.timeZone }).format(new Date(iso));
  const cell = (e: CalendarEntry): ReactNode => (e.platform ? `${label('platform', e.platform)}${e.channelName ? ` · ${e.channelName}` : ''}` : t('calendar.proposalNoChannel'));
  return (
    <div className="table-responsive">
      <Table className="rdz-table" size="sm">
        <caption>{t('calendar.listCaption', { period: periodLabel, count: entries.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calendar.when')}</th>
            <th scope="col">{t('posts.colTitle')}</th>
            <th scope="col">{t('calendar.channel')}</th>
            <th scope="col">{t('posts.colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.postId}-${e.channelId ?? 'p'}-${i}`}>
              <td>
                <time dateTime={e.at}>{when(e.at)}</time>
                {e.kind === 'proposal' ? <span className="d-block small">{t('calendar.desired')}</span> : null}
              </td>
              <th scope="row">
                <Link to={`/enti/${ente.slug}/post/${e.postId}`}>{e.title}</Link>
              </th>
              <td>{cell(e)}</td>
              <td>
                <PostStatusBadge status={e.status} />
              </td>
            </tr>
          ))}
          {entries.length === 0 ? (
            <tr>
              <td colSpan={4}>{t('calendar.empty')}</td>
            </tr>
          ) : null}
        </tbody>
      </Table>
    </div>
  );
}
