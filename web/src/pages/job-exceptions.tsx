import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call, type JobException } from '../api/client';
import { DataTable, type Column } from '../table';
import { DetailPanel, Empty, ErrorBox, Field, Loading, Serial, date } from '../ui';

const REASON: Record<JobException['reason'], string> = {
  'no-sku': 'No stock item matches this supply',
  'unknown-serial': 'The serial matches no printer',
};

/** The open exceptions (a request the job creator could not place), for the board's tab and its count. */
export function useOpenExceptions(enabled: boolean, all = false) {
  return useQuery({
    queryKey: ['job-exceptions', all],
    queryFn: () => call(api.GET('/api/v1/jobs/exceptions', { params: { query: { all: all ? 'true' : 'false' } } })),
    enabled, refetchInterval: 10_000,
  });
}

const supplyText = (x: JobException) => `${x.supply.color ?? x.supply.kind ?? 'supply'}${x.supply.partNumber ? ` (${x.supply.partNumber})` : ''}`;

/**
 * The exceptions list: each request the job creator could not turn into a job line, with the reason in words and its
 * fix (pick the SKU from the stock catalogue, or link the printer) in a panel; fixing it makes the job at once.
 */
export function ExceptionsList() {
  const [all, setAll] = useState(false);
  // The exception as it was opened: once fixed it leaves the list, and its panel stays to say which job it made.
  const [opened, setOpened] = useState<JobException | null>(null);
  const list = useOpenExceptions(true, all);
  const items = list.data?.items ?? [];
  const columns: Column<JobException>[] = [
    { key: 'printer', header: 'Printer', primary: true, cell: (x) => <><Serial serial={x.serial} /> <span className="muted small">{x.customer}</span></> },
    { key: 'supply', header: 'Supply', cell: supplyText },
    { key: 'reason', header: 'Reason', wide: true, cell: (x) => <><strong>{REASON[x.reason]}</strong><div className="small">{x.message}</div></> },
    { key: 'raised', header: 'Since', className: 'cell-nowrap', cell: (x) => date(x.createdAt) },
    { key: 'fix', header: 'Fix', cell: (x) => (x.resolvedAt ? <>Fixed{x.jobId && <> · <Link to={`/jobs/${x.jobId}`} onClick={(e) => e.stopPropagation()}>its job</Link></>}</> : <span className="button-link">{x.reason === 'no-sku' ? 'Pick the SKU' : 'Link the printer'}</span>) },
  ];
  return (
    <>
      <p className="muted">These requests stay outstanding until fixed; the rest of each run went on without them. A later run finds the match by itself once the stock item or printer exists.</p>
      <label className="check small"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show fixed ones too</label>
      <div className={opened ? 'board board-open' : 'board'}>
        <div className="board-list">
          {list.error ? <ErrorBox error={list.error} /> : !list.data ? <Loading what="Loading exceptions" height={200} /> : items.length === 0 ? (
            <Empty title="No exceptions.">Every request taken so far found its printer and its SKU.</Empty>
          ) : (
            <DataTable label="Exceptions" className="exceptions" rowClass="exception-row" columns={columns} rows={items} rowKey={(x) => x.id} openKey={opened?.id ?? null} onOpen={(x: JobException) => setOpened(x)}
              rowLabel={(x) => `Exception for ${x.serial ?? 'unknown serial'} ${supplyText(x)}`} />
          )}
        </div>
        {opened && <FixPanel key={opened.id} exception={opened} onClose={() => setOpened(null)} />}
      </div>
    </>
  );
}

/** Fixes one exception: the SKU picked from a catalogue search, or the printer picked by its serial. */
function FixPanel({ exception: x, onClose }: { exception: JobException; onClose: () => void }) {
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const noSku = x.reason === 'no-sku';
  const stock = useQuery({
    queryKey: ['stock-items', 'pick', query],
    queryFn: () => call(api.GET('/api/v1/stock-items', { params: { query: { query: query.trim() || undefined, limit: 20 } } })),
    enabled: noSku && !x.resolvedAt,
  });
  const devices = useQuery({
    queryKey: ['devices', 'pick', query],
    queryFn: () => call(api.GET('/api/v1/devices', { params: { query: { q: query.trim(), limit: 10 } } })),
    enabled: !noSku && !x.resolvedAt && query.trim().length > 0,
  });
  const resolve = useMutation({
    mutationFn: (fix: { sku?: string; deviceId?: string }) => call(api.POST('/api/v1/jobs/exceptions/{id}/resolve', { params: { path: { id: x.id } }, body: fix })),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['job-exceptions'] }); void client.invalidateQueries({ queryKey: ['jobs'] }); },
  });
  const found = noSku ? stock : devices;
  return (
    <DetailPanel label="Fix the exception" onClose={onClose} title={<>Exception <span className="muted small">{x.serial ?? 'serial unknown'}</span></>}>
      <p><strong>{REASON[x.reason]}.</strong> {x.message}</p>
      <p className="small muted">{x.customer} · {supplyText(x)} · since {date(x.createdAt)}</p>
      {resolve.data ? (
        <div className="notice" role="status">
          {resolve.data.consolidated ? 'Added to booked job ' : 'Job '}<Link to={`/jobs/${resolve.data.jobId}`}>{resolve.data.number}</Link>{resolve.data.consolidated ? '.' : ' created.'} The request is actioned with it as its B2B ID.
        </div>
      ) : x.resolvedAt ? (
        <p className="notice">Fixed {date(x.resolvedAt)}{x.resolvedBy ? ` by ${x.resolvedBy}` : ''}.{x.jobId && <> <Link to={`/jobs/${x.jobId}`}>Open its job</Link>.</>}</p>
      ) : (
        <>
          <h3>{noSku ? 'Pick the SKU to ship' : 'Link the printer that gets the toner'}</h3>
          <Field label={noSku ? 'Search the stock catalogue' : 'Serial number of the printer'} hint={noSku ? 'SKU, description or part number' : 'The first letters are enough'}>
            {(id, described) => <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={100} autoComplete="off" aria-describedby={described} />}
          </Field>
          {found.error ? <ErrorBox error={found.error} /> : noSku && !stock.data ? <Loading what="Searching" /> : (
            <ul className="plain pick-list" aria-label={noSku ? 'Stock items' : 'Printers'}>
              {noSku
                ? stock.data!.items.map((item) => (
                  <li key={item.id}>
                    <button type="button" className="button" disabled={resolve.isPending} onClick={() => resolve.mutate({ sku: item.sku })}>Use {item.sku}</button>
                    <span className="small"> {item.description}{item.partNumbers.length > 0 ? ` · fits ${item.partNumbers.join(', ')}` : ''}</span>
                  </li>
                ))
                : devices.data?.items.map((d) => (
                  <li key={d.id}>
                    <button type="button" className="button" disabled={resolve.isPending} onClick={() => resolve.mutate({ deviceId: d.id })}>Link {d.serial ?? d.mac ?? 'this printer'}</button>
                    <span className="small"> {d.model ?? 'unknown model'}{d.siteName ? ` · ${d.siteName}` : ''}</span>
                  </li>
                ))}
              {noSku && stock.data?.items.length === 0 && <li className="muted small">No stock item matches. Add it on the <Link to="/stock">Stock</Link> page, then pick it here.</li>}
            </ul>
          )}
          {resolve.error && <ErrorBox error={resolve.error} title="Could not fix it." />}
        </>
      )}
    </DetailPanel>
  );
}
