import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api, call, type Job, type JobLine, type JobStatus } from '../api/client';
import { useAllCustomers } from '../api/queries';
import { useAddressFilters } from '../filters';
import { isStaff, useAuth, usePrinterNow } from '../auth';
import { DataTable, type Column } from '../table';
import { CountTabs, Empty, ErrorBox, Loading, PageHead, Serial, date, day, relative } from '../ui';
import { ExceptionsList, useOpenExceptions } from './job-exceptions';

export const JOB_STATUSES: JobStatus[] = ['booked', 'ready', 'packed', 'dispatched', 'delivered', 'completed', 'cancelled'];
const JOB_TEXT: Record<JobStatus, string> = { booked: 'Booked', ready: 'Ready', packed: 'Packed', dispatched: 'Dispatched', delivered: 'Delivered', completed: 'Completed', cancelled: 'Cancelled' };
export const jobStatusText = (status: JobStatus) => JOB_TEXT[status];
export function JobBadge({ status }: { status: JobStatus }) {
  return <span className={`badge badge-job-${status}`}>{JOB_TEXT[status]}</span>;
}

/** How a line's SKU was chosen, in words. */
export const SELECTED_BY: Record<JobLine['selectedBy'], string> = {
  'contract-default': "contract's default stock", 'related-stock': "model's related stock", 'part-number': 'part-number match', manual: 'picked by hand',
};

const AGES = [{ days: 1, label: 'Older than a day' }, { days: 3, label: 'Older than 3 days' }, { days: 7, label: 'Older than a week' }, { days: 14, label: 'Older than 2 weeks' }];
type Tab = JobStatus | 'all' | 'exceptions';

/**
 * The jobs board: a tab per status with its count (and the exceptions the job creator could not place), filters by
 * customer, site and age, "take requests now"; each job's lines with their SKUs, back orders and excess flag.
 * A customer key user sees their own company's deliveries, read-only.
 */
export function JobsPage() {
  const { me } = useAuth();
  const now = usePrinterNow();
  const navigate = useNavigate();
  const client = useQueryClient();
  const staff = isStaff(me);
  const canWork = me?.capabilities.includes('jobs:work') ?? false;
  const canPack = me?.capabilities.includes('jobs:pack') ?? false;
  const { params, setParams, setParam: set } = useAddressFilters();
  const deviceId = params.get('device') ?? undefined;
  const customerId = params.get('customer') ?? undefined;
  const siteId = params.get('site') ?? undefined;
  const olderThanDays = params.get('age') ? Number(params.get('age')) : undefined;
  const asked = params.get('status');
  // A dispatcher opens on the jobs to release, the warehouse on those to pack, a key user (and a printer's jobs) on all.
  const fallback: Tab = deviceId || !staff ? 'all' : canWork ? 'booked' : canPack ? 'ready' : 'all';
  const tab: Tab = asked === 'all' || (asked === 'exceptions' && canWork) || JOB_STATUSES.includes(asked as JobStatus) ? asked as Tab : fallback;
  const status = tab === 'all' || tab === 'exceptions' ? undefined : tab;
  const filter = { deviceId, customerId, siteId, olderThanDays };

  const list = useQuery({
    queryKey: ['jobs', status, filter],
    queryFn: () => call(api.GET('/api/v1/jobs', { params: { query: { status, ...filter, limit: 500 } } })),
    refetchInterval: 5_000, placeholderData: keepPreviousData,
  });
  const exceptions = useOpenExceptions(canWork);
  const customers = useAllCustomers(staff);
  const sites = useQuery({ queryKey: ['sites', customerId], queryFn: () => call(api.GET('/api/v1/customers/{id}/sites', { params: { path: { id: customerId! } } })), enabled: staff && !!customerId });
  const run = useMutation({
    mutationFn: () => call(api.POST('/api/v1/jobs/run')),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['jobs'] }); void client.invalidateQueries({ queryKey: ['job-exceptions'] }); },
  });
  const counts = list.data?.counts;
  const tabs: { key: Tab; label: string; count?: number }[] = [
    ...JOB_STATUSES.map((s) => ({ key: s as Tab, label: JOB_TEXT[s], count: counts?.[s] })),
    { key: 'all', label: 'All', count: counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined },
    ...(canWork ? [{ key: 'exceptions' as Tab, label: 'Exceptions', count: exceptions.data?.items.length }] : []),
  ];
  const items = list.data?.items ?? [];
  const columns: Column<Job>[] = [
    { key: 'number', header: 'Job', primary: true, className: 'cell-nowrap', cell: (j) => <><Link to={`/jobs/${j.id}`} onClick={(e) => e.stopPropagation()}>{j.number}</Link> <JobBadge status={j.status} /></> },
    {
      key: 'printer', header: 'Printer', cell: (j) => (
        <><Serial serial={j.serial} />{staff && <span className="muted small"> {j.customer}</span>}{j.siteName && <div className="small">{j.siteName}</div>}</>
      ),
    },
    { key: 'lines', header: 'Lines', wide: true, cell: (j) => <LinesSummary lines={j.lines} /> },
    ...(staff ? [{ key: 'excess', header: 'Excess', cell: (j: Job) => <ExcessFlag job={j} /> }] : []),
    { key: 'age', header: staff ? 'Age' : 'Ordered', className: 'cell-nowrap', cell: (j) => <span title={date(j.createdAt)}>{staff ? relative(j.createdAt, now) : day(j.createdAt)}</span> },
    { key: 'expected', header: 'Expected', className: 'cell-nowrap', cell: (j) => (j.expectedAt ? <span className="badge badge-low">{day(j.expectedAt)}</span> : <span className="muted">—</span>) },
  ];
  const filtered = !!(customerId || siteId || olderThanDays || deviceId);

  return (
    <div className="page">
      <PageHead title={staff ? 'Supply jobs' : 'Deliveries'}
        sub={staff ? 'Requests the job module took, a job per shipment; back orders and excess supply are marked.' : 'The supplies your dealer is sending you, and when back-ordered ones are expected.'}
        actions={<>
          {deviceId && <Link to="/jobs" className="button button-ghost">Show all printers</Link>}
          {canWork && <button type="button" className="button button-primary" disabled={run.isPending} onClick={() => run.mutate()} title="Turn every outstanding request into a job line now, instead of waiting for the next hourly run">Take requests now</button>}
        </>}>
        {run.data && <div className="notice" role="status">{runText(run.data)}</div>}
        {run.error && <ErrorBox error={run.error} title="Could not take the requests." />}
      </PageHead>
      <CountTabs label="Job status" tabs={tabs} active={tab} onChange={(t) => set('status', t)} />

      {tab === 'exceptions' ? <ExceptionsList /> : (
        <>
          {staff && (
            <div className="filters">
              <select aria-label="Customer" value={customerId ?? ''} onChange={(e) => set('customer', e.target.value || undefined)}>
                <option value="">All customers</option>
                {customers.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
              {customerId && (
                <select aria-label="Site" value={siteId ?? ''} onChange={(e) => set('site', e.target.value || undefined)}>
                  <option value="">All sites</option>
                  {sites.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                </select>
              )}
              <select aria-label="Age" value={olderThanDays ?? ''} onChange={(e) => set('age', e.target.value || undefined)}>
                <option value="">Any age</option>
                {AGES.map((a) => <option key={a.days} value={a.days}>{a.label}</option>)}
              </select>
              {filtered && <button type="button" className="button button-ghost" onClick={() => setParams(tab === fallback ? {} : { status: tab }, { replace: true })}>Clear filters</button>}
            </div>
          )}
          {list.error ? <ErrorBox error={list.error} /> : !list.data ? <Loading what="Loading jobs" height={300} /> : items.length === 0 ? (
            <Empty title={status ? `No ${JOB_TEXT[status].toLowerCase()} jobs${filtered ? ' match these filters' : ''}.` : filtered ? 'No job matches these filters.' : 'No supply jobs yet.'}>
              {canWork && status === 'booked' ? 'Outstanding requests become jobs every hour, or now with "Take requests now".' : staff ? null : 'Supplies your dealer sends you appear here.'}
            </Empty>
          ) : (
            <DataTable label="Supply jobs" className="jobs" rowClass="job-row" columns={columns} rows={items} rowKey={(j) => j.id}
              onOpen={(j) => navigate(`/jobs/${j.id}`)} rowLabel={(j) => `Job ${j.number} for ${j.serial ?? 'a printer of unknown serial'}`} />
          )}
        </>
      )}
    </div>
  );
}

/** What a run of the job creator did, in words. */
function runText(r: { created: number; consolidated: number; exceptions: number; failed: number }): string {
  if (r.created + r.consolidated + r.exceptions + r.failed === 0) return 'No outstanding requests to take.';
  const parts = [
    `${r.created} new job${r.created === 1 ? '' : 's'} created`,
    `${r.consolidated} request${r.consolidated === 1 ? '' : 's'} added to a booked job`,
    `${r.exceptions} exception${r.exceptions === 1 ? '' : 's'} to fix`,
  ];
  return `Took the outstanding requests: ${parts.join(', ')}.${r.failed ? ` ${r.failed} failed and wait for the next run.` : ''}`;
}

/** A job's lines on one line each: SKU and quantity, and what is back-ordered or substituted. */
function LinesSummary({ lines }: { lines: JobLine[] }) {
  if (lines.length === 0) return <span className="muted">no lines</span>;
  return (
    <ul className="job-lines">
      {lines.map((l) => (
        <li key={l.id}>
          <span className="sku">{l.sku}</span> × {l.quantity} <span className="muted small">{l.color ?? l.kind}</span>
          {l.backorder && <span className="badge badge-low">back order{l.expectedAt ? ` until ${day(l.expectedAt)}` : ''}</span>}
          {l.substituteOf && <span className="badge badge-job-ready">substitute</span>}
        </li>
      ))}
    </ul>
  );
}

/** The excess-supply flag: waiting for a dispatcher's confirmation, or confirmed. */
export function ExcessFlag({ job }: { job: Job }) {
  if (!job.excess) return <span className="muted">—</span>;
  return job.excess.confirmedAt ? <span className="badge badge-replaced">excess confirmed</span> : <span className="badge badge-unreachable">excess: confirm</span>;
}
