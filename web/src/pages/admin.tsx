import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, call, type Collector, type CollectorConfigPatch, type ImportResult, type ImportRun } from '../api/client';
import { useAllCustomers } from '../api/queries';
import { usePrinterNow } from '../auth';
import { Card, Disclosure, Empty, ErrorBox, Field, Loading, NameForm, PageHead, relative } from '../ui';
import { MoveSettingsCard } from './moves';

/** Collectors, integrations, users and CSV import: the dealership's set-up. */
export function AdminPage() {
  return (
    <div className="page">
      <PageHead title="Administration" />
      <div className="two-col"><Collectors /><Integrations /></div>
      <div className="two-col"><Users /><CsvImport /></div>
      <MoveSettingsCard />
    </div>
  );
}

/** A button that asks once before it revokes or disables, then refreshes the list it belongs to. */
function DangerButton({ label, confirm, run, list }: { label: string; confirm: string; run: () => Promise<unknown>; list: string }) {
  const client = useQueryClient();
  const action = useMutation({ mutationFn: run, onSuccess: () => void client.invalidateQueries({ queryKey: [list] }) });
  return (
    <>
      <button type="button" className="button button-danger button-small" disabled={action.isPending} onClick={() => { if (window.confirm(confirm)) action.mutate(); }}>{label}</button>
      {action.error && <ErrorBox error={action.error} />}
    </>
  );
}

function Secret({ token }: { token: string }) {
  return <div className="notice" role="status">Copy this token now; it is shown only once: <code className="token">{token}</code></div>;
}

/** A collector's health in words (the API's codes are for machines). */
const COLLECTOR_STATUS: Record<Collector['status'], string> = { 'never-seen': 'not called in yet', ok: 'calling in', silent: 'silent' };

function Collectors() {
  const now = usePrinterNow();
  const client = useQueryClient();
  const collectors = useQuery({ queryKey: ['collectors'], queryFn: () => call(api.GET('/api/v1/collectors')), refetchInterval: 15_000 });
  const customers = useAllCustomers();
  const [name, setName] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [errors, setErrors] = useState<{ name?: string; customer?: string; form?: string }>({});
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/v1/collectors', { body: { customerId, name: name.trim() } })),
    onSuccess: () => { setName(''); void client.invalidateQueries({ queryKey: ['collectors'] }); },
    onError: (e) => setErrors({ form: e instanceof ApiError ? e.message : 'Could not register the collector.' }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!customerId) next.customer = 'Choose the customer whose network it runs on.';
    if (!name.trim()) next.name = 'Name the collector.';
    setErrors(next);
    if (!next.customer && !next.name) create.mutate();
  };
  const names = new Map((customers.data?.items ?? []).map((c) => [c.id, c.name]));
  return (
    <Card title="Collectors">
      {collectors.error ? <ErrorBox error={collectors.error} /> : !collectors.data ? <Loading /> : collectors.data.items.length === 0 ? <Empty title="No collectors yet.">Register one for a customer, then run <code>tonerloop collect --server … --token …</code> on their network.</Empty> : (
        <ul className="plain">{collectors.data.items.map((c) => (
          <li key={c.id} className="item">
            <div className="item-head">
              <strong>{c.name}</strong> <span className={`badge ${c.revoked ? 'badge-unreachable' : c.status === 'ok' ? 'badge-healthy' : c.status === 'silent' ? 'badge-unreachable' : 'badge-low'}`}>{c.revoked ? 'revoked' : COLLECTOR_STATUS[c.status]}</span>
              {c.quarantine && c.quarantine.readings > 0 && <span className="badge badge-low" title={c.quarantine.lastReason ?? undefined}>{c.quarantine.readings} quarantined</span>}
              {!c.revoked && <span className="item-actions"><DangerButton label="Revoke" list="collectors" confirm={`Revoke ${c.name}'s token? The collector stops being accepted at once.`} run={() => call(api.POST('/api/v1/collectors/{id}/revoke', { params: { path: { id: c.id } } }))} /></span>}
            </div>
            <div className="small muted">{names.get(c.customerId) ?? ''} · token …{c.tokenHint} · last call {relative(c.lastSeenAt, now)}</div>
            {c.quarantine && c.quarantine.readings > 0 && <div className="small">{c.quarantine.readings} readings the server would not take are kept in the collector's quarantine.json{c.quarantine.lastAt ? ` (latest ${relative(c.quarantine.lastAt, now)})` : ''}: {c.quarantine.lastReason}</div>}
            {!c.revoked && <Disclosure summary={<span className="small">Configuration</span>}>{() => <CollectorConfig id={c.id} />}</Disclosure>}</li>
        ))}</ul>
      )}
      {create.data && <Secret token={create.data.token} />}
      {errors.form && <div className="error-box" role="alert">{errors.form}</div>}
      <form className="inline-form" onSubmit={submit}>
        <Field label="Customer" error={errors.customer}>{(id, d) => <select id={id} value={customerId} onChange={(e) => setCustomerId(e.target.value)} aria-invalid={!!errors.customer} aria-describedby={d}><option value="">Choose…</option>{customers.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>}</Field>
        <Field label="Name" error={errors.name}>{(id, d) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} aria-describedby={d} />}</Field>
        <button type="submit" className="button" disabled={create.isPending}>Register collector</button>
      </form>
    </Card>
  );
}

const lines = (text: string) => text.split(/[\n,]+/).map((l) => l.trim()).filter(Boolean);

/** What a collector polls and how often: its own overrides over the dealer-wide defaults. */
function CollectorConfig({ id }: { id: string }) {
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['collector-config', id], queryFn: () => call(api.GET('/api/v1/collectors/{id}/config', { params: { path: { id } } })) });
  const [draft, setDraft] = useState<{ targets: string; ranges: string; poll: string; community: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: CollectorConfigPatch) => call(api.PUT('/api/v1/collectors/{id}/config', { params: { path: { id } }, body })),
    onSuccess: (data) => { client.setQueryData(['collector-config', id], data); setDraft(null); setErrors({}); },
    onError: (e) => setErrors(e instanceof ApiError ? { form: e.message } : { form: 'Saving failed.' }),
  });
  if (current.error) return <ErrorBox error={current.error} />;
  if (!current.data) return <Loading />;
  const effective = current.data.effective;
  const form = draft ?? { targets: effective.targets.join('\n'), ranges: effective.ranges.join('\n'), poll: String(effective.pollIntervalSeconds), community: effective.snmp.community };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const poll = Number(form.poll);
    if (!Number.isInteger(poll) || poll < 5 || poll > 86_400) next.poll = 'Whole seconds from 5 to 86400.';
    if (!form.community.trim()) next.community = 'Enter the SNMP community (often "public").';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate({ ...current.data!.overrides, targets: lines(form.targets), ranges: lines(form.ranges), pollIntervalSeconds: poll, snmp: { ...(current.data!.overrides.snmp ?? {}), community: form.community.trim() } });
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setDraft({ ...form, [key]: e.target.value });
  return (
    <form className="grid-form" onSubmit={submit} noValidate>
      {errors.form && <div className="error-box" role="alert">{errors.form}</div>}
      <Field label="Printers (host:port or ipp:// URI, one per line)">{(fid) => <textarea id={fid} rows={3} value={form.targets} onChange={set('targets')} />}</Field>
      <Field label="Ranges to sweep (CIDR, one per line)" hint="At most a /22 each.">{(fid) => <textarea id={fid} rows={3} value={form.ranges} onChange={set('ranges')} />}</Field>
      <Field label="Poll every (seconds)" error={errors.poll}>{(fid, d) => <input id={fid} inputMode="numeric" value={form.poll} onChange={set('poll')} aria-invalid={!!errors.poll} aria-describedby={d} />}</Field>
      <Field label="SNMP community" error={errors.community}>{(fid, d) => <input id={fid} value={form.community} onChange={set('community')} aria-invalid={!!errors.community} aria-describedby={d} />}</Field>
      <div><button type="submit" className="button" disabled={save.isPending}>Save configuration</button></div>
    </form>
  );
}

function Integrations() {
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call(api.GET('/api/v1/integrations')) });
  const [token, setToken] = useState<string | null>(null);
  return (
    <Card title="ERP integrations">
      {integrations.error ? <ErrorBox error={integrations.error} /> : !integrations.data ? <Loading /> : integrations.data.items.length === 0 ? <Empty title="No integrations.">Create a token for your ERP; it reads the Outstanding queue and actions requests (see docs/api.md).</Empty> : (
        <ul className="plain">{integrations.data.items.map((i) => {
          const revoked = i.revoked;
          return (
            <li key={i.id} className="item"><div className="item-head"><strong>{i.name}</strong> <span className="muted">token …{i.tokenHint}</span> {revoked ? <span className="badge badge-unreachable">revoked</span>
              : <span className="item-actions"><DangerButton label="Revoke" list="integrations" confirm={`Revoke ${i.name}'s token? Its calls are refused at once.`} run={() => call(api.POST('/api/v1/integrations/{id}/revoke', { params: { path: { id: i.id } } }))} /></span>}</div></li>
          );
        })}</ul>
      )}
      {token && <Secret token={token} />}
      <NameForm label="Name" button="Create token" missing="Name the ERP or system." list="integrations" create={(name) => call(api.POST('/api/v1/integrations', { body: { name } }))} onCreated={(created) => setToken(created.token)} />
    </Card>
  );
}

const ROLES = [['dispatcher', 'Dispatcher'], ['warehouse-operator', 'Warehouse operator'], ['dealer-admin', 'Dealer admin'], ['customer-key-user', 'Customer key user']] as const;

function Users() {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => call(api.GET('/api/v1/users')) });
  const customers = useAllCustomers();
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'dispatcher', customerId: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/v1/users', { body: { email: form.email.trim(), name: form.name.trim(), password: form.password, role: form.role as 'dispatcher', customerId: form.role === 'customer-key-user' ? form.customerId : null } })),
    onSuccess: () => { setForm({ email: '', name: '', password: '', role: 'dispatcher', customerId: '' }); void client.invalidateQueries({ queryKey: ['users'] }); },
    onError: (e) => setErrors(e instanceof ApiError && e.field ? { [e.field]: e.message } : { form: e instanceof ApiError ? e.message : 'Could not add the user.' }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(form.email.trim())) next.email = 'Enter an e-mail address.';
    if (!form.name.trim()) next.name = 'Enter a name.';
    if (form.password.length < 12) next.password = 'At least 12 characters.';
    if (form.role === 'customer-key-user' && !form.customerId) next.customerId = 'A key user belongs to one customer.';
    setErrors(next);
    if (Object.keys(next).length === 0) create.mutate();
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  return (
    <Card title="Users and roles">
      {users.error ? <ErrorBox error={users.error} /> : !users.data ? <Loading /> : (
        <ul className="plain">{users.data.items.map((u) => {
          const disabled = u.disabled;
          return (
            <li key={u.id} className="item"><div className="item-head"><strong>{u.name}</strong> <span className="muted">{u.email} · {ROLES.find(([r]) => r === u.role)?.[1] ?? u.role}</span> {disabled ? <span className="badge badge-unreachable">disabled</span>
              : u.role !== 'dealer-admin' && <span className="item-actions"><DangerButton label="Disable" list="users" confirm={`Disable ${u.name}? They are logged out and cannot log in again.`} run={() => call(api.POST('/api/v1/users/{id}/disable', { params: { path: { id: u.id } } }))} /></span>}</div></li>
          );
        })}</ul>
      )}
      {errors.form && <div className="error-box" role="alert">{errors.form}</div>}
      <form className="grid-form" onSubmit={submit} noValidate>
        <Field label="E-mail" error={errors.email}>{(id, d) => <input id={id} type="email" value={form.email} onChange={set('email')} aria-invalid={!!errors.email} aria-describedby={d} />}</Field>
        <Field label="Name" error={errors.name}>{(id, d) => <input id={id} value={form.name} onChange={set('name')} aria-invalid={!!errors.name} aria-describedby={d} />}</Field>
        <Field label="Password" error={errors.password} hint="At least 12 characters.">{(id, d) => <input id={id} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} aria-invalid={!!errors.password} aria-describedby={d} />}</Field>
        <Field label="Role">{(id) => <select id={id} value={form.role} onChange={set('role')}>{ROLES.map(([r, label]) => <option key={r} value={r}>{label}</option>)}</select>}</Field>
        {form.role === 'customer-key-user' && <Field label="Customer" error={errors.customerId}>{(id, d) => <select id={id} value={form.customerId} onChange={set('customerId')} aria-invalid={!!errors.customerId} aria-describedby={d}><option value="">Choose…</option>{customers.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>}</Field>}
        <div><button type="submit" className="button" disabled={create.isPending}>Add user</button></div>
      </form>
    </Card>
  );
}

function CsvImport() {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const run = useMutation({
    // The file goes as it is (text/csv), through the same client as every other call. A small file is answered
    // when done (200, the report); a large one at once (202, the import to watch while it is written).
    mutationFn: async (dryRun: boolean): Promise<ImportResult | ImportRun> => call(api.POST('/api/v1/imports/csv', {
      params: { query: { dryRun: dryRun ? 'true' : 'false' } }, body: text, headers: { 'content-type': 'text/csv' }, bodySerializer: (csv: string) => csv,
    })),
    onMutate: () => { setResult(null); setError(null); setRunId(null); },
    onSuccess: (r) => {
      if ('status' in r) return setRunId(r.id);
      setResult(r);
      if (!r.dryRun) void client.invalidateQueries();
    },
    onError: (e) => { setResult(null); setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Import failed.', null)); },
  });
  const watched = useQuery({
    queryKey: ['import', runId],
    queryFn: () => call(api.GET('/api/v1/imports/{id}', { params: { path: { id: runId! } } })),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000),
  });
  const progress = watched.data;
  useEffect(() => {
    if (!progress || !runId) return;
    if (progress.status === 'done' && progress.report) {
      setResult(progress.report);
      setRunId(null);
      if (!progress.dryRun) void client.invalidateQueries();
    } else if (progress.status === 'failed' && progress.error) {
      setError(new ApiError(400, progress.error.code, progress.error.message, progress.error.details));
      setRunId(null);
    }
  }, [progress, runId, client]);
  const busy = run.isPending || runId !== null;
  const rowErrors = (error?.details as { errors?: { line: number; message: string }[] } | null)?.errors ?? [];
  return (
    <Card title="Import customers, sites and devices (CSV)">
      <p className="muted small">Columns: <code>customer, serial</code> and optionally <code>site, model, address, city, postcode, country, externalRef</code>. All or nothing: a file with errors changes nothing. See docs/csv-import.md.</p>
      <textarea aria-label="CSV file contents" rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={'customer,serial,model\nAcme Ltd,PHBQ123456,HP LaserJet Pro M404dn'} />
      <label className="file">or choose a file <input type="file" accept=".csv,text/csv" onChange={async (e) => { const file = e.target.files?.[0]; if (file) setText(await file.text()); }} /></label>
      <div className="actions">
        <button type="button" className="button" disabled={!text.trim() || busy} onClick={() => run.mutate(true)}>Check</button>
        <button type="button" className="button button-primary" disabled={!text.trim() || busy} onClick={() => run.mutate(false)}>Import</button>
      </div>
      {runId !== null && <ImportProgress run={progress} />}
      {error && (
        <div className="error-box" role="alert">{error.message}
          {rowErrors.length > 0 && <ul className="row-errors">{rowErrors.slice(0, 50).map((r, i) => <li key={i}>Line {r.line}: {r.message}</li>)}</ul>}
        </div>
      )}
      {result && <div className="notice" role="status">{result.dryRun ? 'The file is valid. ' : 'Imported. '}{result.rows} rows: customers {result.customers.created} new, {result.customers.updated} changed; devices {result.devices.created} new.</div>}
    </Card>
  );
}

/** A running import: what it is doing and how far it has got (the server keeps serving everyone meanwhile). */
function ImportProgress({ run }: { run: ImportRun | undefined }) {
  const what = !run || run.status === 'checking' ? 'Checking the file' : run.status === 'undoing' ? 'Undoing what was written' : 'Writing';
  const unit = !run || run.status === 'checking' ? 'rows' : 'records';
  const { done, total } = run?.progress ?? { done: 0, total: 0 };
  return (
    <div className="import-progress" role="status">
      <div>{what}{total > 0 ? `: ${done.toLocaleString()} of ${total.toLocaleString()} ${unit}` : '…'}</div>
      <progress aria-label="Import progress" max={total || undefined} value={total > 0 ? done : undefined} />
    </div>
  );
}
