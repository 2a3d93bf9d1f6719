import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, type DeviceStatus, type RequestStatus } from './api/client';

// Formatters are built once: building one per call (as toLocaleString with options does) is most of what
// formatting costs, paid for every cell of a 50-row list on a phone's slow CPU.
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const RELATIVE_UNITS: [number, Intl.RelativeTimeFormatUnit][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']];
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const NUMBERS = new Map<number, Intl.NumberFormat>();

/** "3 hours ago", "in 5 days", relative to `now` on the printers' clock (usePrinterNow). */
export function relative(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const diff = Date.parse(iso) - now;
  if (Number.isNaN(diff)) return '—';
  const abs = Math.abs(diff);
  for (const [ms, unit] of RELATIVE_UNITS) if (abs >= ms) return RELATIVE.format(Math.round(diff / ms), unit);
  return 'just now';
}

// A formatter throws on a date it cannot read (toLocaleString said "Invalid Date"): a dash, never a page that fails to show.
const formatted = (format: Intl.DateTimeFormat, iso: string | null | undefined) => {
  const at = iso ? new Date(iso) : null;
  return at && !Number.isNaN(at.getTime()) ? format.format(at) : '—';
};
export const date = (iso: string | null | undefined) => formatted(DATE_TIME, iso);
export const day = (iso: string | null | undefined) => formatted(DAY, iso);
/** "1 page", "2,014 pages". */
export const count = (n: number | null | undefined, one: string, many = `${one}s`) => (n === null || n === undefined ? `— ${many}` : `${num(n)} ${n === 1 ? one : many}`);
export function num(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return '—';
  let format = NUMBERS.get(digits);
  if (!format) NUMBERS.set(digits, (format = new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits })));
  return format.format(n);
}

const STATUS_TEXT: Record<DeviceStatus, string> = { healthy: 'Healthy', low: 'Low', ordering: 'Ordering', unreachable: 'Unreachable', replaced: 'Replaced' };
/** A printer's serial, or "serial unknown" for one that tells none and has none entered (it is known by its MAC address). */
export function Serial({ serial }: { serial: string | null }) {
  return serial === null ? <span className="serial serial-unknown">serial unknown</span> : <span className="serial">{serial}</span>;
}

export function StatusBadge({ status }: { status: DeviceStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_TEXT[status]}</span>;
}

const REQUEST_TEXT: Record<RequestStatus, string> = {
  outstanding: 'Outstanding', actioned: 'Actioned', ignored: 'Ignored', queried: 'Queried', deleted: 'Deleted', rejected: 'Rejected', completed: 'Completed',
};
export const requestStatusText = (status: RequestStatus) => REQUEST_TEXT[status];
export function RequestBadge({ status }: { status: RequestStatus }) {
  return <span className={`badge badge-req-${status}`}>{REQUEST_TEXT[status]}</span>;
}

/** The colour a supply is drawn in. */
export function supplyColor(color: string | null | undefined, kind?: string): string {
  switch (color) {
    case 'black': return '#1f2937';
    case 'cyan': return '#0891b2';
    case 'magenta': return '#c026d3';
    case 'yellow': return '#ca8a04';
    default: return kind === 'drum' ? '#64748b' : '#94a3b8';
  }
}

/** A supply's level as a bar with its number (or its state in words when the gauge gives no number) beside it. */
export function LevelBar({ percent, state, color, kind }: { percent: number | null; state: string; color: string | null; kind?: string }) {
  const label = percent === null ? stateText(state) : `${Math.round(percent)} %`;
  return (
    <div className="level">
      <div className="level-track" aria-hidden="true">
        {percent === null
          ? <div className={`level-fill level-state level-${state}`} style={{ width: `${state === 'empty' ? 3 : state === 'low' ? 15 : 100}%` }} />
          : <div className="level-fill" style={{ width: `${Math.max(3, Math.min(100, percent))}%`, background: supplyColor(color, kind) }} />}
      </div>
      <span className="level-label">{label}</span>
    </div>
  );
}

/**
 * A printer's supplies at a glance: each one's colour and level as a number, readable on a touch screen
 * (no tooltip needed), with a short bar under the number.
 */
export function LevelChips({ supplies }: { supplies: { index: number; color: string | null; kind: string; remainingPercent: number | null; state: string }[] }) {
  return (
    <ul className="chips" aria-label="Supply levels">
      {supplies.map((s) => {
        const share = s.remainingPercent ?? (s.state === 'empty' ? 3 : s.state === 'low' ? 15 : 100);
        return (
          <li key={s.index} className={`chip ${s.state === 'low' || s.state === 'empty' || (s.remainingPercent !== null && s.remainingPercent <= 15) ? 'chip-low' : ''}`}>
            <span className="chip-name"><i className="dot" style={{ background: supplyColor(s.color, s.kind) }} aria-hidden="true" />{colourShort(s.color, s.kind)}</span>
            <span className="chip-value">{s.remainingPercent === null ? stateText(s.state) : `${Math.round(s.remainingPercent)} %`}</span>
            <span className="chip-track" aria-hidden="true"><span className={s.remainingPercent === null ? `level-state level-${s.state}` : ''} style={{ width: `${Math.max(3, Math.min(100, share))}%`, background: s.remainingPercent === null ? undefined : supplyColor(s.color, s.kind) }} /></span>
          </li>
        );
      })}
    </ul>
  );
}

/** "K", "C", "M", "Y" are what the cartridges say; the word is spoken to screen readers. */
function colourShort(color: string | null, kind: string): ReactNode {
  const letter = ({ black: 'K', cyan: 'C', magenta: 'M', yellow: 'Y' } as Record<string, string>)[color ?? ''];
  return letter ? <><span aria-hidden="true">{letter}</span><span className="sr-only">{color}</span></> : (color ?? kind);
}

interface DaysForecast { daysRemaining: number | null; daysRemainingLow: number | null; daysRemainingHigh: number | null; stale?: boolean }
/** Days left with its 10–90 % band, coloured by how soon: the number a dispatcher sorts by. */
export function DaysLeft({ forecast, none = '—', left = false }: { forecast: DaysForecast | null; none?: string; left?: boolean }) {
  if (!forecast || forecast.daysRemaining === null) return <span className="muted">{none}</span>;
  const days = forecast.daysRemaining;
  const urgency = days <= 3 ? 'days-urgent' : days <= 9 ? 'days-soon' : 'days-later';
  const band = forecast.daysRemainingLow !== null && forecast.daysRemainingHigh !== null ? `${num(forecast.daysRemainingLow, 0)}–${num(forecast.daysRemainingHigh, 0)}` : null;
  return (
    <span className={`days ${urgency}`}>
      <strong>{num(days, days < 10 ? 1 : 0)}</strong> {days === 1 ? 'day' : 'days'}{left ? ' left' : ''}
      {band && <span className="days-band"> ({band})</span>}
      {forecast.stale && <span className="days-stale"> · stale</span>}
    </span>
  );
}

/** Sets the browser tab's title: where you are first, then the product. */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · TonerLoop`;
  }, [title]);
}

/** A page's heading: the breadcrumbs, the title (also the browser tab's), a line under it and the page's actions. */
export function PageHead({ title, heading, crumbs, sub, actions, children }: {
  title: string; heading?: ReactNode; crumbs?: ReactNode; sub?: ReactNode; actions?: ReactNode; children?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className="page-head">
      <div className="page-head-main">
        {crumbs && <nav className="crumbs" aria-label="Breadcrumb">{crumbs}</nav>}
        <h1>{heading ?? title}</h1>
        {sub && <p className="muted">{sub}</p>}
        {children}
      </div>
      {actions && <div className="head-actions">{actions}</div>}
    </div>
  );
}

/**
 * The detail panel beside a list (a request, later a job). On a wide screen it sits beside the list; on a
 * phone it comes below it, so it is scrolled to and focused when opened — else nothing seems to happen.
 */
export function DetailPanel({ label, onClose, title, children }: { label: string; onClose: () => void; title: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (ref.current && window.matchMedia('(max-width: 760px)').matches) {
      ref.current.scrollIntoView({ block: 'start' });
      ref.current.focus({ preventScroll: true });
    }
  }, [label]);
  return (
    <aside className="panel" aria-label={label} ref={ref} tabIndex={-1}>
      <Card title={title} actions={<button type="button" className="button button-ghost" onClick={onClose} aria-label="Close details">✕</button>}>{children}</Card>
    </aside>
  );
}

/** Tabs that say how many are behind each (the board's statuses, later the jobs board's). */
export function CountTabs<K extends string>({ label, tabs, active, onChange }: { label: string; tabs: { key: K; label: string; count?: number }[]; active: K | null; onChange(key: K): void }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button key={t.key} type="button" role="tab" aria-selected={active === t.key} className={`tab ${active === t.key ? 'tab-active' : t.count === 0 ? 'tab-empty' : ''}`} onClick={() => onChange(t.key)}>
          {t.label}{t.count !== undefined && <span className="tab-count">{t.count.toLocaleString('en-GB')}</span>}
        </button>
      ))}
    </div>
  );
}

export function stateText(state: string): string {
  return ({ ok: 'OK', low: 'Low', empty: 'Empty', 'some-remaining': 'Some left', unknown: 'Unknown' } as Record<string, string>)[state] ?? state;
}

/** A message that tells the user what happened and what to do; `title` says what failed (a load, by default). */
export function ErrorBox({ error, action, title = 'Could not load this.' }: { error: unknown; action?: ReactNode; title?: string }) {
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : 'Something went wrong.';
  const hint = error instanceof ApiError && error.status === 401 ? ' Log in again to continue.' : error instanceof ApiError && error.status === 404 ? ' It may have been removed, or it belongs to someone else.' : '';
  return <div className="error-box" role="alert"><strong>{title}</strong> {message}{hint} {action}</div>;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return <div className="empty"><div className="empty-title">{title}</div>{children && <div className="empty-body">{children}</div>}</div>;
}

/** Says what is loading; `height` reserves the room the content will take, so nothing jumps when it arrives. */
export function Loading({ what = 'Loading', height }: { what?: string; height?: number }) {
  return <div className="loading" aria-busy="true" style={height ? { minHeight: height } : undefined}>{what}…</div>;
}

/** A labelled form field with its error next to it. */
export function Field({ label, error, hint, children }: { label: string; error?: string | null; hint?: string; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, error ? errorId : undefined)}
      {error ? <div className="field-error" id={errorId} role="alert">{error}</div> : hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && <header className="card-header"><h2>{title}</h2>{actions && <div className="card-actions">{actions}</div>}</header>}
      {children}
    </section>
  );
}

/** A disclosure whose content is only built (and its data only fetched) once it is opened. */
export function Disclosure({ summary, className, children }: { summary: ReactNode; className?: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}

/** A one-field form that creates something by name, shows the server's refusal next to the field, and refreshes `list`. */
export function NameForm<T>({ label, button, missing, list, create, onCreated }: {
  label: string; button: string; missing: string; list: string; create: (name: string) => Promise<T>; onCreated?: (result: T) => void;
}) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => create(name.trim()),
    onSuccess: (result) => { setName(''); onCreated?.(result); void client.invalidateQueries({ queryKey: [list] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : `${button} failed.`),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); if (!name.trim()) { setError(missing); return; } mutation.mutate(); };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <Field label={label} error={error}>{(id, described) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} aria-invalid={!!error} aria-describedby={described} />}</Field>
      <button type="submit" className="button" disabled={mutation.isPending}>{button}</button>
    </form>
  );
}
