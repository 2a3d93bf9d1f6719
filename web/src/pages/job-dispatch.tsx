import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, call, type JobDetail } from '../api/client';
import { useAuth } from '../auth';
import { Card, ErrorBox, Field, date } from '../ui';

const CARRIER_KEY = 'tonerloop.carrier';
const CARRIERS = ['DPD', 'DHL', 'UPS', 'GLS', 'Royal Mail', 'FedEx', 'Own van'];
interface Difference { sku: string; packed: number; required: number }

/**
 * Says where a ready job is packed (the scan station: no status move packs it), hands a packed job to a carrier (the server checks that what was scanned into the box equals its lines, and answers
 * the difference when not), and confirms delivery of a dispatched one, which keeps the transit time per site.
 */
export function Dispatch({ job: j }: { job: JobDetail }) {
  const { me } = useAuth();
  // What was done stays said after the job moves on (and the form that did it is gone).
  const [done, setDone] = useState<string | null>(null);
  const may = (capability: 'jobs:pack' | 'jobs:work') => me?.capabilities.includes(capability) ?? false;
  return (
    <>
      {done && <div className="notice small" role="status">{done}</div>}
      {j.status === 'ready' && may('jobs:pack') && (
        <p className="small">Packed at the <Link to="/scan">scan station</Link>: scan each unit, then the order label {j.orderLabel}; the job becomes packed when every line is in its box.</p>
      )}
      {j.status === 'packed' && may('jobs:pack') && <DispatchForm job={j} onDone={setDone} />}
      {j.status === 'dispatched' && may('jobs:work') && <MarkDelivered job={j} onDone={setDone} />}
    </>
  );
}

function DispatchForm({ job: j, onDone }: { job: JobDetail; onDone(said: string): void }) {
  const client = useQueryClient();
  const [carrier, setCarrier] = useState(() => localStorage.getItem(CARRIER_KEY) ?? '');
  const [tracking, setTracking] = useState('');
  const [missing, setMissing] = useState<'carrier' | 'tracking' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const dispatch = useMutation({
    mutationFn: () => call(api.POST('/api/v1/jobs/{id}/dispatch', { params: { path: { id: j.id } }, body: { carrier: carrier.trim(), trackingNumber: tracking.trim() } })),
    onSuccess: (sent) => { localStorage.setItem(CARRIER_KEY, carrier.trim()); onDone(`Dispatched with ${sent.carrier}, tracking ${sent.trackingNumber}.`); void client.invalidateQueries({ queryKey: ['job', j.id] }); void client.invalidateQueries({ queryKey: ['jobs'] }); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!carrier.trim() ? 'carrier' : !tracking.trim() ? 'tracking' : null);
    if (carrier.trim() && tracking.trim()) dispatch.mutate();
  };
  const difference = dispatch.error instanceof ApiError ? (dispatch.error.details as { difference?: Difference[] } | null)?.difference : undefined;
  return (
    <section id="dispatch" aria-label="Dispatch">
      <Card title="Dispatch">
        <form className="inline-form" onSubmit={submit} noValidate>
          <Field label="Carrier" error={missing === 'carrier' ? 'Name the carrier.' : null}>
            {(id, described) => <><input id={id} list="carriers" value={carrier} onChange={(e) => setCarrier(e.target.value)} maxLength={100} aria-describedby={described} /><datalist id="carriers">{CARRIERS.map((c) => <option key={c} value={c} />)}</datalist></>}
          </Field>
          {/* A scanner ends with Enter: it lands on the button, so dispatching stays a deliberate press. */}
          <Field label="Tracking number" error={missing === 'tracking' ? 'Scan or type the tracking number.' : null} hint="Scan the carrier's label">
            {(id, described) => <input id={id} value={tracking} onChange={(e) => setTracking(e.target.value)} maxLength={100} autoComplete="off" spellCheck={false} aria-describedby={described}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); button.current?.focus(); } }} />}
          </Field>
          <button type="submit" ref={button} className="button button-primary" disabled={dispatch.isPending}>Dispatch</button>
        </form>
        {dispatch.error && <ErrorBox error={dispatch.error} title="Not dispatched." />}
        {difference && difference.length > 0 && (
          <table className="dispatch-difference small">
            <caption className="sr-only">What was scanned into the box against what the job needs</caption>
            <thead><tr><th scope="col">SKU</th><th scope="col">In the box</th><th scope="col">Needed</th></tr></thead>
            <tbody>{difference.map((d) => <tr key={d.sku}><td className="sku">{d.sku}</td><td>{d.packed}</td><td>{d.required}</td></tr>)}</tbody>
          </table>
        )}
      </Card>
    </section>
  );
}

function MarkDelivered({ job: j, onDone }: { job: JobDetail; onDone(said: string): void }) {
  const client = useQueryClient();
  const delivered = useMutation({
    mutationFn: () => call(api.POST('/api/v1/jobs/{id}/delivered', { params: { path: { id: j.id } }, body: {} })),
    onSuccess: (delivered) => {
      onDone(`Delivered${delivered.transitHours !== null ? ` after ${Math.round(delivered.transitHours)} hours in transit` : ''}.`);
      void client.invalidateQueries({ queryKey: ['job', j.id] }); void client.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  return (
    <section className="bulkbar" aria-label="Delivery">
      <span>Dispatched {date(j.statusChangedAt)}.</span>
      <button type="button" className="button" disabled={delivered.isPending} onClick={() => delivered.mutate()}>Mark delivered</button>
      {delivered.error && <ErrorBox error={delivered.error} title="Not marked delivered." />}
    </section>
  );
}
