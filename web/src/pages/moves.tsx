import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { canDecideMoves, canSeeMoves, canWriteSettings, useAuth, usePrinterNow } from '../auth';
import { DataTable } from '../table';
import { Card, ErrorBox, Loading, Serial, count, num, relative } from '../ui';

type Move = Awaited<ReturnType<typeof listPending>>['items'][number];
const listPending = () => call(api.GET('/api/v1/device-moves', { params: { query: { status: 'pending' } } }));

/**
 * Printers read by another customer's collector than their own, waiting for staff: both customers, the
 * evidence, and Confirm / Reject. Shown on the fleet page only while there are some.
 */
export function PendingMoves() {
  const { me } = useAuth();
  const now = usePrinterNow();
  const moves = useQuery({ queryKey: ['device-moves'], queryFn: listPending, refetchInterval: 15_000, enabled: canSeeMoves(me) });
  // Shown only once there are some: a box that showed while loading and then went would shift the page.
  if (!canSeeMoves(me) || !moves.data || moves.data.items.length === 0) return moves.error ? <ErrorBox error={moves.error} /> : null;
  return (
    <Card title="Printers seen at another customer" className="moves">
      <p className="muted small">
        A collector read a printer that belongs to another customer. Its readings are held, not added to the printer's history, until you confirm that
        it moved; rejected, they are discarded and that collector's later readings of it are refused.
      </p>
      <DataTable label="Printers seen at another customer" rows={moves.data.items} rowKey={(m) => m.id} columns={[
        { key: 'printer', header: 'Printer', primary: true, cell: (m) => <><Serial serial={m.device.serial} />{m.device.serial === null && m.device.mac && <div className="muted small">MAC {m.device.mac}</div>}<div className="muted small">{m.device.model ?? ''}</div></> },
        { key: 'from', header: 'Belongs to', cell: (m) => <>{m.from.name}<div className="muted small">last read {relative(m.device.lastSeenAt, now)} · {count(m.device.pageCounter, 'page')}</div></> },
        { key: 'to', header: 'Seen at', cell: (m) => <>{m.to.name}<div className="muted small">{m.collector.name} · {m.evidence.target}</div></> },
        { key: 'evidence', header: 'Evidence', className: 'small', cell: (m) => <>{m.evidence.model ?? 'no model'} · {count(m.evidence.pageCounter, 'page')}<div className="muted">first {relative(m.firstSeenAt, now)}, last {relative(m.lastSeenAt, now)}</div></> },
        { key: 'held', header: 'Held', cell: (m) => num(m.readingsHeld) },
        { key: 'decide', header: <span className="sr-only">Decision</span>, label: 'Decision', wide: true, cell: (m) => <MoveActions move={m} decide={canDecideMoves(me)} /> },
      ]} />
    </Card>
  );
}

function MoveActions({ move: m, decide }: { move: Move; decide: boolean }) {
  const client = useQueryClient();
  const action = useMutation({
    mutationFn: (what: 'confirm' | 'reject') => call(api.POST(what === 'confirm' ? '/api/v1/device-moves/{id}/confirm' : '/api/v1/device-moves/{id}/reject', { params: { path: { id: m.id } } })),
    onSuccess: () => void client.invalidateQueries(),
  });
  const reject = () => { if (window.confirm(`Reject moving ${m.device.serial ?? m.device.mac ?? 'this printer'} to ${m.to.name}? Its ${m.readingsHeld} held readings are discarded.`)) action.mutate('reject'); };
  return (
    <>
      {decide ? (
        <div className="actions">
          <button type="button" className="button button-primary button-small" disabled={action.isPending} onClick={() => action.mutate('confirm')}>Confirm move</button>
          <button type="button" className="button button-danger button-small" disabled={action.isPending} onClick={reject}>Reject</button>
        </div>
      ) : null}
      {action.error && <ErrorBox error={action.error} />}
    </>
  );
}

/** The dealer-wide setting: whether such a printer moves without anyone confirming. For the administration page. */
export function MoveSettingsCard() {
  const { me } = useAuth();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['device-move-settings'], queryFn: () => call(api.GET('/api/v1/device-move-settings')) });
  const save = useMutation({
    mutationFn: (autoApplyMoves: boolean) => call(api.PUT('/api/v1/device-move-settings', { body: { autoApplyMoves } })),
    onSuccess: (data) => client.setQueryData(['device-move-settings'], data),
  });
  return (
    <Card title="Printers moving between customers">
      {settings.error ? <ErrorBox error={settings.error} /> : !settings.data ? <Loading /> : (
        <label className="checkbox">
          <input type="checkbox" checked={settings.data.autoApplyMoves} disabled={!canWriteSettings(me) || save.isPending} onChange={(e) => save.mutate(e.target.checked)} />
          {' '}Move a printer to the customer whose collector reads it, without asking (audited). Off: it waits on the fleet page for Confirm or Reject.
        </label>
      )}
      {save.error && <ErrorBox error={save.error} />}
    </Card>
  );
}
