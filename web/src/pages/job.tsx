import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, call, type JobDetail, type JobLine, type JobStatus } from '../api/client';
import { isStaff, useAuth } from '../auth';
import { DataTable, type Column } from '../table';
import { Card, DaysLeft, Empty, ErrorBox, Field, LevelBar, Loading, PageHead, Serial, count, date, day, supplyColor, usePageTitle } from '../ui';
import { Dispatch } from './job-dispatch';
import { JobBadge, SELECTED_BY, jobStatusText } from './jobs';

/**
 * The words of the moves the job page makes with a status change. Which of them a job offers is the server's word: the
 * Job's allowedMoves, from the status machine (src/fulfilment/status.ts) and the caller's role. Packed is the scan
 * station's word and dispatched Dispatch's (job-dispatch.tsx, which checks the box against the lines); delivered is
 * confirmed by job-dispatch.tsx too, which keeps the transit time.
 */
const MOVE_LABELS: Partial<Record<JobStatus, string>> = { ready: 'Release to the warehouse (ready)', completed: 'Mark completed', cancelled: 'Cancel job' };

/**
 * One supply job: the printer's levels and days left (with "refresh levels now"), pages since its last job, the lines
 * with SKU and why, back orders, the excess-supply flag, the moves allowed from here, comments and history. A customer
 * key user sees the status, the lines and the expected delivery only.
 */
export function JobPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const staff = isStaff(me);
  const job = useQuery({ queryKey: ['job', id], queryFn: () => call(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })), refetchInterval: 10_000 });

  usePageTitle(job.error instanceof ApiError && job.error.status === 404 ? 'No such job' : null);
  if (job.error instanceof ApiError && job.error.status === 404) {
    return <div className="empty"><h1 className="empty-title">There is no such job.</h1><div className="empty-body">It may have been removed, or it belongs to another customer. <Link to="/jobs">Back to the jobs</Link>.</div></div>;
  }
  if (job.error) return <div className="page"><PageHead title="Supply job" /><ErrorBox error={job.error} action={<Link to="/jobs">Back to the jobs</Link>} /></div>;
  if (!job.data) return <Loading what="Loading the job" height={600} />;
  const j = job.data;

  return (
    <div className="page">
      <PageHead title={`Job ${j.number}`} heading={<>Job {j.number} <JobBadge status={j.status} /></>}
        crumbs={<><Link to="/jobs">{staff ? 'Supply jobs' : 'Deliveries'}</Link> / {j.customer}{j.siteName ? ` / ${j.siteName}` : ''}</>}
        sub={<>For <Link to={`/devices/${j.deviceId}`}><Serial serial={j.serial} /></Link>{j.device?.model ? ` (${j.device.model})` : ''} · booked {date(j.createdAt)}{j.status !== 'booked' && ` · ${jobStatusText(j.status).toLowerCase()} since ${date(j.statusChangedAt)}`}</>}>
        {j.expectedAt && <div className="warning">Back-ordered: expected by {day(j.expectedAt)}.</div>}
        {!staff && !j.expectedAt && <p className="small">{deliveryText(j.status)}</p>}
      </PageHead>

      {staff && <Excess job={j} />}
      {staff && <Dispatch job={j} />}
      {staff && <Moves job={j} />}

      <Card title="Lines">
        {j.lines.length === 0 ? <Empty title="No lines." /> : (
          <DataTable label="Job lines" className="job-lines-table" rowClass="job-line" rows={j.lines} rowKey={(l) => l.id} columns={lineColumns(staff)} />
        )}
      </Card>

      {staff && <Printer job={j} />}

      {staff && (
        <div className="two-col">
          <Comments job={j} canComment={me?.capabilities.includes('jobs:work') ?? false} />
          <Card title="History">
            <ol className="history">
              {j.history.map((h, i) => (
                <li key={i}>
                  <strong>{h.from ? `${jobStatusText(h.from)} → ${jobStatusText(h.to)}` : jobStatusText(h.to)}</strong> <span className="muted small">{date(h.at)} · {h.actor.name}</span>
                  {h.why && <div className="small">{h.why}</div>}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      )}
    </div>
  );
}

function deliveryText(status: JobStatus): string {
  return ({ booked: 'Booked: your dealer is preparing it.', ready: 'Ready: being picked in the warehouse.', packed: 'Packed: it leaves the warehouse soon.', dispatched: 'On its way.', delivered: 'Delivered.', completed: 'Delivered and installed.', cancelled: 'Cancelled.' } as Record<JobStatus, string>)[status];
}

function lineColumns(staff: boolean): Column<JobLine>[] {
  return [
    { key: 'sku', header: 'SKU', primary: true, cell: (l) => <><span className="sku">{l.sku}</span> <span className="muted small">{l.description}</span></> },
    { key: 'supply', header: 'Supply', cell: (l) => <><i className="dot" style={{ background: supplyColor(l.color, l.kind) }} aria-hidden="true" />{l.color ?? l.kind}</> },
    { key: 'quantity', header: 'Quantity', cell: (l) => l.quantity },
    ...(staff ? [{ key: 'why', header: 'Why', wide: true, cell: (l: JobLine) => <><strong>{SELECTED_BY[l.selectedBy]}</strong>{l.why && <div className="small">{l.why}</div>}</> }] : []),
    {
      key: 'state', header: 'Stock', cell: (l) => (
        <>
          {l.backorder ? <span className="badge badge-low">back order{l.expectedAt ? `, expected ${day(l.expectedAt)}` : ''}</span> : null}
          {l.substituteOf ? <span className="badge badge-job-ready">substitute</span> : null}
          {!l.backorder && !l.substituteOf && <span className="muted">—</span>}
          {l.completedAt && <div className="small">installed {day(l.completedAt)}</div>}
        </>
      ),
    },
  ];
}

/** The printer's supplies with level and days left, pages since its last supply job, and a fresh reading on request. */
function Printer({ job: j }: { job: JobDetail }) {
  const { me } = useAuth();
  const refresh = useMutation({ mutationFn: () => call(api.POST('/api/v1/devices/{id}/refresh', { params: { path: { id: j.deviceId } } })) });
  const supplies = (j.device?.supplies ?? []).filter((s) => s.kind !== 'other' && !s.isReceptacle);
  return (
    <Card title="The printer's supplies" actions={me?.capabilities.includes('devices:refresh') && <button type="button" className="button" disabled={refresh.isPending} onClick={() => refresh.mutate()} title="Ask the collector to read this printer now">Refresh levels now</button>}>
      {refresh.isSuccess && <div className="notice small" role="status">Asked the collector for a fresh reading at {date(refresh.data.requestedAt)}; the levels update by themselves when it arrives.</div>}
      {refresh.error && <ErrorBox error={refresh.error} title="Could not ask for a reading." />}
      <p className="small">
        {j.lastSupplyJob ? <>Last supply job: <Link to={`/jobs/${j.lastSupplyJob.id}`}>{j.lastSupplyJob.number}</Link> ({jobStatusText(j.lastSupplyJob.status).toLowerCase()}, {date(j.lastSupplyJob.createdAt)}); {j.pagesSinceLastSupplyJob === null ? 'pages printed since then not known' : `${count(j.pagesSinceLastSupplyJob, 'page')} printed since`}.</> : 'No earlier supply job for this printer.'}
        {' '}<Link to={`/jobs?device=${j.deviceId}`}>All its jobs</Link>
      </p>
      {!j.device ? <Empty title="The printer cannot be read." /> : supplies.length === 0 ? <Empty title="No supplies reported yet." /> : (
        <div className="supply-grid">
          {supplies.map((s) => (
            <div key={s.index} className="supply-card" style={{ borderTopColor: supplyColor(s.color, s.kind) }}>
              <div className="supply-title">{s.description ?? `${s.color ?? ''} ${s.kind}`}</div>
              <div className="muted small">{s.partNumber ?? 'no part number'}</div>
              <LevelBar percent={s.remainingPercent} state={s.state} color={s.color} kind={s.kind} />
              <div className="forecast"><DaysLeft forecast={s.forecast} left none="no forecast yet" /></div>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

/** The excess-supply flag with its figures, and the dispatcher's confirmation (with why) before the job may go ready. */
function Excess({ job: j }: { job: JobDetail }) {
  const { me } = useAuth();
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirm = useMutation({
    mutationFn: () => call(api.POST('/api/v1/jobs/{id}/confirm-excess', { params: { path: { id: j.id } }, body: { comment: comment.trim() } })),
    onSuccess: () => { setComment(''); void client.invalidateQueries({ queryKey: ['job', j.id] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not confirm.'),
  });
  if (!j.excess) return null;
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); if (!comment.trim()) { setError('Say why the excess supply should ship.'); return; } confirm.mutate(); };
  return (
    <div className={j.excess.confirmedAt ? 'notice' : 'warning'} role="region" aria-label="Excess supply">
      <strong>Excess supply: this job would ship more than the printer could have used.</strong>
      <ul className="small">{j.excess.figures.map((f) => <li key={f.supplyIndex}>{f.message}</li>)}</ul>
      {j.excess.confirmedAt ? <div className="small">Confirmed by {j.excess.confirmedBy ?? 'a dispatcher'} on {date(j.excess.confirmedAt)}.</div>
        : me?.capabilities.includes('jobs:work') ? (
          <form className="inline-form" onSubmit={submit} noValidate>
            <Field label="Why it should ship anyway" error={error}>
              {(fid, described) => <input id={fid} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} aria-invalid={!!error} aria-describedby={described} />}
            </Field>
            <button type="submit" className="button" disabled={confirm.isPending}>Confirm</button>
          </form>
        ) : <div className="small">A dispatcher must confirm it before it can go ready.</div>}
    </div>
  );
}

/** The moves the server allows the caller from here (allowedMoves), with a comment that goes into the history. */
function Moves({ job: j }: { job: JobDetail }) {
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const moves = j.allowedMoves.flatMap((to) => { const label = MOVE_LABELS[to]; return label ? [{ to, label }] : []; });
  const move = useMutation({
    mutationFn: (to: JobStatus) => call(api.POST('/api/v1/jobs/{id}/status', { params: { path: { id: j.id } }, body: { status: to, comment: comment.trim() || undefined } })),
    onSuccess: () => { setComment(''); void client.invalidateQueries({ queryKey: ['job', j.id] }); void client.invalidateQueries({ queryKey: ['jobs'] }); },
  });
  if (moves.length === 0) return null;
  return (
    <section className="bulkbar" aria-label="Move the job">
      <input aria-label="Comment for the move" placeholder="Why (kept in the history)" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
      {moves.map((m) => (
        <button key={m.to} type="button" className={m.to === 'cancelled' ? 'button button-danger' : 'button'} disabled={move.isPending} onClick={() => { move.reset(); move.mutate(m.to); }}>{m.label}</button>
      ))}
      {move.isSuccess && <div className="notice small" role="status">Moved to {jobStatusText(move.data.status).toLowerCase()}.</div>}
      {move.error && <ErrorBox error={move.error} title="The move was refused." />}
    </section>
  );
}

function Comments({ job: j, canComment }: { job: JobDetail; canComment: boolean }) {
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => call(api.POST('/api/v1/jobs/{id}/comments', { params: { path: { id: j.id } }, body: { body: body.trim() } })),
    onSuccess: () => { setBody(''); void client.invalidateQueries({ queryKey: ['job', j.id] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'The comment could not be saved.'),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); if (!body.trim()) { setError('Write a comment first.'); return; } add.mutate(); };
  return (
    <Card title="Comments">
      {j.comments.length === 0 ? <p className="muted small">No comments yet.</p> : (
        <ul className="comments">{j.comments.map((c) => <li key={c.id}><strong>{c.author.name}</strong> <span className="muted small">{date(c.createdAt)}</span><div>{c.body}</div></li>)}</ul>
      )}
      {canComment && (
        <form onSubmit={submit} noValidate>
          <Field label="Add a comment" error={error}>
            {(fid, described) => <textarea id={fid} rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby={described} aria-invalid={!!error} />}
          </Field>
          <button type="submit" className="button" disabled={add.isPending}>Comment</button>
        </form>
      )}
    </Card>
  );
}
