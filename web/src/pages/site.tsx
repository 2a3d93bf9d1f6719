import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api, call, type Site } from '../api/client';
import { useWidth } from '../chart';
import { DataTable } from '../table';
import { Card, Empty, ErrorBox, LevelChips, Loading, PageHead, Serial, StatusBadge, count, usePageTitle } from '../ui';

type LeadTime = Site['leadTime'];

const PRINTERS_SHOWN = 200;

/** A delivery site: its address, the printers standing there, and how long an order takes to reach it. */
export function SitePage() {
  const { id = '', siteId = '' } = useParams();
  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => call(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })) });
  const site = useQuery({ queryKey: ['site', id, siteId], queryFn: () => call(api.GET('/api/v1/customers/{id}/sites/{siteId}', { params: { path: { id, siteId } } })) });
  const printers = useQuery({ queryKey: ['site-printers', id, siteId], queryFn: () => call(api.GET('/api/v1/devices', { params: { query: { customerId: id, siteId, limit: PRINTERS_SHOWN } } })) });
  usePageTitle(site.data?.name ?? 'Site');
  if (site.error) return <div className="page"><ErrorBox error={site.error} action={<Link to={`/customers/${id}`}>Back to the customer</Link>} /></div>;
  if (!site.data) return <Loading />;
  const s = site.data;
  const address = [s.address, s.postcode, s.city, s.country].filter(Boolean).join(', ');
  return (
    <div className="page">
      <PageHead title={s.name} crumbs={<><Link to="/customers">Customers</Link> / <Link to={`/customers/${id}`}>{customer.data?.name ?? 'Customer'}</Link></>} sub={address || 'No address given'} />
      <div className="two-col">
        <Card title="Lead time">
          <LeadTimeSummary leadTime={s.leadTime} />
        </Card>
        <Card title="Printers at this site">
          {printers.error ? <ErrorBox error={printers.error} /> : !printers.data ? <Loading /> : printers.data.items.length === 0 ? (
            <Empty title="No printers stand here yet.">A printer is put at a site on its own page (Where it stands), or by its collector's site.</Empty>
          ) : (
            <>
              <p className="muted small" data-testid="site-printer-count">{count(printers.data.items.length, 'printer')}{printers.data.nextCursor ? ` shown; more stand here (first ${PRINTERS_SHOWN})` : ''}</p>
              <DataTable label="Printers at this site" rows={printers.data.items} rowKey={(d) => d.id} columns={[
                { key: 'serial', header: 'Serial', primary: true, cell: (d) => <Link to={`/devices/${d.id}`}><Serial serial={d.serial} /></Link> },
                { key: 'model', header: 'Model', cell: (d) => d.model ?? '—' },
                { key: 'where', header: 'Where', phoneHidden: true, cell: (d) => d.location ?? '—' },
                { key: 'supplies', header: 'Supplies', phoneHidden: true, cell: (d) => <LevelChips supplies={d.supplies} /> },
                { key: 'status', header: 'Status', cell: (d) => <StatusBadge status={d.status} /> },
              ]} />
            </>
          )}
        </Card>
      </div>
    </div>
  );
}

const businessDays = (n: number) => `${n} business ${n === 1 ? 'day' : 'days'}`;

/** Where the lead time comes from in words, its median and 90th percentile, and its distribution as bars. */
function LeadTimeSummary({ leadTime }: { leadTime: LeadTime }) {
  const source = { learned: 'Learned from this site\'s orders', setting: 'From the lead-time setting', default: 'Built-in distribution' }[leadTime.source];
  return (
    <div className="lead-time" data-source={leadTime.source}>
      <p><span className={`badge ${leadTime.source === 'learned' ? 'badge-healthy' : 'badge-replaced'}`}>{source}</span></p>
      <p data-testid="lead-time-basis">{leadTime.basis}</p>
      <dl className="lead-time-figures">
        <div><dt>Median</dt><dd data-testid="lead-time-median">{businessDays(leadTime.medianBusinessDays)}</dd></div>
        <div><dt>90th percentile</dt><dd data-testid="lead-time-p90">{businessDays(leadTime.p90BusinessDays)}</dd></div>
      </dl>
      <LeadTimeBars distribution={leadTime.distribution} />
      <p className="muted small">
        Business days from dispatch to delivery (weekends skipped; delivered the same day counts 0), the last {leadTime.windowDays} days, recent orders counting more.
        {leadTime.source !== 'learned' && ` Learned once ${leadTime.minSamples} orders have been delivered here.`} The service-level trigger orders for this site's printers on these figures.
      </p>
    </div>
  );
}

const BAR_AREA_H = 110;
// No value axis: each bar carries its share.
const PAD = { left: 8, right: 8, top: 16, bottom: 34 };

/** The share of orders taking each number of business days, one bar per day from 0 to the longest, with the share over each bar. */
function LeadTimeBars({ distribution }: { distribution: LeadTime['distribution'] }) {
  const [ref, W] = useWidth();
  const longest = Math.max(...distribution.map((d) => d.days));
  const share = new Map(distribution.map((d) => [d.days, d.weight]));
  const days = Array.from({ length: longest + 1 }, (_, k) => k);
  const top = Math.max(...distribution.map((d) => d.weight));
  const slot = (W - PAD.left - PAD.right) / days.length;
  const barW = Math.max(4, Math.min(48, slot * 0.7));
  const H = PAD.top + BAR_AREA_H + PAD.bottom;
  const percent = (w: number) => `${Math.round(w * 100)} %`;
  // Every label on a phone would crowd: every day up to 12 bars, else every other.
  const labelEvery = days.length > 12 ? 2 : 1;
  const described = distribution.map((d) => `${businessDays(d.days)}: ${percent(d.weight)}`).join('; ');
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Share of orders by business days to delivery. ${described}.`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + BAR_AREA_H} y2={PAD.top + BAR_AREA_H} className="grid" />
        {days.map((d) => {
          const w = share.get(d) ?? 0;
          const h = (BAR_AREA_H * w) / top;
          const x = PAD.left + d * slot + (slot - barW) / 2;
          return (
            <g key={d} data-days={d}>
              {w > 0 && <rect x={x} y={PAD.top + BAR_AREA_H - h} width={barW} height={Math.max(1, h)} rx={2} className="lead-time-bar"><title>{`${businessDays(d)}: ${percent(w)}`}</title></rect>}
              {w > 0 && <text x={x + barW / 2} y={PAD.top + BAR_AREA_H - h - 4} textAnchor="middle" className="axis">{percent(w)}</text>}
              {d % labelEvery === 0 && <text x={x + barW / 2} y={PAD.top + BAR_AREA_H + 14} textAnchor="middle" className="axis">{d}</text>}
            </g>
          );
        })}
        <text x={PAD.left + (W - PAD.left - PAD.right) / 2} y={H - 4} textAnchor="middle" className="axis">business days to delivery</text>
      </svg>
    </figure>
  );
}
