import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, call } from '../api/client';
import type { paths } from '../api/schema';
import { Card, ErrorBox, Field, Loading, PageHead, count } from '../ui';

type Receipt = paths['/api/v1/warehouse/receipts']['post']['responses'][201]['content']['application/json'];
type StockItem = paths['/api/v1/stock-items']['get']['responses'][200]['content']['application/json']['items'][number];

/**
 * Goods in: a SKU from the catalogue, then either how many boxes to label (each gets its own unit label, counted once
 * scanned in at its bin) or the serials the boxes already carry (counted at once); then the label sheet to print.
 */
export function ReceivingPage() {
  const [item, setItem] = useState<StockItem | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  return (
    <div className="page">
      <PageHead title="Receiving" sub="Every box gets its own label: counts come from scans, never from a typed number." />
      {receipt ? <Received receipt={receipt} onNext={() => { setReceipt(null); setItem(null); }} />
        : item ? <ReceiveForm item={item} onBack={() => setItem(null)} onReceived={setReceipt} />
          : <PickItem onPick={setItem} />}
    </div>
  );
}

function PickItem({ onPick }: { onPick(item: StockItem): void }) {
  const [query, setQuery] = useState('');
  const items = useQuery({
    queryKey: ['stock-items', 'receive', query],
    queryFn: () => call(api.GET('/api/v1/stock-items', { params: { query: { query: query.trim() || undefined, limit: 20 } } })),
  });
  return (
    <Card title="1. What arrived?">
      <Field label="Search the stock catalogue" hint="SKU, description or part number">
        {(id, described) => <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={100} autoComplete="off" aria-describedby={described} />}
      </Field>
      {items.error ? <ErrorBox error={items.error} /> : !items.data ? <Loading what="Searching" height={120} /> : (
        <ul className="plain pick-list" aria-label="Stock items">
          {items.data.items.map((i) => (
            <li key={i.id}>
              <button type="button" className="button" onClick={() => onPick(i)}>Receive {i.sku}</button>
              <span className="small"> {i.description}{i.partNumbers.length > 0 ? ` · fits ${i.partNumbers.join(', ')}` : ''}</span>
            </li>
          ))}
          {items.data.items.length === 0 && <li className="muted small">No stock item matches. Add it on the <Link to="/stock">Stock</Link> page first.</li>}
        </ul>
      )}
    </Card>
  );
}

function ReceiveForm({ item, onBack, onReceived }: { item: StockItem; onBack(): void; onReceived(receipt: Receipt): void }) {
  const client = useQueryClient();
  const [by, setBy] = useState<'quantity' | 'serials'>('quantity');
  const [quantity, setQuantity] = useState('');
  const [serials, setSerials] = useState('');
  const [location, setLocation] = useState('');
  const [orderId, setOrderId] = useState('');
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  // Open purchase orders still expecting this item: the receipt may be made against one (its line counts what is scanned in).
  const orders = useQuery({ queryKey: ['purchase-orders'], queryFn: () => call(api.GET('/api/v1/purchase-orders')) });
  const expecting = (orders.data?.items ?? []).flatMap((o) => {
    const line = o.lines.find((l) => l.sku === item.sku);
    return (o.status === 'open' || o.status === 'partly-received') && line && line.outstanding > 0 ? [{ id: o.id, text: `${o.reference} · ${o.supplier} (${line.outstanding} of ${line.quantity} still expected)` }] : [];
  });
  const receive = useMutation({
    mutationFn: () => {
      const bin = location.trim() || undefined;
      const purchaseOrderId = orderId || undefined;
      const body = by === 'quantity' ? { sku: item.sku, quantity: Number(quantity), location: bin, purchaseOrderId } : { sku: item.sku, serials: serials.split(/\s+/).filter(Boolean), location: bin, purchaseOrderId };
      return call(api.POST('/api/v1/warehouse/receipts', { body }));
    },
    onSuccess: (receipt) => { void client.invalidateQueries({ queryKey: ['stock-items'] }); void client.invalidateQueries({ queryKey: ['purchase-orders'] }); onReceived(receipt); },
    onError: (e) => setError({ field: e instanceof ApiError ? e.field : null, message: e instanceof ApiError ? e.message : 'The receipt failed.' }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (by === 'quantity' && !/^\d+$/.test(quantity.trim())) return setError({ field: 'quantity', message: 'Say how many boxes arrived (a whole number).' });
    if (by === 'serials' && !serials.trim()) return setError({ field: 'serials', message: 'Scan or type the serial of each box.' });
    receive.mutate();
  };
  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  return (
    <Card title={<>2. Receive <span className="sku">{item.sku}</span></>} actions={<button type="button" className="button button-ghost" onClick={onBack}>Another item</button>}>
      <p className="small muted">{item.description}</p>
      <form onSubmit={submit} noValidate>
        <fieldset className="plain-fieldset">
          <legend>The boxes</legend>
          <label className="check"><input type="radio" name="by" checked={by === 'quantity'} onChange={() => setBy('quantity')} /> Print a label for each box</label>
          <label className="check"><input type="radio" name="by" checked={by === 'serials'} onChange={() => setBy('serials')} /> The boxes carry their own unique serials</label>
        </fieldset>
        <div className="grid-form">
          {by === 'quantity' ? (
            <Field label="How many boxes" error={fieldError('quantity')} hint="Each is counted in when its label is scanned at its bin">
              {(id, described) => <input id={id} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-invalid={!!fieldError('quantity')} aria-describedby={described} />}
            </Field>
          ) : (
            <Field label="Serials, one per line" error={fieldError('serials')} hint="Scan each box: the scanner's Enter starts a new line">
              {(id, described) => <textarea id={id} rows={4} value={serials} onChange={(e) => setSerials(e.target.value)} aria-invalid={!!fieldError('serials')} aria-describedby={described} />}
            </Field>
          )}
          <Field label="Bin" error={fieldError('location')} hint="MAIN when left empty">
            {(id, described) => <input id={id} value={location} onChange={(e) => setLocation(e.target.value)} maxLength={40} placeholder="e.g. A-03" aria-describedby={described} />}
          </Field>
          {expecting.length > 0 && (
            <Field label="Against purchase order" error={fieldError('purchaseOrderId')} hint="Its line counts the units as they are scanned in">
              {(id, described) => (
                <select id={id} value={orderId} onChange={(e) => setOrderId(e.target.value)} aria-describedby={described}>
                  <option value="">None: a free receipt</option>
                  {expecting.map((o) => <option key={o.id} value={o.id}>{o.text}</option>)}
                </select>
              )}
            </Field>
          )}
        </div>
        {error && !['quantity', 'serials', 'location', 'purchaseOrderId'].includes(error.field ?? '') && <div className="error-box" role="alert">{error.message}</div>}
        <div className="actions"><button type="submit" className="button button-primary" disabled={receive.isPending}>Receive</button></div>
      </form>
    </Card>
  );
}

function Received({ receipt, onNext }: { receipt: Receipt; onNext(): void }) {
  const labelled = receipt.units.filter((u) => u.status === 'labelled').length;
  return (
    <Card title="3. Label the boxes">
      <div className="notice" role="status">
        Received {count(receipt.units.length, 'unit')} of <span className="sku">{receipt.sku}</span> at bin {receipt.location}.
        {receipt.backordersFilled.length > 0 && <> Back orders filled: {receipt.backordersFilled.join(', ')}.</>}
      </div>
      {labelled > 0 ? (
        <ol className="steps">
          <li><a className="button button-primary" href={`/api/v1/warehouse/receipts/${receipt.id}/labels.pdf`} target="_blank" rel="noreferrer">Print the label sheet (PDF)</a> and stick one label on each box.</li>
          <li>Count them in: on the <Link to="/scan?mode=receive">scan station, receiving</Link>, scan each box as it goes on its shelf. {count(labelled, 'unit')} count as in stock only once scanned.</li>
        </ol>
      ) : <p>The boxes' own serials are their labels: they are in stock now.</p>}
      <details>
        <summary>The labels ({receipt.units.length})</summary>
        <ul className="plain small">{receipt.units.map((u) => <li key={u.label}><code>{u.label}</code>{u.serial && ` — serial ${u.serial}`}</li>)}</ul>
      </details>
      <div className="actions"><button type="button" className="button" onClick={onNext}>Receive something else</button></div>
    </Card>
  );
}
