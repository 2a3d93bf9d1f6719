import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, api, call } from '../api/client';
import type { paths } from '../api/schema';
import { DataTable } from '../table';
import { Card, Empty, ErrorBox, Field, Loading, count, day, num } from '../ui';

type Suggestions = paths['/api/v1/stock/purchase-suggestions']['get']['responses'][200]['content']['application/json'];
type Suggestion = Suggestions['items'][number];
type PurchaseOrder = paths['/api/v1/purchase-orders/{id}']['get']['responses'][200]['content']['application/json'];

const WEEKS = [2, 4, 8, 12] as const;
const STATUS_TEXT: Record<PurchaseOrder['status'], string> = { open: 'Open', 'partly-received': 'Partly received', received: 'Received', cancelled: 'Cancelled' };
const STATUS_BADGE: Record<PurchaseOrder['status'], string> = { open: 'badge-job-booked', 'partly-received': 'badge-job-ready', received: 'badge-job-completed', cancelled: 'badge-job-cancelled' };

/**
 * What to order, how many and by when, from the fleet's own forecasts: per SKU the cartridges printers will need over
 * the next weeks (with the forecast band), against what is free on the shelf, on order and back-ordered. Staff who may
 * write stock turn the suggestions into a purchase order; everyone who reads stock downloads them as CSV.
 */
export function PurchaseSuggestionsSection({ canWrite }: { canWrite: boolean }) {
  const [weeks, setWeeks] = useState<number>(4);
  const [ordering, setOrdering] = useState<Suggestion[] | null>(null);
  const suggestions = useQuery({ queryKey: ['purchase-suggestions', weeks], queryFn: () => call(api.GET('/api/v1/stock/purchase-suggestions', { params: { query: { weeks } } })) });
  const toOrder = suggestions.data?.items.filter((s) => s.quantity > 0) ?? [];
  return (
    <Card title="Purchase suggestions" actions={<a className="button button-ghost" href={`/api/v1/stock/purchase-suggestions.csv?weeks=${weeks}`} download>Download CSV</a>}>
      <p className="muted small">From the fleet's forecasts: each printer whose supply runs out within the horizon needs the SKU its job would ship. The quantity covers the forecast band's early edge and the back orders, less what is free and on order; order by the day stock runs short less the supplier's lead time.</p>
      <Field label="Horizon">{(id) => (
        <select id={id} className="select-fit" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
          {WEEKS.map((w) => <option key={w} value={w}>Next {w} weeks</option>)}
        </select>
      )}</Field>
      {suggestions.error ? <ErrorBox error={suggestions.error} /> : !suggestions.data ? <Loading /> : suggestions.data.items.length === 0 ? (
        <Empty title="Nothing runs out within the horizon.">No printer's forecast says a supply runs out in the next {weeks} weeks, and no back order waits.</Empty>
      ) : (
        <>
          <DataTable<Suggestion> label="Purchase suggestions" rows={suggestions.data.items} rowKey={(s) => s.stockItemId} columns={[
            { key: 'sku', header: 'SKU', primary: true, cell: (s) => <><strong>{s.sku}</strong> <span className="muted small">{s.description}</span></> },
            { key: 'order', header: 'Order', cell: (s) => (s.quantity > 0 ? <strong>{num(s.quantity)}</strong> : <span className="muted">none</span>) },
            { key: 'demand', header: 'Needed', cell: (s) => <>{num(s.demand.expected)} <span className="muted small">({num(s.demand.low)}–{num(s.demand.high)}, {count(s.printers, 'printer')})</span></> },
            { key: 'available', header: 'Free', cell: (s) => num(s.available) },
            { key: 'onOrder', header: 'On order', cell: (s) => num(s.onOrder) },
            { key: 'backorders', header: 'Back orders', cell: (s) => num(s.backorders) },
            { key: 'orderBy', header: 'Order by', cell: (s) => (s.orderBy === null ? <span className="muted">—</span> : <>{day(s.orderBy)}{s.late && <> <span className="badge badge-unreachable">late</span></>} <span className="muted small">({s.leadTimeDays} days' lead time)</span></>) },
          ]} />
          {suggestions.data.unmatchedSupplies > 0 && <p className="small muted">{count(suggestions.data.unmatchedSupplies, 'supply', 'supplies')} running out {suggestions.data.unmatchedSupplies === 1 ? 'fits' : 'fit'} no stock item and {suggestions.data.unmatchedSupplies === 1 ? 'is' : 'are'} not counted; give their printer models related stock.</p>}
          {canWrite && toOrder.length > 0 && !ordering && <div className="actions"><button type="button" className="button button-primary" onClick={() => setOrdering(toOrder)}>Create a purchase order from these</button></div>}
          {ordering && <PurchaseOrderForm lines={ordering} onDone={() => setOrdering(null)} />}
        </>
      )}
    </Card>
  );
}

/** A purchase order from suggestions: supplier, reference, expected date, and the lines' quantities (editable). */
function PurchaseOrderForm({ lines, onDone }: { lines: Suggestion[]; onDone(): void }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ supplier: '', reference: '', expected: '' });
  const [quantities, setQuantities] = useState<Record<string, string>>(Object.fromEntries(lines.map((l) => [l.sku, String(l.quantity)])));
  const [error, setError] = useState<ApiError | null>(null);
  const save = useMutation({
    mutationFn: () => call(api.POST('/api/v1/purchase-orders', { body: {
      supplier: form.supplier.trim(), reference: form.reference.trim(), expectedAt: form.expected ? new Date(`${form.expected}T12:00:00Z`).toISOString() : undefined,
      lines: lines.map((l) => ({ sku: l.sku, quantity: Number(quantities[l.sku]) })).filter((l) => l.quantity > 0),
    } })),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['purchase-suggestions'] }); void client.invalidateQueries({ queryKey: ['purchase-orders'] }); void client.invalidateQueries({ queryKey: ['stock-items'] }); onDone(); },
    onError: (e) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Could not place the order.', null)),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); save.mutate(); };
  const errorOf = (field: string) => (error?.field === field ? error.message : null);
  return (
    <form onSubmit={submit} noValidate aria-label="New purchase order">
      <h3>New purchase order</h3>
      <div className="grid-form">
        <Field label="Supplier" error={errorOf('supplier')}>{(id, d) => <input id={id} value={form.supplier} onChange={(e) => setForm({ ...form, supplier: e.target.value })} maxLength={200} aria-invalid={!!errorOf('supplier')} aria-describedby={d} />}</Field>
        <Field label="Reference (your PO number)" error={errorOf('reference')}>{(id, d) => <input id={id} value={form.reference} onChange={(e) => setForm({ ...form, reference: e.target.value })} maxLength={100} aria-invalid={!!errorOf('reference')} aria-describedby={d} />}</Field>
        <Field label="Expected on" error={errorOf('expectedAt')} hint="Back orders waiting for it show this date">{(id, d) => <input id={id} type="date" value={form.expected} onChange={(e) => setForm({ ...form, expected: e.target.value })} aria-describedby={d} />}</Field>
        {lines.map((l) => (
          <Field key={l.sku} label={`${l.sku} quantity`}>{(id) => <input id={id} inputMode="numeric" value={quantities[l.sku] ?? ''} onChange={(e) => setQuantities({ ...quantities, [l.sku]: e.target.value })} />}</Field>
        ))}
      </div>
      {error && !['supplier', 'reference', 'expectedAt'].includes(error.field ?? '') && <div className="error-box" role="alert">{error.message}</div>}
      <div className="actions">
        <button type="button" className="button button-ghost" onClick={onDone}>Cancel</button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>Place the order</button>
      </div>
    </form>
  );
}

/** Purchase orders: expected against received per line (received counts only what was scanned in), newest first. */
export function PurchaseOrdersSection({ canWrite }: { canWrite: boolean }) {
  const client = useQueryClient();
  const orders = useQuery({ queryKey: ['purchase-orders'], queryFn: () => call(api.GET('/api/v1/purchase-orders')) });
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/purchase-orders/{id}/cancel', { params: { path: { id } } })),
    onMutate: () => setError(null),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['purchase-orders'] }); void client.invalidateQueries({ queryKey: ['purchase-suggestions'] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not cancel the order.'),
  });
  return (
    <Card title="Purchase orders">
      <p className="muted small">Receive against an order on the Receiving page: its lines count as received once their units are scanned in. What an open order still expects is on order.</p>
      {error && <div className="error-box" role="alert">{error}</div>}
      {orders.error ? <ErrorBox error={orders.error} /> : !orders.data ? <Loading /> : orders.data.items.length === 0 ? <Empty title="No purchase orders yet.">{canWrite ? 'Create one from the purchase suggestions.' : undefined}</Empty> : (
        <DataTable<PurchaseOrder> label="Purchase orders" rows={orders.data.items} rowKey={(o) => o.id} columns={[
          { key: 'reference', header: 'Reference', primary: true, cell: (o) => <><strong>{o.reference}</strong> <span className={`badge ${STATUS_BADGE[o.status]}`}>{STATUS_TEXT[o.status]}</span></> },
          { key: 'supplier', header: 'Supplier', cell: (o) => o.supplier },
          { key: 'lines', header: 'Received of expected', wide: true, cell: (o) => <ul className="plain">{o.lines.map((l) => <li key={l.sku}><strong>{l.sku}</strong> {num(l.received)} of {num(l.quantity)}</li>)}</ul> },
          { key: 'expected', header: 'Expected', cell: (o) => day(o.expectedAt) },
          ...(canWrite ? [{ key: 'cancel', header: 'Cancel', label: 'Cancel', cell: (o: PurchaseOrder) => (o.status === 'open' || o.status === 'partly-received'
            ? <button type="button" className="button button-ghost" disabled={cancel.isPending} aria-label={`Cancel purchase order ${o.reference}`} onClick={() => cancel.mutate(o.id)}>Cancel</button> : null) }] : []),
        ]} />
      )}
    </Card>
  );
}
