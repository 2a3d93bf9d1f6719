import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, call } from '../api/client';
import { isAdmin, useAuth } from '../auth';
import { DataTable } from '../table';
import { Card, Disclosure, Empty, ErrorBox, Field, Loading, NameForm, PageHead, day, usePageTitle } from '../ui';
import { SettingsForm } from './settings';

export function CustomersPage() {
  const [search, setSearch] = useState('');
  const customers = useQuery({ queryKey: ['customers', search], queryFn: () => call(api.GET('/api/v1/customers', { params: { query: { limit: 200, search: search || undefined } } })) });
  return (
    <div className="page">
      <PageHead title="Customers" />
      <div className="filters"><input type="search" placeholder="Search customers…" aria-label="Search customers" value={search} onChange={(e) => setSearch(e.target.value)} /></div>
      <NewCustomer />
      {customers.error ? <ErrorBox error={customers.error} /> : !customers.data ? <Loading /> : customers.data.items.length === 0 ? <Empty title="No customers yet.">Add one above, or import customers, sites and devices from a CSV file under Administration.</Empty> : (
        <DataTable label="Customers" rows={customers.data.items} rowKey={(c) => c.id} columns={[
          { key: 'name', header: 'Name', primary: true, cell: (c) => <Link to={`/customers/${c.id}`}>{c.name}</Link> },
          { key: 'ref', header: 'ERP reference', cell: (c) => c.externalRef ?? '—' },
          { key: 'since', header: 'Since', cell: (c) => day(c.createdAt) },
        ]} />
      )}
    </div>
  );
}

function NewCustomer() {
  return <NameForm label="New customer" button="Add customer" missing="Enter the customer's name." list="customers" create={(name) => call(api.POST('/api/v1/customers', { body: { name } }))} />;
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => call(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })) });
  const sites = useQuery({ queryKey: ['sites', id], queryFn: () => call(api.GET('/api/v1/customers/{id}/sites', { params: { path: { id } } })) });
  const contracts = useQuery({ queryKey: ['contracts', id], queryFn: () => call(api.GET('/api/v1/contracts', { params: { query: { customerId: id } } })) });
  usePageTitle(customer.data?.name ?? 'Customer');
  if (customer.error) return <div className="page"><ErrorBox error={customer.error} action={<Link to="/customers">All customers</Link>} /></div>;
  if (!customer.data) return <Loading />;
  return (
    <div className="page">
      <PageHead title={customer.data.name} crumbs={<Link to="/customers">Customers</Link>} sub={customer.data.externalRef ? `ERP ${customer.data.externalRef}` : 'No ERP reference'}
        actions={<Link className="button" to={`/?customer=${id}`}>Printers of this customer</Link>} />
      <div className="two-col">
        <Card title="Sites">
          {sites.error ? <ErrorBox error={sites.error} /> : !sites.data ? <Loading /> : sites.data.items.length === 0 ? <Empty title="No delivery sites yet." /> : (
            <ul className="plain">{sites.data.items.map((s) => (
              <li key={s.id}><strong><Link to={`/customers/${id}/sites/${s.id}`}>{s.name}</Link></strong> <span className="muted">{[s.address, s.postcode, s.city, s.country].filter(Boolean).join(', ')}</span>
                <div className="small muted">Lead time {s.leadTime.medianBusinessDays} business {s.leadTime.medianBusinessDays === 1 ? 'day' : 'days'} (median), {s.leadTime.source === 'learned' ? `learned from ${s.leadTime.samples} orders` : s.leadTime.source === 'setting' ? 'from the setting' : 'built-in'}</div></li>
            ))}</ul>
          )}
          <NewSite customerId={id} />
        </Card>
        <Card title="Contracts">
          {contracts.error ? <ErrorBox error={contracts.error} /> : !contracts.data ? <Loading /> : contracts.data.items.length === 0 ? <Empty title="No contracts.">Without a contract, the automatic-replenishment setting decides.</Empty> : (
            <ul className="plain">{contracts.data.items.map((c) => (
              <li key={c.id}><strong>{c.name}</strong> <span className={`badge ${c.autoReplenish ? 'badge-healthy' : 'badge-unreachable'}`}>{c.autoReplenish ? 'auto-replenished' : 'no automatic orders'}</span>
                <div className="small muted">{c.coversAllDevices ? 'all devices' : `${c.deviceIds.length} named devices`} · {c.validFrom ? `from ${day(c.validFrom)}` : 'open start'} {c.validUntil ? `until ${day(c.validUntil)}` : ''}</div>
                <Disclosure summary={<span className="small">Request settings of this contract</span>}>{() => <SettingsForm path={{ level: 'contract', id: c.id }} />}</Disclosure></li>
            ))}</ul>
          )}
          {isAdmin(me) && <NewContract customerId={id} />}
        </Card>
      </div>
      <Card title={`Request settings for ${customer.data.name}`}>
        <p className="muted">Values set here apply to this customer's devices unless a contract or the device overrides them.</p>
        <SettingsForm path={{ level: 'customer', id }} />
      </Card>
    </div>
  );
}

function NewSite({ customerId }: { customerId: string }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', address: '', city: '', postcode: '' });
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/v1/customers/{id}/sites', { params: { path: { id: customerId } }, body: { name: form.name.trim(), address: form.address.trim() || null, city: form.city.trim() || null, postcode: form.postcode.trim() || null } })),
    onSuccess: () => { setForm({ name: '', address: '', city: '', postcode: '' }); void client.invalidateQueries({ queryKey: ['sites', customerId] }); },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not add the site.'),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setError(null); if (!form.name.trim()) { setError('Name the site, e.g. "Head office".'); return; } create.mutate(); };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  return (
    <form className="grid-form" onSubmit={submit} noValidate aria-label="Add a site">
      <Field label="New site" error={error}>{(fid, d) => <input id={fid} value={form.name} onChange={set('name')} maxLength={200} aria-invalid={!!error} aria-describedby={d} />}</Field>
      <Field label="Address">{(fid) => <input id={fid} value={form.address} onChange={set('address')} maxLength={500} />}</Field>
      <Field label="City">{(fid) => <input id={fid} value={form.city} onChange={set('city')} maxLength={200} />}</Field>
      <Field label="Postcode">{(fid) => <input id={fid} value={form.postcode} onChange={set('postcode')} maxLength={40} />}</Field>
      <div><button type="submit" className="button" disabled={create.isPending}>Add site</button></div>
    </form>
  );
}

function NewContract({ customerId }: { customerId: string }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [auto, setAuto] = useState(true);
  const [serials, setSerials] = useState('');
  const [errors, setErrors] = useState<{ name?: string; serials?: string; form?: string }>({});
  const create = useMutation({
    mutationFn: async () => {
      const wanted = serials.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
      let deviceIds: string[] | null = null;
      if (wanted.length > 0) {
        const found = await Promise.all(wanted.map(async (serial) => ({ serial, device: (await call(api.GET('/api/v1/devices', { params: { query: { serial, customerId, limit: 1 } } }))).items[0] })));
        const missing = found.filter((f) => !f.device).map((f) => f.serial);
        if (missing.length > 0) throw new ApiError(400, 'bad-request', `No printer of this customer has serial ${missing.join(', ')}.`, { field: 'serials' });
        deviceIds = found.map((f) => f.device!.id);
      }
      return call(api.POST('/api/v1/contracts', { body: { customerId, name: name.trim(), autoReplenish: auto, deviceIds } }));
    },
    onSuccess: () => { setName(''); setSerials(''); void client.invalidateQueries({ queryKey: ['contracts', customerId] }); },
    onError: (e) => setErrors(e instanceof ApiError && e.field === 'serials' ? { serials: e.message } : { form: e instanceof ApiError ? e.message : 'Could not add the contract.' }),
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setErrors({}); if (!name.trim()) { setErrors({ name: 'Name the contract.' }); return; } create.mutate(); };
  return (
    <form className="grid-form" onSubmit={submit} noValidate aria-label="Add a contract">
      {errors.form && <div className="error-box" role="alert">{errors.form}</div>}
      <Field label="New contract" error={errors.name}>{(fid, described) => <input id={fid} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} aria-invalid={!!errors.name} aria-describedby={described} />}</Field>
      <Field label="Covers (serial numbers)" error={errors.serials} hint="Empty: all of the customer's printers, present and future.">{(fid, described) => <input id={fid} value={serials} onChange={(e) => setSerials(e.target.value)} placeholder="all printers" aria-invalid={!!errors.serials} aria-describedby={described} />}</Field>
      <label className="check"><input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> automatic replenishment</label>
      <div><button type="submit" className="button" disabled={create.isPending}>Add contract</button></div>
    </form>
  );
}
