import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call, type Device, type DeviceStatus } from '../api/client';
import { useAllCustomers } from '../api/queries';
import { useAddressFilters } from '../filters';
import { isStaff, useAuth, usePrinterNow } from '../auth';
import { DataTable, type Column } from '../table';
import { DaysLeft, Empty, ErrorBox, LevelChips, Loading, PageHead, Serial, StatusBadge, relative } from '../ui';
import { PendingMoves } from './moves';

const TILES: { status: DeviceStatus; label: string; hint: string }[] = [
  { status: 'unreachable', label: 'Unreachable', hint: 'failing polls, silent 48 h, or never seen' },
  { status: 'ordering', label: 'Ordering', hint: 'a request is open' },
  { status: 'low', label: 'Low', hint: '15 % or less, or out within 9 days' },
  { status: 'healthy', label: 'Healthy', hint: 'nothing to do' },
  { status: 'replaced', label: 'Replaced', hint: 'another printer took its place' },
];
const PAGE = 50;
type Sort = 'soonest' | 'serial';

/**
 * The fleet, urgency first: the printers whose supply runs out soonest at the top, each with its days left
 * (and band), its levels as numbers, and where it stands; filters by status, customer, site and model,
 * search by serial, a page at a time. On a phone each printer is a card.
 */
export function DashboardPage() {
  const { me } = useAuth();
  const now = usePrinterNow();
  const staff = isStaff(me);
  const { params, setParams, setParam } = useAddressFilters();
  const filter = {
    status: (params.get('status') as DeviceStatus | null) ?? undefined,
    customerId: params.get('customer') ?? undefined,
    siteId: params.get('site') ?? undefined,
    model: params.get('model') ?? undefined,
    q: params.get('q') ?? undefined,
    sort: (params.get('sort') === 'serial' ? 'serial' : 'soonest') as Sort,
  };
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const set = (key: string, value: string | undefined) => {
    setParam(key, value);
    setCursors([]);
  };
  const { status, sort: _sort, ...overviewFilter } = filter;

  const overview = useQuery({ queryKey: ['overview', overviewFilter], queryFn: () => call(api.GET('/api/v1/fleet/overview', { params: { query: overviewFilter } })), refetchInterval: 10_000, placeholderData: keepPreviousData });
  const devices = useQuery({
    queryKey: ['devices', filter, cursor],
    queryFn: () => call(api.GET('/api/v1/devices', { params: { query: { ...filter, limit: PAGE, cursor } } })),
    refetchInterval: 10_000, placeholderData: keepPreviousData,
  });
  const customers = useAllCustomers(staff);
  const sites = useQuery({ queryKey: ['sites', filter.customerId], queryFn: () => call(api.GET('/api/v1/customers/{id}/sites', { params: { path: { id: filter.customerId! } } })), enabled: !!filter.customerId });
  const customerName = new Map((customers.data?.items ?? []).map((c) => [c.id, c.name]));
  const columns: Column<Device>[] = [
    {
      key: 'printer', header: 'Printer', primary: true, cell: (d) => (
        <>
          <Link to={`/devices/${d.id}`}><Serial serial={d.serial} /></Link> <span className="muted">{d.model ?? ''}</span>
          {(d.siteName || d.location) && <div className="small">{[d.siteName, d.location].filter(Boolean).join(' · ')}</div>}
          {d.serialSource !== 'device' && d.mac && <div className="muted small">MAC {d.mac}{d.serialSource === 'manual' ? ' · serial entered by hand' : ''}</div>}
        </>
      ),
    },
    ...(staff ? [{ key: 'customer', header: 'Customer', cell: (d: Device) => customerName.get(d.customerId) ?? '…' }] : []),
    { key: 'status', header: 'Status', cell: (d) => <StatusBadge status={d.status} /> },
    { key: 'runs-out', header: 'Runs out first', cell: (d) => <RunsOut device={d} /> },
    { key: 'levels', header: 'Levels', wide: true, cell: (d) => <LevelChips supplies={d.supplies.filter((s) => !s.isReceptacle && s.kind !== 'other').slice(0, 6)} /> },
    { key: 'seen', header: 'Last read', phoneHidden: true, cell: (d) => <span title={d.lastSeenAt ?? ''}>{relative(d.lastSeenAt, now)}</span> },
  ];

  return (
    <div className="page">
      <PageHead title={staff ? 'Fleet' : 'Your printers'} sub={overview.data ? `${overview.data.total.toLocaleString('en-GB')} printers` : '\u00a0'} />

      {staff && <PendingMoves />}

      <div className="tiles" role="group" aria-label="Devices by status">
        {/* Replaced printers are history, not work: their tile shows only when there are some. */}
        {TILES.filter((t) => t.status !== 'replaced' || (overview.data?.counts.replaced ?? 0) > 0).map((t) => (
          <button key={t.status} type="button" className={`tile tile-${t.status} ${status === t.status ? 'tile-active' : ''}`} aria-pressed={status === t.status}
            onClick={() => set('status', status === t.status ? undefined : t.status)}>
            <span className="tile-count">{overview.data ? overview.data.counts[t.status].toLocaleString('en-GB') : '…'}</span>
            <span className="tile-label">{t.label}</span>
            <span className="tile-hint">{t.hint}</span>
          </button>
        ))}
      </div>

      <div className="filters">
        <label className="search">
          <span className="sr-only">Search by serial number</span>
          <input type="search" placeholder="Serial number…" defaultValue={filter.q ?? ''} onChange={(e) => set('q', e.target.value.trim() || undefined)} aria-label="Search by serial number" />
        </label>
        {staff && (
          <select aria-label="Customer" value={filter.customerId ?? ''} onChange={(e) => set('customer', e.target.value || undefined)}>
            <option value="">All customers</option>
            {customers.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        )}
        {filter.customerId && (
          <select aria-label="Site" value={filter.siteId ?? ''} onChange={(e) => set('site', e.target.value || undefined)}>
            <option value="">All sites</option>
            {sites.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        )}
        <select aria-label="Model" value={filter.model ?? ''} onChange={(e) => set('model', e.target.value || undefined)}>
          <option value="">All models</option>
          {overview.data?.models.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <select aria-label="Order by" value={filter.sort} onChange={(e) => set('sort', e.target.value === 'serial' ? 'serial' : undefined)}>
          <option value="soonest">Runs out first</option>
          <option value="serial">Serial number</option>
        </select>
        {(filter.status || filter.customerId || filter.model || filter.q) && <button type="button" className="button button-ghost" onClick={() => { setParams({}, { replace: true }); setCursors([]); }}>Clear filters</button>}
      </div>

      {devices.error ? <ErrorBox error={devices.error} /> : !devices.data ? <Loading what="Loading printers" /> : devices.data.items.length === 0 ? (
        overview.data?.total === 0
          ? <Empty title="No printers yet.">{staff ? <>Register a collector under <Link to="/admin">Administration</Link> and start it on the customer's network, or import devices from a CSV file. Printers appear here as soon as they are read.</> : 'Your dealer has not connected any of your printers yet.'}</Empty>
          : <Empty title="No printer matches these filters.">Change the filters or clear them.</Empty>
      ) : (
        <>
          <DataTable label="Printers" className="devices" rowClass="device-row" columns={columns} rows={devices.data.items} rowKey={(d) => d.id} />
          <div className="pager">
            <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>← Previous</button>
            <span className="muted">Page {cursors.length + 1}</span>
            <button type="button" className="button" disabled={!devices.data.nextCursor} onClick={() => setCursors([...cursors, devices.data!.nextCursor!])}>Next →</button>
          </div>
        </>
      )}
    </div>
  );
}

/** The supply that runs out first: its colour and days left with the band; nothing for a replaced printer. */
function RunsOut({ device: d }: { device: Device }) {
  const soonest = d.soonest;
  if (!soonest) return <span className="muted">{d.status === 'replaced' ? 'not ordered for' : 'no forecast yet'}</span>;
  const supply = d.supplies.find((s) => s.index === soonest.supplyIndex);
  return (
    <>
      <DaysLeft forecast={{ ...soonest, stale: supply?.forecast.stale }} />
      {supply && <div className="muted small">{supply.color ?? supply.kind}</div>}
    </>
  );
}
