import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import type { paths } from '../api/schema';
import { useAuth } from '../auth';
import { DataTable } from '../table';
import { Card, ErrorBox, PageHead } from '../ui';

type ScanAnswer = paths['/api/v1/warehouse/scans']['post']['responses'][200]['content']['application/json'];
type Reason = NonNullable<ScanAnswer['reason']>;
type Mode = 'pack' | 'receive';
type Line = ScanAnswer['lines'][number];

/** Each refusal in a sentence the operator reads from across the bench (the server's `expecting` follows with the details). */
const PACK_REASONS: Record<Reason, string> = {
  'same-label-twice': 'That label was just scanned. Scanning it again counts nothing.',
  'unit-label-expected': 'That is a box (order) label, but a unit label comes first.',
  'order-label-expected': 'That is a unit label, but the unit scanned before it is still waiting for its box label.',
  'not-needed': 'This job does not need that unit, or needs no more of it. Put it back.',
  'already-packed': 'That unit is already packed in a box.',
  'unknown-label': 'That code is not one of our unit or order labels.',
  'wrong-job': 'Wrong box: this station is packing another job.',
};
const RECEIVE_REASONS: Record<Reason, string> = {
  ...PACK_REASONS,
  'same-label-twice': 'That unit was counted in already. It counts once.',
  'unit-label-expected': 'That is an order label. Receiving counts units by their own labels.',
  'already-packed': 'That unit has been packed already; it is not arriving.',
  'unknown-label': 'That code is not a unit label that was printed at receiving.',
};

interface Logged { at: Date; code: string; outcome: 'accepted' | 'refused' | 'not sent'; reason: Reason | null }
interface Refusal { code: string; reason: Reason; expecting: string; mode: Mode }

const STATION_KEY = 'tonerloop.scan-station';
const defaultStation = (name: string | null | undefined) => `${(name ?? 'My').split(/\s+/)[0]} bench 1`.slice(0, 64);
const FIRST: Record<Mode, string> = {
  pack: 'Scan a unit label: each unit is scanned, then the order label of the box it goes into.',
  receive: 'Scan the label of each box as you put it on its shelf: it counts as in stock once scanned.',
};

/**
 * The scan station, made for keyboard-wedge scanners: the scanner types a code and Enter into the one field that
 * always has focus. Packing is pairs (a unit, then its box's order label); a refusal stays on screen, and holds back
 * every further scan, until the operator acknowledges it — an error that goes away by itself is read as a pass.
 */
export function ScanPage() {
  const { me } = useAuth();
  const canReceive = me?.capabilities.includes('warehouse:receive') ?? false;
  const [station, setStation] = useState(() => localStorage.getItem(STATION_KEY) || defaultStation(me?.name));
  const [editing, setEditing] = useState(false);
  const [mode, setMode] = useState<Mode>(() => (canReceive && new URLSearchParams(window.location.search).get('mode') === 'receive' ? 'receive' : 'pack'));
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<ScanAnswer | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [held, setHeld] = useState<string | null>(null);
  const [log, setLog] = useState<Logged[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const field = useRef<HTMLInputElement>(null);
  const ack = useRef<HTMLButtonElement>(null);
  // Scans go to the server one after another, in the order scanned; a refusal stops the ones queued behind it.
  const queue = useRef(Promise.resolve());
  const refused = useRef(false);

  const view = useQuery({
    queryKey: ['station', station],
    queryFn: () => call(api.GET('/api/v1/warehouse/stations/{station}', { params: { path: { station } } })),
    enabled: mode === 'pack' && !editing,
  });
  const shown = answer ?? (mode === 'pack' && view.data ? { ...view.data, accepted: true, reason: null } : null);
  const job = useQuery({
    queryKey: ['job', shown?.jobId],
    queryFn: () => call(api.GET('/api/v1/jobs/{id}', { params: { path: { id: shown!.jobId! } } })),
    enabled: mode === 'pack' && !!shown?.jobId,
  });

  // Focus lives in the scan field: whatever else is clicked or tabbed to, it comes back, except to acknowledge a refusal
  // and while the station's name is being changed.
  const refocus = useCallback(() => {
    const active = document.activeElement;
    if (editing || (active && active === ack.current)) return;
    if (active !== field.current) field.current?.focus({ preventScroll: true });
  }, [editing]);
  useEffect(() => {
    if (editing) return;
    refocus();
    const later = () => setTimeout(refocus, 0);
    document.addEventListener('focusin', later);
    document.addEventListener('click', later);
    window.addEventListener('focus', later);
    return () => { document.removeEventListener('focusin', later); document.removeEventListener('click', later); window.removeEventListener('focus', later); };
  }, [editing, refocus]);

  const acknowledge = useCallback(() => {
    refused.current = false;
    setRefusal(null);
    setHeld(null);
    field.current?.focus({ preventScroll: true });
  }, []);
  // Before paint: once the refusal shows, Escape acknowledges it (an effect after paint left a moment, long on a busy
  // machine, when the refusal was on screen and Escape did nothing).
  useLayoutEffect(() => {
    if (!refusal) return;
    const onKey = (event: globalThis.KeyboardEvent) => { if (event.key === 'Escape') { event.preventDefault(); acknowledge(); } };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [refusal, acknowledge]);

  const send = (scanned: string, scanMode: Mode) => {
    queue.current = queue.current.then(async () => {
      if (refused.current) {
        setLog((l) => [{ at: new Date(), code: scanned, outcome: 'not sent' as const, reason: null }, ...l]);
        setHeld(scanned);
        return;
      }
      try {
        const result = await call(api.POST('/api/v1/warehouse/scans', { body: { station, code: scanned, mode: scanMode } }));
        setFailure(null);
        setAnswer(result);
        setLog((l) => [{ at: new Date(), code: scanned, outcome: result.accepted ? 'accepted' as const : 'refused' as const, reason: result.reason }, ...l]);
        if (!result.accepted) {
          refused.current = true;
          setRefusal({ code: scanned, reason: result.reason!, expecting: result.expecting, mode: scanMode });
        }
      } catch (error) {
        // Not recorded by the server: say so, and keep the code in the log so it can be scanned again.
        setFailure(error);
        setLog((l) => [{ at: new Date(), code: scanned, outcome: 'not sent' as const, reason: null }, ...l]);
      }
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const scanned = code.trim();
    setCode('');
    if (scanned) send(scanned, mode);
  };

  const switchMode = (next: Mode) => { setMode(next); setAnswer(null); };
  const saveStation = (name: string) => {
    const chosen = name.trim().slice(0, 64) || defaultStation(me?.name);
    localStorage.setItem(STATION_KEY, chosen);
    setStation(chosen);
    setAnswer(null);
    setEditing(false);
  };

  const next = refusal ? null : shown?.expecting ?? FIRST[mode];
  const complete = mode === 'pack' && shown?.complete && shown.jobId;
  return (
    <div className="page scan-page">
      <PageHead title="Scan station" heading={mode === 'pack' ? 'Scan station: packing' : 'Scan station: receiving'}
        sub={<>Station <strong>{station}</strong>{' '}{!editing && <button type="button" className="button-link" onClick={() => setEditing(true)}>change</button>}</>}
        actions={canReceive && (
          <div className="segmented" role="group" aria-label="What this station does">
            <button type="button" className={`button ${mode === 'pack' ? 'button-primary' : ''}`} aria-pressed={mode === 'pack'} onClick={() => switchMode('pack')}>Pack jobs</button>
            <button type="button" className={`button ${mode === 'receive' ? 'button-primary' : ''}`} aria-pressed={mode === 'receive'} onClick={() => switchMode('receive')}>Receive units</button>
          </div>
        )}>
        {editing && <StationForm current={station} onSave={saveStation} onCancel={() => setEditing(false)} />}
      </PageHead>

      <form className="scan-form" onSubmit={submit} autoComplete="off">
        <label htmlFor="scan-code">Scan {mode === 'pack' ? 'a label' : 'a unit label'}</label>
        <input id="scan-code" ref={field} className="scan-input" value={code} onChange={(e) => setCode(e.target.value)} maxLength={200} spellCheck={false}
          autoCapitalize="characters" enterKeyHint="send" aria-describedby={refusal ? 'refusal-title' : 'scan-next'} disabled={editing} />
      </form>

      {refusal ? (
        <div className="scan-refusal" role="alert" aria-labelledby="refusal-title">
          <h2 id="refusal-title">Refused: {(refusal.mode === 'pack' ? PACK_REASONS : RECEIVE_REASONS)[refusal.reason]}</h2>
          <p className="scan-refusal-code">You scanned <code>{refusal.code}</code>.</p>
          <p>{refusal.expecting}</p>
          <p><strong>Further scans are not sent until you acknowledge this.</strong>{held && <> The scan <code>{held}</code> was not sent.</>}</p>
          {/* A scanner's code typed while this button has the focus goes to the scan field, and its Enter does not acknowledge. */}
          <button type="button" ref={ack} className="button scan-ack" onClick={acknowledge}
            onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); else if (e.key.length === 1) field.current?.focus({ preventScroll: true }); }}>I have read this — continue scanning (Esc)</button>
        </div>
      ) : (
        <div className={`scan-next ${complete ? 'scan-complete' : ''}`} id="scan-next" role="status">
          {complete
            ? <><strong>{job.data?.number ?? 'The job'} is complete and packed.</strong> <Link to={`/jobs/${shown?.jobId}#dispatch`}>Dispatch it</Link>, or scan a unit for the next job.</>
            : <><span className="scan-next-label">Next:</span> {next}</>}
        </div>
      )}
      {failure !== null && <ErrorBox error={failure} title="The last scan did not reach the server; scan it again." />}
      {mode === 'pack' && view.error && !answer && <ErrorBox error={view.error} title="Could not read the station." />}

      <div className="two-col">
        <Card title={mode === 'pack' ? (job.data ? `Packing ${job.data.number}` : 'The job being packed') : 'The receipt being counted in'}>
          {shown && shown.lines.length > 0 ? (
            <DataTable label={mode === 'pack' ? 'The job\'s lines' : 'The receipt'} rows={shown.lines} rowKey={(l) => l.sku} className="scan-lines" columns={[
              { key: 'sku', header: 'SKU', primary: true, cell: (l: Line) => <span className="sku">{l.sku}</span> },
              { key: 'count', header: mode === 'pack' ? 'In the box' : 'Counted in', cell: (l: Line) => <span className={l.packed === l.required ? 'scan-done' : ''}><strong>{l.packed}</strong> of {l.required}{l.packed === l.required ? ' ✓' : ''}</span> },
            ]} />
          ) : <p className="muted small">{mode === 'pack' ? 'No job yet: the first unit and its box label choose it.' : 'The first unit scanned shows its receipt.'}</p>}
        </Card>
        <Card title="This session's scans">
          {log.length === 0 ? <p className="muted small">Nothing scanned yet.</p> : (
            <ol className="scan-log" aria-label="Scans, newest first">
              {log.slice(0, 50).map((entry, i) => (
                <li key={log.length - i} className={`scan-log-${entry.outcome.replace(' ', '-')}`}>
                  <time dateTime={entry.at.toISOString()}>{entry.at.toLocaleTimeString('en-GB')}</time> <code>{entry.code}</code>{' '}
                  <strong>{entry.outcome}</strong>{entry.reason && <span className="small"> ({entry.reason})</span>}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </div>
  );
}

/** Names the station once; the name is kept in this browser, so the bench's screen opens on it next time. */
function StationForm({ current, onSave, onCancel }: { current: string; onSave(name: string): void; onCancel(): void }) {
  const [name, setName] = useState(current);
  const keyDown = (event: KeyboardEvent) => { if (event.key === 'Escape') onCancel(); };
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); onSave(name); }} onKeyDown={keyDown}>
      <div className="field">
        <label htmlFor="station-name">Station name</label>
        <input id="station-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={64} autoFocus />
      </div>
      <button type="submit" className="button button-primary">Use this station</button>
      <button type="button" className="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}
