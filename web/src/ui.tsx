import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, type DeviceStatus, type RequestStatus } from './api/client';

/** "3 hours ago", "in 5 days", relative to `now` on the printers' clock (usePrinterNow). */
export function relative(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const units: [number, Intl.RelativeTimeFormatUnit][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']];
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [ms, unit] of units) if (abs >= ms) return format.format(Math.round(diff / ms), unit);
  return 'just now';
}

export const date = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }) : '—');
export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '—' : n.toLocaleString('en-GB', { maximumFractionDigits: digits }));

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

/** A supply's level as a bar, or its state in words when the gauge gives no number. */
export function LevelBar({ percent, state, color, kind, compact }: { percent: number | null; state: string; color: string | null; kind?: string; compact?: boolean }) {
  const label = percent === null ? stateText(state) : `${Math.round(percent)} %`;
  // A bar fills sideways; the dashboard's compact square fills from the bottom like a cartridge.
  const size = (share: number) => (compact ? { height: `${share}%`, width: '100%' } : { width: `${share}%` });
  return (
    <div className={`level ${compact ? 'level-compact' : ''}`} title={`${color ?? kind ?? 'supply'}: ${label}`} aria-label={`${color ?? kind ?? 'supply'} ${label}`}>
      <div className="level-track">
        {percent === null
          ? <div className={`level-fill level-state level-${state}`} style={size(state === 'empty' ? 3 : state === 'low' ? 15 : 100)} />
          : <div className="level-fill" style={{ ...size(Math.max(3, Math.min(100, percent))), background: supplyColor(color, kind) }} />}
      </div>
      {!compact && <span className="level-label">{label}</span>}
    </div>
  );
}

export function stateText(state: string): string {
  return ({ ok: 'OK', low: 'Low', empty: 'Empty', 'some-remaining': 'Some left', unknown: 'Unknown' } as Record<string, string>)[state] ?? state;
}

/** A message that tells the user what happened and what to do. */
export function ErrorBox({ error, action }: { error: unknown; action?: ReactNode }) {
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : 'Something went wrong.';
  const hint = error instanceof ApiError && error.status === 401 ? ' Log in again to continue.' : error instanceof ApiError && error.status === 404 ? ' It may have been removed, or it belongs to someone else.' : '';
  return <div className="error-box" role="alert"><strong>Could not load this.</strong> {message}{hint} {action}</div>;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return <div className="empty"><div className="empty-title">{title}</div>{children && <div className="empty-body">{children}</div>}</div>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <div className="loading" aria-busy="true">{what}…</div>;
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
