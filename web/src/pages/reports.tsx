import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import type { paths } from '../api/schema';
import { useWidth } from '../chart';
import { DataTable } from '../table';
import { Card, Empty, ErrorBox, Loading, PageHead, count, day, num, relative } from '../ui';

type Json<P extends keyof paths> = paths[P]['get'] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
type Summary = Json<'/api/v1/jobs/reports/summary'>;
type StatusRow = Summary['statuses'][number];
type Backorder = Json<'/api/v1/jobs/reports/backorders'>['items'][number];
type ExcessJob = Json<'/api/v1/jobs/reports/excess'>['items'][number];
type Consumption = Json<'/api/v1/jobs/reports/shipped-vs-consumed'>;
type CustomerRow = Consumption['customers'][number];

const STATUS_TEXT: Record<StatusRow['status'], string> = {
  booked: 'Booked', ready: 'Ready', packed: 'Packed', dispatched: 'Dispatched', delivered: 'Delivered', completed: 'Completed', cancelled: 'Cancelled',
};
const AGES: { key: keyof StatusRow['ages']; header: string; label: string }[] = [
  { key: 'under1Day', header: '< 1 day', label: 'Under 1 day' }, { key: 'days1To3', header: '1–3 days', label: '1 to 3 days' },
  { key: 'days3To7', header: '3–7 days', label: '3 to 7 days' }, { key: 'over7Days', header: '7+ days', label: '7 days or more' },
];
const PERIODS = [30, 90, 180, 365];
const DAY = 86_400_000;
const SHIPPED = '#0f766e';
const CONSUMED = '#94a3b8';

const JobLink = ({ job }: { job: { id: string; number: string } }) => <Link to={`/jobs/${job.id}`}>{job.number}</Link>;

/** Reports on supply jobs for dispatchers: jobs per status and age, back orders, excess-supply flags, shipped vs consumed per customer. */
export function ReportsPage() {
  const summary = useQuery({ queryKey: ['job-reports', 'summary'], queryFn: () => call(api.GET('/api/v1/jobs/reports/summary')) });
  return (
    <div className="page">
      <PageHead title="Reports" sub="Supply jobs at a glance: what waits where and for how long, what is back-ordered or flagged, and whether customers use what you ship." />
      {summary.error ? <ErrorBox error={summary.error} /> : !summary.data ? <Loading height={360} /> : <StatusAges summary={summary.data} />}
      <Backorders />
      <ExcessFlags />
      <ShippedVsConsumed />
    </div>
  );
}

function StatusAges({ summary }: { summary: Summary }) {
  const now = Date.parse(summary.at);
  return (
    <>
      <div className="tiles" role="group" aria-label="Things waiting">
        <a className="tile tile-ordering" href="#backorders">
          <span className="tile-count">{num(summary.backorders.lines)}</span>
          <span className="tile-label">Back-order lines</span>
          <span className="tile-hint">{summary.backorders.overdue > 0 ? `${count(summary.backorders.overdue, 'line')} past the expected date` : 'None past the expected date'}</span>
        </a>
        <Link className="tile tile-unreachable" to="/jobs?status=exceptions">
          <span className="tile-count">{num(summary.exceptions.open)}</span>
          <span className="tile-label">Open exceptions</span>
          <span className="tile-hint">{summary.exceptions.open === 0 ? 'Every request became a job line' : `${num(summary.exceptions.byReason['no-sku'])} without SKU, ${num(summary.exceptions.byReason['unknown-serial'])} unknown serial; oldest ${relative(summary.exceptions.oldestSince, now)}`}</span>
        </Link>
        <a className="tile tile-low" href="#excess">
          <span className="tile-count">{num(summary.excess.pending)}</span>
          <span className="tile-label">Excess supply to confirm</span>
          <span className="tile-hint">{count(summary.excess.confirmed, 'flag')} confirmed</span>
        </a>
      </div>
      <Card title="Jobs by status and age">
        <p className="muted small">Age is the time since a job entered the status it is in now.</p>
        <DataTable<StatusRow> label="Jobs by status and age in status" rows={summary.statuses} rowKey={(s) => s.status} columns={[
          { key: 'status', header: 'Status', primary: true, cell: (s) => <span className={`badge badge-job-${s.status}`}>{STATUS_TEXT[s.status]}</span> },
          { key: 'total', header: 'Jobs', cell: (s) => <strong>{num(s.total)}</strong> },
          ...AGES.map((a) => ({ key: a.key, header: a.header, label: a.label, cell: (s: StatusRow) => (s.ages[a.key] === 0 ? <span className="muted">0</span> : num(s.ages[a.key])) })),
          { key: 'oldest', header: 'Oldest since', cell: (s) => (s.oldestSince ? relative(s.oldestSince, now) : '—') },
        ]} />
      </Card>
    </>
  );
}

function Backorders() {
  const report = useQuery({ queryKey: ['job-reports', 'backorders'], queryFn: () => call(api.GET('/api/v1/jobs/reports/backorders', { params: { query: { limit: 200 } } })) });
  return (
    <section id="backorders" aria-labelledby="backorders-title" className="page">
      <h2 id="backorders-title">Back orders</h2>
      {report.error ? <ErrorBox error={report.error} /> : !report.data ? <Loading height={160} /> : report.data.items.length === 0 ? (
        <Empty title="Nothing is back-ordered.">Every line of the jobs in the warehouse could be filled from stock.</Empty>
      ) : (
        <DataTable<Backorder> label="Open back-order lines" rows={report.data.items} rowKey={(b) => b.lineId} columns={[
          { key: 'sku', header: 'SKU', primary: true, cell: (b) => <><span className="sku">{b.sku}</span> <span className="muted">× {b.quantity}</span></> },
          { key: 'description', header: 'Item', wide: true, cell: (b) => b.description },
          { key: 'job', header: 'Job', cell: (b) => <JobLink job={b.job} /> },
          { key: 'customer', header: 'Customer', cell: (b) => b.customer },
          { key: 'serial', header: 'Printer', phoneHidden: true, cell: (b) => b.serial ?? '—' },
          { key: 'expected', header: 'Expected', cell: (b) => (b.expectedAt ? <>{day(b.expectedAt)}{b.overdue && <span className="badge badge-req-rejected">overdue</span>}</> : 'Not known') },
          { key: 'waiting', header: 'Waiting', cell: (b) => count(b.daysWaiting, 'day') },
        ]} />
      )}
    </section>
  );
}

function ExcessFlags() {
  const report = useQuery({ queryKey: ['job-reports', 'excess'], queryFn: () => call(api.GET('/api/v1/jobs/reports/excess', { params: { query: { limit: 200 } } })) });
  return (
    <section id="excess" aria-labelledby="excess-title" className="page">
      <h2 id="excess-title">Excess supply</h2>
      {report.error ? <ErrorBox error={report.error} /> : !report.data ? <Loading height={160} /> : report.data.items.length === 0 ? (
        <Empty title="No job was flagged for excess supply.">A job is flagged when it would send a printer more than one spare cartridge of a colour beyond what its pages used.</Empty>
      ) : (
        <DataTable<ExcessJob> label="Jobs flagged for excess supply" rows={report.data.items} rowKey={(j) => j.id} columns={[
          { key: 'job', header: 'Job', primary: true, cell: (j) => <><JobLink job={j} /> <span className={`badge badge-job-${j.status}`}>{STATUS_TEXT[j.status]}</span></> },
          { key: 'customer', header: 'Customer', cell: (j) => <>{j.customer}<div className="muted small">{j.serial ?? ''}</div></> },
          { key: 'figures', header: 'Figures', wide: true, cell: (j) => (
            <ul className="job-lines">
              {j.figures.map((f) => (
                <li key={f.supplyIndex}>
                  <strong>{[f.color, f.kind].filter(Boolean).join(' ')}</strong>: {num(f.shipped)} shipped, {num(f.pagesPrinted)} {f.pagesAxis === 'color' ? 'colour pages' : 'pages'} used {num(f.cartridgesUsed, 1)} — {num(f.ahead, 1)} ahead
                </li>
              ))}
            </ul>
          ) },
          { key: 'confirmed', header: 'Confirmed', cell: (j) => (j.confirmed ? <>{j.confirmedBy ?? 'Someone'}<div className="muted small">{day(j.confirmedAt)}</div></> : <span className="badge badge-low">waiting</span>) },
        ]} />
      )}
    </section>
  );
}

function ShippedVsConsumed() {
  const [days, setDays] = useState(90);
  // The period ends at the start of the next hour, so the query key (and the cache) holds for a while.
  const [to] = useState(() => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000));
  const from = new Date(to.getTime() - days * DAY);
  const report = useQuery({
    queryKey: ['job-reports', 'shipped-vs-consumed', days],
    queryFn: () => call(api.GET('/api/v1/jobs/reports/shipped-vs-consumed', { params: { query: { from: from.toISOString(), to: to.toISOString() } } })),
  });
  return (
    <section aria-labelledby="consumption-title" className="page">
      <div className="card-header">
        <h2 id="consumption-title">Shipped vs consumed</h2>
        <div className="filters">
          <label htmlFor="consumption-period" className="muted">Period</label>
          <select id="consumption-period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((p) => <option key={p} value={p}>Last {p} days</option>)}
          </select>
        </div>
      </div>
      <p className="muted small">
        Toner and ink cartridges on jobs dispatched in the period, against cartridges that came out of the customer's printers (each cartridge cycle that ended, emptied or swapped).
        Above 1 the customer is collecting spares.
      </p>
      {report.error ? <ErrorBox error={report.error} /> : !report.data ? <Loading height={240} /> : report.data.customers.length === 0 ? (
        <Empty title="Nothing was shipped or consumed in this period." />
      ) : (
        <>
          <Card title={`All customers: ${num(report.data.totals.shipped)} shipped, ${num(report.data.totals.consumed)} consumed${report.data.totals.ratio === null ? '' : ` (${num(report.data.totals.ratio, 2)} : 1)`}`}>
            <ConsumptionBars rows={report.data.customers} />
          </Card>
          <DataTable<CustomerRow> label="Cartridges shipped and consumed per customer" rows={report.data.customers} rowKey={(c) => c.customerId} columns={[
            { key: 'customer', header: 'Customer', primary: true, cell: (c) => <Link to={`/customers/${c.customerId}`}>{c.customer}</Link> },
            { key: 'shipped', header: 'Shipped', cell: (c) => num(c.shipped) },
            { key: 'consumed', header: 'Consumed', cell: (c) => num(c.consumed) },
            { key: 'ratio', header: 'Shipped per consumed', cell: (c) => (c.ratio === null ? (c.shipped > 0 ? <span className="badge badge-low">none consumed</span> : '—') : <>{num(c.ratio, 2)}{c.ratio > 1.5 && <span className="badge badge-low">spares</span>}</>) },
          ]} />
        </>
      )}
    </section>
  );
}

const ROW_H = 46;
const BAR_H = 12;

/** Shipped and consumed per customer as pairs of horizontal bars on one scale, the name above them so it keeps its size on a phone. */
function ConsumptionBars({ rows }: { rows: CustomerRow[] }) {
  const [ref, W] = useWidth();
  const shown = rows.slice(0, 20);
  const max = Math.max(1, ...shown.flatMap((r) => [r.shipped, r.consumed]));
  const labelRoom = 44;
  const barW = (n: number) => Math.max(n > 0 ? 2 : 0, ((W - labelRoom) * n) / max);
  const H = 26 + shown.length * ROW_H;
  const described = shown.map((r) => `${r.customer}: ${r.shipped} shipped, ${r.consumed} consumed`).join('; ');
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Cartridges shipped and consumed per customer. ${described}.`}>
        <rect x={0} y={4} width={10} height={10} fill={SHIPPED} /><text x={14} y={13} className="axis">Shipped</text>
        <rect x={80} y={4} width={10} height={10} fill={CONSUMED} /><text x={94} y={13} className="axis">Consumed</text>
        {shown.map((r, i) => {
          const top = 26 + i * ROW_H;
          return (
            <g key={r.customerId}>
              <text x={0} y={top + 10} fontSize={12} fill="#17212b">{r.customer.length > 48 ? `${r.customer.slice(0, 47)}…` : r.customer}</text>
              <rect x={0} y={top + 15} width={barW(r.shipped)} height={BAR_H} fill={SHIPPED} rx={2} />
              <text x={barW(r.shipped) + 4} y={top + 25} className="axis">{r.shipped}</text>
              <rect x={0} y={top + 15 + BAR_H + 2} width={barW(r.consumed)} height={BAR_H} fill={CONSUMED} rx={2} />
              <text x={barW(r.consumed) + 4} y={top + 25 + BAR_H + 2} className="axis">{r.consumed}</text>
            </g>
          );
        })}
      </svg>
      {rows.length > shown.length && <figcaption className="muted small">The 20 customers with the highest ratio; the table lists all {rows.length}.</figcaption>}
    </figure>
  );
}
