import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, call } from '../api/client';
import { canEditDevices, canOrder, isStaff, useAuth, usePrinterNow } from '../auth';
import { LevelChart } from '../chart';
import { SettingsForm } from './settings';
import { Card, Disclosure, Empty, ErrorBox, Field, LevelBar, Loading, RequestBadge, Serial, StatusBadge, date, day, num, relative, stateText, supplyColor } from '../ui';

/** One printer: its supplies and forecasts, a chart of levels and pages with the forecast ahead, cycles, and its requests. */
export function DevicePage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const now = usePrinterNow();
  const device = useQuery({ queryKey: ['device', id], queryFn: () => call(api.GET('/api/v1/devices/{id}', { params: { path: { id } } })), refetchInterval: 10_000 });
  const history = useQuery({ queryKey: ['history', id], queryFn: () => call(api.GET('/api/v1/devices/{id}/history', { params: { path: { id }, query: { days: 60 } } })), refetchInterval: 30_000, enabled: device.isSuccess });
  const cycles = useQuery({ queryKey: ['cycles', id], queryFn: () => call(api.GET('/api/v1/devices/{id}/cycles', { params: { path: { id } } })), refetchInterval: 30_000, enabled: device.isSuccess });
  const requests = useQuery({ queryKey: ['device-requests', id], queryFn: () => call(api.GET('/api/v1/consumable-requests', { params: { query: { deviceId: id, status: 'all', limit: 50 } } })), refetchInterval: 10_000, enabled: device.isSuccess });
  const refresh = useMutation({ mutationFn: () => call(api.POST('/api/v1/devices/{id}/refresh', { params: { path: { id } } })) });
  const customer = useQuery({ queryKey: ['customer', device.data?.customerId], queryFn: () => call(api.GET('/api/v1/customers/{id}', { params: { path: { id: device.data!.customerId } } })), enabled: !!device.data });

  if (device.error) return <div className="page"><ErrorBox error={device.error} action={<Link to="/">Back to the fleet</Link>} /></div>;
  if (!device.data) return <Loading what="Loading the printer" />;
  const d = device.data;
  const supplies = d.supplies.filter((s) => s.kind !== 'other');

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <div className="crumbs"><Link to="/">{isStaff(me) ? 'Fleet' : 'Your printers'}</Link> / {customer.data?.name ?? '…'}</div>
          <h1><Serial serial={d.serial} /> <StatusBadge status={d.status} /></h1>
          <p className="muted">{d.model ?? 'Unknown model'} · last read {relative(d.lastSeenAt, now)}{d.lastTarget ? ` at ${d.lastTarget}` : ''}{d.mac ? ` · MAC ${d.mac}` : ''}</p>
          {d.serialSource !== 'device' && <p className="small muted">{d.serialSource === 'manual' ? 'The serial was entered by hand: this printer does not tell one, so it is known by its MAC address.' : 'This printer does not tell its serial number, so it is known by its MAC address, which stays the same when its network address changes.'}</p>}
          {d.serialSource !== 'device' && canEditDevices(me) && <SerialForm id={d.id} serial={d.serial} />}
          {refresh.isSuccess && <div className="notice small" role="status">Asked the collector for a fresh reading at {date(refresh.data.requestedAt)}; it reads the printer at its next check-in (within its configuration refresh, 5 minutes by default) and this page updates by itself.</div>}
          {refresh.error && <ErrorBox error={refresh.error} />}
          {d.replacedBy && <div className="notice">Replaced: <Link to={`/devices/${d.replacedBy.id}`}>the printer read at its address</Link> since {date(d.replacedBy.at)} took its place. Nothing is ordered for this one any more; if it answers again, it counts as in service.</div>}
          {d.unreachableSince && <div className="warning">Unreachable since {date(d.unreachableSince)}: {d.lastError ?? 'the collector gets no answer'}. Check that the printer is on and its collector is running.</div>}
        </div>
        <div className="head-actions">
          <button type="button" className="button" disabled={refresh.isPending} onClick={() => refresh.mutate()} title="Ask the collector to read this printer now">Refresh now</button>
          {canOrder(me) && <Link className="button button-primary" to={`/devices/${d.id}/order`}>Order supplies</Link>}
        </div>
      </div>

      <div className="supply-grid">
        {supplies.length === 0 ? <Empty title="No supplies reported yet.">They appear after the first successful reading.</Empty> : supplies.map((s) => (
          <div key={s.index} className="supply-card" style={{ borderTopColor: supplyColor(s.color, s.kind) }}>
            <div className="supply-title">{s.description ?? `${s.color ?? ''} ${s.kind}`}</div>
            <div className="muted small">{s.partNumber ?? 'no part number'} · {s.isReceptacle ? 'waste box' : gaugeText(s.remainingPercent, s.state)}</div>
            <LevelBar percent={s.remainingPercent} state={s.state} color={s.color} kind={s.kind} />
            {!s.isReceptacle && (s.forecast.daysRemaining !== null ? (
              <div className="forecast">
                <strong>{num(s.forecast.daysRemaining, 1)} days</strong> left
                <span className="muted"> ({num(s.forecast.daysRemainingLow, 1)}–{num(s.forecast.daysRemainingHigh, 1)}), out around {day(s.forecast.depletionDate)}, {num(s.forecast.pagesRemaining)} pages</span>
              </div>
            ) : <div className="forecast muted">No forecast yet.</div>)}
            {!s.isReceptacle && <div className="basis small muted" title={s.forecast.basis}>{s.forecast.basis}</div>}
          </div>
        ))}
      </div>

      <Card title="Levels and pages, with the forecast ahead">
        {history.error ? <ErrorBox error={history.error} /> : !history.data ? <Loading what="Loading history" /> : history.data.levels.length === 0 && history.data.meters.length === 0
          ? <Empty title="No history yet.">The chart fills in as the collector reads this printer.</Empty>
          : <LevelChart history={history.data} supplies={d.supplies} now={now} />}
      </Card>

      <div className="two-col">
        <Card title="Requests">
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
          {isStaff(me) && <Link to={`/requests?device=${d.id}`} className="small">Open on the board →</Link>}
        </Card>
        <Card title="Cartridge cycles">
          {cycles.error ? <ErrorBox error={cycles.error} /> : !cycles.data ? <Loading /> : cycles.data.items.length === 0 ? <Empty title="No cycles yet.">Cycles are found from level and page history.</Empty> : (
            <div className="table-wrap">
              <table className="table compact">
                <thead><tr><th>Supply</th><th>Installed</th><th>Ended</th><th>Pages</th><th>Realized yield</th><th>Left at swap</th></tr></thead>
                <tbody>
                  {cycles.data.items.slice(0, 20).map((c) => {
                    const s = d.supplies.find((x) => x.index === c.supplyIndex);
                    return (
                      <tr key={`${c.supplyIndex}-${c.installedAt}`}>
                        <td><i className="dot" style={{ background: supplyColor(s?.color, s?.kind) }} />{s?.color ?? s?.kind ?? c.supplyIndex}</td>
                        <td>{day(c.installedAt)}{c.start === 'moved-in' ? ' (moved in)' : ''}</td>
                        <td>{c.end === 'open' ? 'in use' : `${day(c.endedAt)} (${c.end})`}</td>
                        <td>{num(c.pagesPrinted)}</td>
                        <td>{num(c.realizedYield)}</td>
                        <td>{c.residualPercent === null ? '—' : `${num(c.residualPercent)} %`}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>

      {isStaff(me) && (
        <Disclosure className="card details" summary={<><h2>Request settings for this printer</h2><span className="muted small">what it inherits from the dealer, its customer and its contract</span></>}>
          {() => <SettingsForm path={{ level: 'device', id: d.id }} />}
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

function gaugeText(percent: number | null, state: string): string {
  return percent === null ? `reports only "${stateText(state).toLowerCase()}"` : 'percent gauge';
}
