import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api, call } from '../api/client';
import type { paths } from '../api/schema';
import { useAuth } from '../auth';
import { DataTable } from '../table';
import { Card, CountTabs, Empty, ErrorBox, Field, Loading, PageHead, num } from '../ui';
import { PurchaseOrdersSection, PurchaseSuggestionsSection } from './purchasing';

type StockItem = paths['/api/v1/stock-items/{id}']['get']['responses'][200]['content']['application/json'];
type StockImportResult = paths['/api/v1/stock-items/import']['post']['responses'][200]['content']['application/json'];
type Kind = StockItem['kind'];

const KINDS: Kind[] = ['toner', 'waste-toner', 'drum', 'fuser', 'developer', 'ink', 'waste-ink', 'transfer', 'staples', 'other'];
// Lists typed in one field: separated by commas, semicolons, bars or spaces.
const listOf = (text: string) => text.split(/[\s,;|]+/).map((v) => v.trim()).filter(Boolean);
const kindText = (item: { kind: string; color: string | null }) => [item.color, item.kind].filter(Boolean).join(' ');

type StockTab = 'catalogue' | 'purchasing' | 'orders';
const TABS: { key: StockTab; label: string }[] = [{ key: 'catalogue', label: 'Catalogue' }, { key: 'purchasing', label: 'Purchase suggestions' }, { key: 'orders', label: 'Purchase orders' }];

/**
 * Stock for dealer staff and the warehouse, in tabs (kept in the address, ?tab=): the catalogue (items, related stock per
 * printer model suggested by part number, CSV import), purchase suggestions from the fleet's forecasts, purchase orders.
 */
export function StockPage() {
  const { me } = useAuth();
  const canWrite = me?.capabilities.includes('stock:write') ?? false;
  const [params, setParams] = useSearchParams();
  const tab: StockTab = TABS.some((t) => t.key === params.get('tab')) ? (params.get('tab') as StockTab) : 'catalogue';
  return (
    <div className="page">
      <PageHead title="Stock" sub="What you ship, what to order and what is on order." />
      <CountTabs label="Stock" tabs={TABS} active={tab} onChange={(key) => setParams(key === 'catalogue' ? {} : { tab: key }, { replace: true })} />
      {tab === 'catalogue' ? <Catalogue canWrite={canWrite} /> : tab === 'purchasing' ? <PurchaseSuggestionsSection canWrite={canWrite} /> : <PurchaseOrdersSection canWrite={canWrite} />}
    </div>
  );
}

/** The stock catalogue: items, related stock per printer model (suggested by part number), CSV import. */
function Catalogue({ canWrite }: { canWrite: boolean }) {
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<StockItem | 'new' | null>(null);
  const items = useQuery({ queryKey: ['stock-items', query], queryFn: () => call(api.GET('/api/v1/stock-items', { params: { query: { limit: 200, query: query || undefined } } })) });
  return (
    <>
      <div className="actions">
        <p className="muted small">Each item with the printer part numbers it fits, its barcodes and its substitutes.</p>
        {canWrite && editing === null && <button type="button" className="button button-primary" onClick={() => setEditing('new')}>Add item</button>}
      </div>
      {editing !== null && <ItemForm key={editing === 'new' ? 'new' : editing.id} item={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      <div className="filters"><input type="search" placeholder="SKU, description, part number or barcode…" aria-label="Search stock" value={query} onChange={(e) => setQuery(e.target.value)} /></div>
      {items.error ? <ErrorBox error={items.error} /> : !items.data ? <Loading /> : items.data.items.length === 0 ? (
        <Empty title={query ? 'Nothing in the catalogue matches.' : 'The catalogue is empty.'}>{canWrite && !query ? 'Add an item above, or import the catalogue from a CSV file below.' : undefined}</Empty>
      ) : (
        <DataTable<StockItem> label="Stock items" rows={items.data.items} rowKey={(i) => i.id} columns={[
          { key: 'sku', header: 'SKU', primary: true, cell: (i) => <strong>{i.sku}</strong> },
          { key: 'description', header: 'Description', wide: true, cell: (i) => i.description },
          { key: 'kind', header: 'Kind', cell: (i) => kindText(i) },
          { key: 'yield', header: 'Yield', cell: (i) => (i.yieldPages ? `${num(i.yieldPages)} pages` : '—') },
          { key: 'parts', header: 'Part numbers', cell: (i) => i.partNumbers.join(', ') || '—' },
          { key: 'subs', header: 'Substitutes', phoneHidden: true, cell: (i) => i.substitutes.map((s) => `${s.sku}${s.withoutAsking ? ' (no need to ask)' : ''}`).join(', ') || '—' },
          { key: 'available', header: 'Available', cell: (i) => num(i.levels.reduce((sum, l) => sum + l.onHand - l.reserved, 0)) },
          ...(canWrite ? [{ key: 'edit', header: 'Edit', label: 'Edit', cell: (i: StockItem) => <button type="button" className="button button-ghost" aria-label={`Edit ${i.sku}`} onClick={() => setEditing(i)}>Edit</button> }] : []),
        ]} />
      )}
      <RelatedStock canWrite={canWrite} />
      {canWrite && <StockImport />}
    </>
  );
}

/** Adds an item, or replaces one: the server checks it and says what is wrong in one sentence, next to the field. */
function ItemForm({ item, onDone }: { item: StockItem | null; onDone: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState({
    sku: item?.sku ?? '', description: item?.description ?? '', kind: item?.kind ?? ('toner' as Kind), color: item?.color ?? '', yieldPages: item?.yieldPages?.toString() ?? '',
    partNumbers: item?.partNumbers.join(', ') ?? '', barcodes: item?.barcodes.map((b) => b.code).join(', ') ?? '',
    substitutes: item?.substitutes.map((s) => `${s.sku}${s.withoutAsking ? '*' : ''}`).join(', ') ?? '',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        sku: form.sku.trim(), description: form.description.trim(), kind: form.kind, color: form.color.trim() || null,
        yieldPages: form.yieldPages.trim() === '' ? null : Number(form.yieldPages.replace(/[\s,]/g, '')),
        partNumbers: listOf(form.partNumbers), barcodes: listOf(form.barcodes),
        substitutes: listOf(form.substitutes).map((s) => (s.endsWith('*') ? { sku: s.slice(0, -1), withoutAsking: true } : s)),
      };
      return item ? call(api.PUT('/api/v1/stock-items/{id}', { params: { path: { id: item.id } }, body })) : call(api.POST('/api/v1/stock-items', { body }));
    },
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['stock-items'] }); onDone(); },
    onError: (e) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Could not save the item.', null)),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); save.mutate(); };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const errorOf = (field: string) => (error?.field === field ? error.message : null);
  const fieldless = error && !['sku', 'description', 'kind', 'color', 'yieldPages', 'partNumbers', 'barcodes', 'substitutes'].includes(error.field ?? '');
  return (
    <Card title={item ? `Edit ${item.sku}` : 'New stock item'}>
      <form className="grid-form" onSubmit={submit} noValidate aria-label={item ? `Edit ${item.sku}` : 'Add a stock item'}>
        <Field label="SKU" error={errorOf('sku')}>{(id, d) => <input id={id} value={form.sku} onChange={set('sku')} maxLength={100} aria-invalid={!!errorOf('sku')} aria-describedby={d} />}</Field>
        <Field label="Description" error={errorOf('description')}>{(id, d) => <input id={id} value={form.description} onChange={set('description')} maxLength={500} aria-invalid={!!errorOf('description')} aria-describedby={d} />}</Field>
        <Field label="Kind" error={errorOf('kind')}>{(id, d) => <select id={id} value={form.kind} onChange={set('kind')} aria-describedby={d}>{KINDS.map((k) => <option key={k} value={k}>{k}</option>)}</select>}</Field>
        <Field label="Colour" error={errorOf('color')} hint="black, cyan, magenta, yellow…">{(id, d) => <input id={id} value={form.color} onChange={set('color')} maxLength={40} aria-invalid={!!errorOf('color')} aria-describedby={d} />}</Field>
        <Field label="Yield (pages)" error={errorOf('yieldPages')}>{(id, d) => <input id={id} inputMode="numeric" value={form.yieldPages} onChange={set('yieldPages')} aria-invalid={!!errorOf('yieldPages')} aria-describedby={d} />}</Field>
        <Field label="Part numbers it fits" error={errorOf('partNumbers')} hint="As printers report them, e.g. CF259A">{(id, d) => <input id={id} value={form.partNumbers} onChange={set('partNumbers')} aria-invalid={!!errorOf('partNumbers')} aria-describedby={d} />}</Field>
        <Field label="Barcodes" error={errorOf('barcodes')} hint="GTIN/EAN or your own codes">{(id, d) => <input id={id} value={form.barcodes} onChange={set('barcodes')} aria-invalid={!!errorOf('barcodes')} aria-describedby={d} />}</Field>
        <Field label="Substitutes (SKUs)" error={errorOf('substitutes')} hint="End a SKU with * if it may ship without asking">{(id, d) => <input id={id} value={form.substitutes} onChange={set('substitutes')} aria-invalid={!!errorOf('substitutes')} aria-describedby={d} />}</Field>
        {fieldless && <div className="error-box" role="alert">{error.message}</div>}
        <div className="actions">
          <button type="button" className="button button-ghost" onClick={onDone}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>{item ? 'Save' : 'Add item'}</button>
        </div>
      </form>
    </Card>
  );
}

/** Related stock of a printer model: what is set, and the catalogue's part-number matches to accept with a click. */
function RelatedStock({ canWrite }: { canWrite: boolean }) {
  const client = useQueryClient();
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const models = useQuery({ queryKey: ['printer-models'], queryFn: () => call(api.GET('/api/v1/printer-models')) });
  const chosen = model || models.data?.items[0]?.model || '';
  const related = useQuery({ queryKey: ['related-stock', chosen], enabled: chosen !== '', queryFn: () => call(api.GET('/api/v1/related-stock', { params: { query: { model: chosen } } })) });
  const suggestions = useQuery({ queryKey: ['related-suggestions', chosen], enabled: chosen !== '', queryFn: () => call(api.GET('/api/v1/related-stock/suggestions', { params: { query: { model: chosen } } })) });
  const save = useMutation({
    mutationFn: (skus: string[]) => call(api.PUT('/api/v1/related-stock', { body: { model: chosen, skus } })),
    onMutate: () => setError(null),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['related-stock'] }); void client.invalidateQueries({ queryKey: ['related-suggestions'] }); void client.invalidateQueries({ queryKey: ['printer-models'] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not save the related stock.'),
  });
  const current = related.data?.skus ?? [];
  const add = (skus: string[]) => save.mutate([...current, ...skus.filter((s) => !current.includes(s))]);
  const unaccepted = (suggestions.data?.supplies ?? []).flatMap((s) => s.items.filter((i) => !i.related).map((i) => i.sku));
  return (
    <Card title="Related stock per printer model">
      <p className="muted small">A supply job picks the contract's default stock first, then the related stock of the printer's model for the colour it needs. Suggestions come from the part numbers the printers report.</p>
      {models.error ? <ErrorBox error={models.error} /> : !models.data ? <Loading /> : models.data.items.length === 0 ? <Empty title="No printer models yet.">Models appear once printers report them.</Empty> : (
        <>
          <Field label="Printer model">{(id) => (
            <select id={id} className="select-fit" value={chosen} onChange={(e) => setModel(e.target.value)}>
              {models.data.items.map((m) => <option key={m.model} value={m.model}>{m.model} ({m.devices} printers, {m.related} related)</option>)}
            </select>
          )}</Field>
          {error && <div className="error-box" role="alert">{error}</div>}
          {related.error ? <ErrorBox error={related.error} /> : !related.data ? <Loading /> : related.data.items.length === 0 ? <Empty title="No related stock for this model yet." /> : (
            <ul className="plain">{related.data.items.map((i) => (
              <li key={i.id}><strong>{i.sku}</strong> <span className="muted">{i.description} · {kindText(i)}</span>
                {canWrite && <button type="button" className="button button-ghost" aria-label={`Remove ${i.sku} from the related stock`} disabled={save.isPending} onClick={() => save.mutate(current.filter((s) => s !== i.sku))}>Remove</button>}</li>
            ))}</ul>
          )}
          <h3>Suggested by part number</h3>
          {suggestions.error ? <ErrorBox error={suggestions.error} /> : !suggestions.data ? <Loading /> : suggestions.data.supplies.length === 0 ? <Empty title="The printers of this model report no supplies yet." /> : (
            <>
              <DataTable label="Suggestions" rows={suggestions.data.supplies} rowKey={(s) => `${s.kind}-${s.color ?? ''}`} columns={[
                { key: 'supply', header: 'Supply', primary: true, cell: (s) => kindText(s) },
                { key: 'parts', header: 'Part numbers reported', cell: (s) => s.partNumbers.join(', ') || 'none' },
                { key: 'items', header: 'Matching stock', wide: true, cell: (s) => s.items.length === 0 ? <span className="muted">No item in the catalogue carries these part numbers.</span> : (
                  <ul className="plain">{s.items.map((i) => (
                    <li key={i.id}><strong>{i.sku}</strong> <span className="muted">{i.description}</span>{' '}
                      {i.related ? <span className="badge badge-healthy">related</span> : canWrite && <button type="button" className="button" disabled={save.isPending} onClick={() => add([i.sku])} aria-label={`Accept ${i.sku} as related stock`}>Accept</button>}</li>
                  ))}</ul>
                ) },
              ]} />
              {canWrite && unaccepted.length > 0 && <div className="actions"><button type="button" className="button button-primary" disabled={save.isPending} onClick={() => add(unaccepted)}>{unaccepted.length === 1 ? 'Accept the suggestion' : `Accept all ${unaccepted.length} suggestions`}</button></div>}
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** The catalogue from a CSV file: checked first (dry run), then imported all or nothing. */
function StockImport() {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [result, setResult] = useState<StockImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => call(api.POST('/api/v1/stock-items/import', {
      params: { query: { dryRun: dryRun ? 'true' : 'false' } }, body: text, headers: { 'content-type': 'text/csv' }, bodySerializer: (csv: string) => csv,
    })),
    onMutate: () => { setResult(null); setError(null); },
    onSuccess: (r) => { setResult(r); if (!r.dryRun) void client.invalidateQueries(); },
    onError: (e) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Import failed.', null)),
  });
  const rowErrors = (error?.details as { errors?: { line: number; message: string }[] } | null)?.errors ?? [];
  return (
    <Card title="Import the catalogue (CSV)">
      <p className="muted small">Columns: <code>sku, description, kind</code> and optionally <code>color, yieldPages, partNumbers, barcodes, substitutes</code> (lists separated by <code>;</code> or <code>|</code>). All or nothing: a file with errors changes nothing. See docs/stock.md.</p>
      <textarea aria-label="Catalogue CSV" rows={5} value={text} onChange={(e) => setText(e.target.value)} placeholder={'sku,description,kind,color,yieldPages,partNumbers\nHP-59A,HP 59A black toner,toner,black,3000,CF259A'} />
      <label className="file">or choose a file <input type="file" accept=".csv,text/csv" onChange={async (e) => { const file = e.target.files?.[0]; if (file) setText(await file.text()); }} /></label>
      <div className="actions">
        <button type="button" className="button" disabled={!text.trim() || run.isPending} onClick={() => run.mutate(true)}>Check</button>
        <button type="button" className="button button-primary" disabled={!text.trim() || run.isPending} onClick={() => run.mutate(false)}>Import</button>
      </div>
      {error && (
        <div className="error-box" role="alert">{error.message}
          {rowErrors.length > 0 && <ul className="row-errors">{rowErrors.slice(0, 50).map((r, i) => <li key={i}>Line {r.line}: {r.message}</li>)}</ul>}
        </div>
      )}
      {result && <div className="notice" role="status">{result.dryRun ? 'The file is valid. ' : 'Imported. '}{result.rows} items: {result.created} new, {result.updated} changed, {result.unchanged} unchanged.</div>}
    </Card>
  );
}
