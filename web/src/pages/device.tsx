import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, call } from '../api/client';
import { canEditDevices, canLocateDevices, canOrder, canReadRequests, canReadSettings, isStaff, useAuth, usePrinterNow } from '../auth';
import { LevelChart } from '../chart';
import { DataTable } from '../table';
import { Card, DaysLeft, Disclosure, Empty, ErrorBox, Field, LevelBar, Loading, PageHead, RequestBadge, Serial, StatusBadge, count, date, day, num, relative, stateText, supplyColor, usePageTitle } from '../ui';

// Only staff open a printer's own request settings: the form comes in its own chunk then, not with every device page.
const SettingsForm = lazy(() => import('./settings').then((m) => ({ default: m.SettingsForm })));

/** One printer: its supplies and forecasts, a chart of levels and pages with the forecast ahead, cycles, and its requests. */
export function DevicePage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const now = usePrinterNow();
  const device = useQuery({ queryKey: ['device', id], queryFn: () => call(api.GET('/api/v1/devices/{id}', { params: { path: { id } } })), refetchInterval: 10_000 });
  // Asked beside the device, not after it: on a phone network a round trip is half a second.
  const history = useQuery({ queryKey: ['history', id], queryFn: () => call(api.GET('/api/v1/devices/{id}/history', { params: { path: { id }, query: { days: 60 } } })), refetchInterval: 30_000 });
  const cycles = useQuery({ queryKey: ['cycles', id], queryFn: () => call(api.GET('/api/v1/devices/{id}/cycles', { params: { path: { id } } })), refetchInterval: 30_000 });
  const requests = useQuery({ queryKey: ['device-requests', id], queryFn: () => call(api.GET('/api/v1/consumable-requests', { params: { query: { deviceId: id, status: 'all', limit: 50 } } })), refetchInterval: 10_000, enabled: canReadRequests(me) });
  const refresh = useMutation({ mutationFn: () => call(api.POST('/api/v1/devices/{id}/refresh', { params: { path: { id } } })) });
  const customer = useQuery({ queryKey: ['customer', device.data?.customerId], queryFn: () => call(api.GET('/api/v1/customers/{id}', { params: { path: { id: device.data!.customerId } } })), enabled: !!device.data });

  usePageTitle(device.data ? `${device.data.serial ?? 'Printer of unknown serial'}${device.data.model ? ` (${device.data.model})` : ''}` : 'Printer');
  if (device.error) return <div className="page"><ErrorBox error={device.error} action={<Link to="/">Back to the fleet</Link>} /></div>;
  // The room the supplies and the chart will take, so nothing jumps when they arrive.
  if (!device.data) return <Loading what="Loading the printer" height={720} />;
  const d = device.data;
  const supplies = d.supplies.filter((s) => s.kind !== 'other');
  const replaced = d.replacedBy !== null;

  return (
    <div className="page">
      <PageHead title={d.serial ?? 'Printer of unknown serial'} heading={<><Serial serial={d.serial} /> <StatusBadge status={d.status} /></>}
        crumbs={<><Link to={isStaff(me) ? `/?customer=${d.customerId}` : '/'}>{isStaff(me) ? customer.data?.name ?? 'Customer' : 'Your printers'}</Link>{d.siteName ? ` / ${d.siteName}` : ''}</>}
        sub={<>{d.model ?? 'Unknown model'}{d.location ? ` · ${d.location}` : ''} · last read {relative(d.lastSeenAt, now)}{d.lastTarget ? ` at ${d.lastTarget}` : ''}{d.mac ? ` · MAC ${d.mac}` : ''}</>}
        actions={<>
          <button type="button" className="button" disabled={refresh.isPending} onClick={() => refresh.mutate()} title="Ask the collector to read this printer now">Refresh now</button>
          {canOrder(me) && !replaced && <Link className="button button-primary" to={`/devices/${d.id}/order`}>Order supplies</Link>}
        </>}>
        {d.serialSource !== 'device' && <p className="small muted">{d.serialSource === 'manual' ? 'The serial was entered by hand: this printer does not tell one, so it is known by its MAC address.' : 'This printer does not tell its serial number, so it is known by its MAC address, which stays the same when its network address changes.'}</p>}
        {d.serialSource !== 'device' && canEditDevices(me) && <SerialForm id={d.id} serial={d.serial} />}
        {canLocateDevices(me) && <LocationForm id={d.id} customerId={d.customerId} siteId={d.siteId} location={d.location} />}
        {refresh.isSuccess && <div className="notice small" role="status">Asked the collector for a fresh reading at {date(refresh.data.requestedAt)}; it reads the printer at its next check-in (within its configuration refresh, 5 minutes by default) and this page updates by itself.</div>}
        {refresh.error && <ErrorBox error={refresh.error} />}
        {d.replacedBy && <div className="notice">Replaced: <Link to={`/devices/${d.replacedBy.id}`}>the printer read at its address</Link> since {date(d.replacedBy.at)} took its place. Nothing is ordered for this one any more; if it answers again, it counts as in service.</div>}
        {d.unreachableSince && <div className="warning">Unreachable since {date(d.unreachableSince)}: {sentence(d.lastError ?? 'the collector gets no answer')} Check that the printer is on and its collector is running.</div>}
      </PageHead>

      <div className="supply-grid">
        {supplies.length === 0 ? <Empty title="No supplies reported yet.">They appear after the first successful reading.</Empty> : supplies.map((s) => (
          <div key={s.index} className="supply-card" style={{ borderTopColor: supplyColor(s.color, s.kind) }}>
            <div className="supply-title">{s.description ?? `${s.color ?? ''} ${s.kind}`}</div>
            <div className="muted small">{s.partNumber ?? 'no part number'} · {s.isReceptacle ? 'waste box' : gaugeText(s.remainingPercent, s.state)}</div>
            <LevelBar percent={s.remainingPercent} state={s.state} color={s.color} kind={s.kind} />
            {!s.isReceptacle && !replaced && (s.forecast.daysRemaining !== null ? (
              <div className="forecast">
                <DaysLeft forecast={s.forecast} left /><span className="muted">, out around {day(s.forecast.depletionDate)}{s.forecast.pagesRemaining !== null ? `, ${count(s.forecast.pagesRemaining, 'page')}` : ''}</span>
              </div>
            ) : null)}
            {!s.isReceptacle && <div className="basis small muted">{s.forecast.basis}</div>}
          </div>
        ))}
      </div>

      <Card title={replaced ? 'Levels and pages' : 'Levels and pages, with the forecast ahead'}>
        {history.error ? <ErrorBox error={history.error} /> : !history.data ? <Loading what="Loading history" height={300} /> : history.data.levels.length === 0 && history.data.meters.length === 0
          ? <Empty title="No history yet.">The chart fills in as the collector reads this printer.</Empty>
          : <LevelChart history={history.data} supplies={d.supplies} now={now} />}
      </Card>

      <div className="two-col">
        {canReadRequests(me) && <Card title="Requests">
          {requests.error ? <ErrorBox error={requests.error} /> : !requests.data ? <Loading /> : requests.data.items.length === 0 ? <Empty title="No requests for this printer yet." /> : (
            <ul className="request-list">
              {requests.data.items.map((r) => (
                <li key={r.id}>
                  <div><RequestBadge status={r.status} /> <strong>{r.supply.color ?? r.supply.kind}</strong>{r.supplyIndexes.length > 1 && <span className="muted"> + {r.supplyIndexes.length - 1} consolidated</span>} × {r.quantity}<span className="muted"> · {r.origin} · {date(r.createdAt)}</span></div>
                  {r.comment && <div className="small muted">{r.comment}</div>}
                  {r.status === 'rejected' && <ul className="reasons">{r.authorization.filter((a) => !a.passed).map((a) => <li key={a.rule}>{a.reason}</li>)}</ul>}
                </li>
              ))}
            </ul>
          )}
          {isStaff(me) && canReadRequests(me) && <Link to={`/requests?device=${d.id}`} className="small">Open on the board →</Link>}
          {me?.capabilities.includes('jobs:read') && <div><Link to={`/jobs?device=${d.id}`} className="small">{isStaff(me) ? 'Supply jobs for this printer →' : 'Deliveries for this printer →'}</Link></div>}
        </Card>}
        <Card title="Cartridge cycles">
          {cycles.error ? <ErrorBox error={cycles.error} /> : !cycles.data ? <Loading /> : cycles.data.items.length === 0 ? <Empty title="No cycles yet.">Cycles are found from level and page history.</Empty> : (
            <DataTable label="Cartridge cycles" className="compact" rows={cycles.data.items.slice(0, 20)} rowKey={(c) => `${c.supplyIndex}-${c.installedAt}`} columns={[
              { key: 'supply', header: 'Supply', primary: true, cell: (c) => { const s = d.supplies.find((x) => x.index === c.supplyIndex); return <><i className="dot" style={{ background: supplyColor(s?.color, s?.kind) }} />{s?.color ?? s?.kind ?? c.supplyIndex}</>; } },
              { key: 'installed', header: 'Installed', cell: (c) => `${day(c.installedAt)}${c.start === 'moved-in' ? ' (moved in)' : ''}` },
              { key: 'ended', header: 'Ended', cell: (c) => (c.end === 'open' ? 'in use' : `${day(c.endedAt)} (${c.end})`) },
              { key: 'pages', header: 'Pages', cell: (c) => num(c.pagesPrinted) },
              { key: 'yield', header: 'Realized yield', cell: (c) => num(c.realizedYield) },
              { key: 'left', header: 'Left at swap', cell: (c) => (c.residualPercent === null ? '—' : `${num(c.residualPercent)} %`) },
            ]} />
          )}
        </Card>
      </div>

      {isStaff(me) && canReadSettings(me) && (
        <Disclosure className="card details" summary={<><h2>Request settings for this printer</h2><span className="muted small">what it inherits from the dealer, its customer and its contract</span></>}>
          {() => <Suspense fallback={<Loading />}><SettingsForm path={{ level: 'device', id: d.id }} /></Suspense>}
        </Disclosure>
      )}
    </div>
  );
}

/** Dealer staff enter the serial from the label of a printer that does not tell it; the printer's own serial, once it tells one, wins. */
function SerialForm({ id, serial }: { id: string; serial: string | null }) {
  const client = useQueryClient();
  const [value, setValue] = useState(serial ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => call(api.PUT('/api/v1/devices/{id}/serial', { params: { path: { id } }, body: { serial: value.trim() } })),
    onSuccess: (device) => { setValue(device.serial ?? ''); client.setQueryData(['device', id], device); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not save the serial number.'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    save.reset();
    if (!value.trim()) { setError("Type the serial number from the printer's label."); return; }
    save.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Serial number">
      <Field label={serial === null ? 'Serial number (from its label)' : 'Correct the serial number'} error={error}>
        {(fid, described) => <input id={fid} value={value} onChange={(e) => setValue(e.target.value)} maxLength={64} autoComplete="off" aria-invalid={!!error} aria-describedby={described} />}
      </Field>
      <button type="submit" className="button" disabled={save.isPending}>Save serial</button>
      {save.isSuccess && <div className="notice small" role="status">Serial {save.data.serial} saved. Readings keep arriving by the MAC address; if the printer tells a serial itself one day, that one is used.</div>}
    </form>
  );
}

/** A message that may or may not end in a full stop, ended with one. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/**
 * Which of its customer's sites the printer stands at (its delivery address) and where within it ("2nd floor, by
 * reception"), so people can tell which printer is which and supplies go to the right door.
 */
function LocationForm({ id, customerId, siteId, location }: { id: string; customerId: string; siteId: string | null; location: string | null }) {
  const client = useQueryClient();
  const [value, setValue] = useState(location ?? '');
  const [site, setSite] = useState(siteId ?? '');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sites = useQuery({ queryKey: ['sites', customerId], queryFn: () => call(api.GET('/api/v1/customers/{id}/sites', { params: { path: { id: customerId } } })), enabled: editing });
  const save = useMutation({
    mutationFn: () => call(api.PUT('/api/v1/devices/{id}/location', { params: { path: { id } }, body: { location: value.trim() || null, siteId: site || null } })),
    onSuccess: (device) => { client.setQueryData(['device', id], device); setEditing(false); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not save where the printer stands.'),
  });
  if (!editing) {
    return <button type="button" className="button-link small" onClick={() => { setValue(location ?? ''); setSite(siteId ?? ''); setError(null); setEditing(true); }}>{location || siteId ? 'Change where it stands' : 'Say where it stands (site, floor, room)'}</button>;
  }
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); save.mutate(); };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Where the printer stands">
      <Field label="Site" hint="Its delivery address.">
        {(fid, described) => (
          <select id={fid} value={site} onChange={(e) => setSite(e.target.value)} aria-describedby={described} disabled={!sites.data}>
            <option value="">No site</option>
            {sites.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        )}
      </Field>
      <Field label="Where it stands" error={error} hint="e.g. 2nd floor, by reception. Empty clears it.">
        {(fid, described) => <input id={fid} value={value} onChange={(e) => setValue(e.target.value)} maxLength={200} autoComplete="off" aria-invalid={!!error} aria-describedby={described} />}
      </Field>
      <button type="submit" className="button" disabled={save.isPending}>Save</button>
      <button type="button" className="button button-ghost" onClick={() => setEditing(false)}>Cancel</button>
    </form>
  );
}

function gaugeText(percent: number | null, state: string): string {
  return percent === null ? `reports only "${stateText(state).toLowerCase()}"` : 'percent gauge';
}
