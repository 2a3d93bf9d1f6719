import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, call, type RequestItem, type RequestStatus } from '../api/client';
import { useAddressFilters } from '../filters';
import { isAdmin, useAuth } from '../auth';
import { DataTable, type Column } from '../table';
import { CountTabs, DaysLeft, DetailPanel, Empty, ErrorBox, Field, Loading, PageHead, RequestBadge, Serial, day, date, num, requestStatusText } from '../ui';
import { StockoutMark, StockoutRiskSection, lateNow } from './stockout';

const TABS: RequestStatus[] = ['outstanding', 'queried', 'actioned', 'ignored', 'rejected', 'completed', 'deleted'];
type Move = { to: 'outstanding' | 'ignored' | 'queried' | 'deleted' | 'completed'; label: string; needsComment?: boolean; adminOnly?: boolean };
const MOVES: Record<RequestStatus, Move[]> = {
  outstanding: [{ to: 'ignored', label: 'Ignore' }, { to: 'queried', label: 'Query' }, { to: 'deleted', label: 'Delete' }],
  queried: [{ to: 'outstanding', label: 'Back to outstanding' }, { to: 'deleted', label: 'Delete' }],
  ignored: [{ to: 'outstanding', label: 'Reopen' }, { to: 'deleted', label: 'Delete' }],
  rejected: [{ to: 'outstanding', label: 'Override rejection', needsComment: true, adminOnly: true }, { to: 'deleted', label: 'Delete' }],
  actioned: [{ to: 'completed', label: 'Mark completed', adminOnly: true }, { to: 'deleted', label: 'Cancel (delete)' }],
  completed: [],
  deleted: [],
};

/**
 * The consumable request board: a queue per status (with its count), soonest to run out first, bulk moves
 * with a comment, and each request's reasons, history and comments in a panel beside the list (below it,
 * scrolled to, on a phone).
 */
export function RequestsPage({ canWork }: { canWork: boolean }) {
  const { me } = useAuth();
  const client = useQueryClient();
  const { params, setParam } = useAddressFilters();
  const deviceId = params.get('device') ?? undefined;
  const asked = params.get('status');
  // null: every status ("All"); the board opens on the queue a dispatcher works, a key user's on all their orders.
  const status = asked === 'all' ? null : (TABS.includes(asked as RequestStatus) ? asked as RequestStatus : null) ?? (canWork && asked === null ? 'outstanding' : null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<{ ok: number; failed: string[] } | null>(null);
  const list = useQuery({
    queryKey: ['requests', status, deviceId],
    queryFn: () => call(api.GET('/api/v1/consumable-requests', { params: { query: { status: status ?? 'all', deviceId, limit: 500, sort: 'days-left' } } })),
    refetchInterval: 5_000,
  });
  const move = useMutation({
    mutationFn: async (m: Move) => {
      const failed: string[] = [];
      let ok = 0;
      for (const id of selected) {
        try {
          await call(api.POST('/api/v1/consumable-requests/{id}/status', { params: { path: { id } }, body: { to: m.to, comment: comment.trim() || undefined } }));
          ok += 1;
        } catch (error) {
          failed.push(error instanceof ApiError ? error.message : String(error));
        }
      }
      return { ok, failed };
    },
    onSuccess: (result) => { setOutcome(result); setSelected(new Set()); setComment(''); void client.invalidateQueries({ queryKey: ['requests'] }); },
  });
  const items = list.data?.items ?? [];
  const late = items.filter((r) => lateNow(r)).length;
  const moves = status ? MOVES[status].filter((m) => !m.adminOnly || isAdmin(me)) : [];
  const chooseTab = (s: RequestStatus | 'all') => { setParam('status', s); setSelected(new Set()); setOutcome(null); setOpen(null); };
  const toggle = (id: string) => { const next = new Set(selected); if (next.has(id)) next.delete(id); else next.add(id); setSelected(next); };
  const counts = list.data?.counts;
  const all = { key: 'all' as const, label: 'All', count: counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined };
  const byStatus = TABS.map((t) => ({ key: t, label: requestStatusText(t), count: counts?.[t] }));
  const tabs = canWork ? [...byStatus, all] : [all, ...byStatus];
  const columns: Column<RequestItem>[] = [
    { key: 'printer', header: 'Printer', primary: true, cell: (r) => <><Link to={`/devices/${r.deviceId}`} onClick={(e) => e.stopPropagation()}><Serial serial={r.serial} /></Link> <span className="muted small">{r.customer}</span></> },
    { key: 'supply', header: 'Supply', cell: (r) => supplyText(r) },
    { key: 'level', header: 'Level', cell: (r) => (r.remainingPercent === null ? '—' : `${num(r.remainingPercent)} %`) },
    { key: 'days', header: 'Days left', cell: (r) => <><DaysLeft forecast={{ daysRemaining: r.daysRemaining, daysRemainingLow: null, daysRemainingHigh: null }} /><StockoutMark request={r} /></> },
    { key: 'raised', header: 'Raised', className: 'cell-nowrap', cell: (r) => <><span title={date(r.createdAt)}>{day(r.createdAt)}</span><div className="small muted">{r.origin}{r.rapidUse ? ' · rapid use' : ''}</div></> },
    { key: 'status', header: 'Status', cell: (r) => <RequestBadge status={r.status} /> },
  ];

  return (
    <div className="page">
      <PageHead title={canWork ? 'Consumable requests' : 'Supply orders'} actions={deviceId && <Link to="/requests" className="button button-ghost">Show all printers</Link>} />
      <CountTabs label="Request status" tabs={tabs} active={status ?? 'all'} onChange={chooseTab} />

      {canWork && moves.length > 0 && (
        <div className="bulkbar" aria-label="Bulk actions">
          <span>{selected.size} selected</span>
          <input aria-label="Comment for the selected requests" placeholder="Comment (needed to override a rejection)" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          {moves.map((m) => (
            <button key={m.to} type="button" className={m.to === 'deleted' ? 'button button-danger' : 'button'} disabled={selected.size === 0 || move.isPending || (!!m.needsComment && !comment.trim())}
              title={m.needsComment && !comment.trim() ? 'Write a comment saying why first' : undefined} onClick={() => move.mutate(m)}>{m.label}</button>
          ))}
        </div>
      )}
      {outcome && (
        <div className={outcome.failed.length ? 'warning' : 'notice'} role="status">
          {outcome.ok} request{outcome.ok === 1 ? '' : 's'} moved.{outcome.failed.length > 0 && <> {outcome.failed.length} refused: {[...new Set(outcome.failed)].join(' ')}</>}
        </div>
      )}

      {late > 0 && (
        <p className="warning stockout-count" role="status"><span aria-hidden="true">⚠ </span>{late} {late === 1 ? 'request' : 'requests'} in this list will run out before delivery: even an order placed now arrives after the forecast empty date. Open one for what helps.</p>
      )}

      <div className={open ? 'board board-open' : 'board'}>
        <div className="board-list">
          {list.error ? <ErrorBox error={list.error} /> : !list.data ? <Loading what="Loading requests" /> : items.length === 0 ? (
            <Empty title={status ? `No ${requestStatusText(status).toLowerCase()} requests.` : 'No orders yet.'}>{status === 'outstanding' ? 'New requests appear here when a cartridge will run out within the lead time.' : canWork ? null : 'Order supplies from a printer\'s page.'}</Empty>
          ) : (
            <DataTable label="Requests" className="requests" rowClass="request-row" columns={columns} rows={items} rowKey={(r) => r.id} openKey={open} onOpen={(r) => setOpen(r.id)}
              rowLabel={(r) => `Request for ${r.serial ?? 'printer of unknown serial'} ${r.supply.color ?? r.supply.kind}`}
              selection={canWork && moves.length > 0 ? { selected, toggle, toggleAll: () => setSelected(selected.size === items.length ? new Set() : new Set(items.map((r) => r.id))) } : undefined} />
          )}
        </div>
        {open && <RequestPanel id={open} onClose={() => setOpen(null)} />}
      </div>
    </div>
  );
}

function supplyText(r: RequestItem): string {
  const name = `${r.supply.color ?? r.supply.kind ?? 'supply'}${r.supply.partNumber ? ` (${r.supply.partNumber})` : ''}`;
  return `${name}${r.supplyIndexes.length > 1 ? ` + ${r.supplyIndexes.length - 1} more` : ''}${r.quantity > 1 ? ` × ${r.quantity}` : ''}`;
}

function RequestPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['request', id], queryFn: () => call(api.GET('/api/v1/consumable-requests/{id}', { params: { path: { id } } })), refetchInterval: 5_000 });
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => call(api.POST('/api/v1/consumable-requests/{id}/comments', { params: { path: { id } }, body: { body: body.trim() } })),
    onSuccess: () => { setBody(''); void client.invalidateQueries({ queryKey: ['request', id] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'The comment could not be saved.'),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); if (!body.trim()) { setError('Write a comment first.'); return; } add.mutate(); };
  return (
    <DetailPanel label="Request details" onClose={onClose} title={detail.data ? <>Request <span className="muted small">{detail.data.serial ?? 'serial unknown'}</span></> : 'Request'}>
        {detail.error ? <ErrorBox error={detail.error} /> : !detail.data ? <Loading /> : (
          <>
            <p><RequestBadge status={detail.data.status} /> {supplyText(detail.data)} · {detail.data.origin}{detail.data.externalId ? ` · ERP ${detail.data.externalId}` : ''}</p>
            {detail.data.comment && <p className="small">{detail.data.comment}</p>}
            {detail.data.externalId && <RequestJob deviceId={detail.data.deviceId} number={detail.data.externalId} />}
            {detail.data.conflict && <p className="warning small">Ordered by hand under a warning: {detail.data.conflict}</p>}
            <StockoutRiskSection risk={detail.data.stockoutRisk} help={detail.data.stockoutHelp} open={lateNow(detail.data)} />
            <h3>Authorization</h3>
            <ul className="rules">
              {detail.data.authorization.map((a) => <li key={a.rule} className={a.passed ? 'rule-pass' : 'rule-fail'}><span aria-hidden="true">{a.passed ? '✓' : '✗'}</span> {a.reason}</li>)}
            </ul>
            <h3>History</h3>
            <ol className="history">
              {detail.data.history.map((h, i) => (
                <li key={i}><strong>{h.to}</strong>{h.override && <span className="badge badge-low">override</span>} <span className="muted small">{date(h.at)} · {h.actor.kind}{h.actor.role ? ` (${h.actor.role})` : ''}</span>{h.comment && <div className="small">{h.comment}</div>}</li>
              ))}
            </ol>
            <h3>Comments</h3>
            {detail.data.comments.length === 0 ? <p className="muted small">No comments yet.</p> : (
              <ul className="comments">{detail.data.comments.map((c) => <li key={c.id}><strong>{c.author.name}</strong> <span className="muted small">{date(c.createdAt)}</span><div>{c.body}</div></li>)}</ul>
            )}
            <form onSubmit={submit}>
              <Field label="Add a comment" error={error}>
                {(fid, described) => <textarea id={fid} rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby={described} aria-invalid={!!error} />}
              </Field>
              <button type="submit" className="button" disabled={add.isPending}>Comment</button>
            </form>
          </>
        )}
    </DetailPanel>
  );
}

/** The supply job that took the request: the job module writes its number as the request's B2B ID (an ERP's ID matches no job). */
function RequestJob({ deviceId, number }: { deviceId: string; number: string }) {
  const { me } = useAuth();
  const jobs = useQuery({
    queryKey: ['jobs', 'device', deviceId],
    queryFn: () => call(api.GET('/api/v1/jobs', { params: { query: { deviceId, limit: 200 } } })),
    enabled: me?.capabilities.includes('jobs:read') ?? false,
  });
  const job = jobs.data?.items.find((j) => j.number === number);
  return job ? <p className="small">Taken by supply job <Link to={`/jobs/${job.id}`}>{job.number}</Link> ({job.status}).</p> : null;
}
