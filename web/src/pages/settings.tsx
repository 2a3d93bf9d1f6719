import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { ApiError, api, call, type Settings, type SettingsOverride } from '../api/client';
import { isAdmin, useAuth } from '../auth';
import { Card, ErrorBox, Loading, PageHead } from '../ui';

type Name = keyof Settings['effective'];
const FIELDS: { name: Name; label: string; unit?: string; kind: 'number' | 'boolean' | 'mode' | 'fulfilment'; min?: number; max?: number; help: string }[] = [
  { name: 'triggerMode', label: 'Trigger', kind: 'mode', help: 'Service level: order when the chance of running out before the cartridge arrives passes what the service level allows. Or the fixed-days rules: the forecast within lead time plus buffer, the level, or whichever fires first (both).' },
  { name: 'serviceLevelPercent', label: 'Service level', unit: '%', kind: 'number', min: 50, max: 99.99, help: 'Service-level trigger: the wanted chance that the replacement is on site before the supply runs out.' },
  { name: 'leadTimeDays', label: 'Lead time', unit: 'days', kind: 'number', min: 0, max: 365, help: 'Fixed-days trigger: from raising a request to the cartridge being on site.' },
  { name: 'safetyBufferDays', label: 'Safety buffer', unit: 'days', kind: 'number', min: 0, max: 365, help: 'Fixed-days trigger: extra days on top of the lead time.' },
  { name: 'lowerThresholdPercent', label: 'Lower threshold', unit: '%', kind: 'number', min: 0, max: 100, help: 'Level mode raises a request at or below this level.' },
  { name: 'upperThresholdPercent', label: 'Upper threshold', unit: '%', kind: 'number', min: 0, max: 100, help: 'A forecast trigger above this level is flagged as rapid use.' },
  { name: 'minConsumedSinceLastOrderPercent', label: 'Used since last order', unit: '%', kind: 'number', min: 0, max: 100, help: 'Share of a cartridge used before another may ship (the 30 % rule).' },
  { name: 'maxMeterAgeHours', label: 'Fresh meters within', unit: 'hours', kind: 'number', min: 1, max: 2160, help: 'Older meters, or a device unseen for longer, stop automatic requests.' },
  { name: 'autoReplenish', label: 'Automatic replenishment', kind: 'boolean', help: 'Entitles devices to automatic requests.' },
  { name: 'consolidateColours', label: 'Consolidate colours', kind: 'boolean', help: 'Ship colours that run out together in one request.' },
  { name: 'fulfilment', label: 'Fulfilment', kind: 'fulfilment', help: 'Internal: TonerLoop\'s supply jobs take the requests. External: an ERP polls them. Never both.' },
  { name: 'excessCartridgesAhead', label: 'Spares allowed', unit: 'cartridges', kind: 'number', min: 0, max: 20, help: 'Cartridges of a colour a printer may be sent ahead of its pages before a job needs confirming.' },
  { name: 'substitutesAllowed', label: 'Any substitute', kind: 'boolean', help: 'A short job line may ship any substitute in stock, not only those marked to ship without asking.' },
];
const SOURCE: Record<string, string> = { default: 'built-in default', dealer: 'dealer', customer: 'customer', contract: 'contract', device: 'device' };

export type SettingsPath =
  | { level: 'dealer' }
  | { level: 'customer' | 'contract' | 'device'; id: string };

function read(path: SettingsPath) {
  if (path.level === 'dealer') return call(api.GET('/api/v1/request-settings'));
  const options = { params: { path: { id: path.id } } };
  if (path.level === 'customer') return call(api.GET('/api/v1/customers/{id}/request-settings', options));
  if (path.level === 'contract') return call(api.GET('/api/v1/contracts/{id}/request-settings', options));
  return call(api.GET('/api/v1/devices/{id}/request-settings', options));
}

function write(path: SettingsPath, body: SettingsOverride) {
  if (path.level === 'dealer') return call(api.PUT('/api/v1/request-settings', { body }));
  const options = { params: { path: { id: path.id } }, body };
  if (path.level === 'customer') return call(api.PUT('/api/v1/customers/{id}/request-settings', options));
  if (path.level === 'contract') return call(api.PUT('/api/v1/contracts/{id}/request-settings', options));
  return call(api.PUT('/api/v1/devices/{id}/request-settings', options));
}

/** Every request setting at one level: its effective value, where it comes from, and this level's override. */
export function SettingsForm({ path }: { path: SettingsPath }) {
  const { me } = useAuth();
  const client = useQueryClient();
  const key = ['settings', path.level, 'id' in path ? path.id : 'dealer'];
  const settings = useQuery({ queryKey: key, queryFn: () => read(path) });
  const [draft, setDraft] = useState<Record<string, string | boolean | null>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setDraft(Object.fromEntries(FIELDS.map((f) => [f.name, toDraft(settings.data.overrides[f.name])])));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: SettingsOverride) => write(path, body),
    onSuccess: (data) => { client.setQueryData(key, data); void client.invalidateQueries({ queryKey: ['settings'] }); setSaved(true); },
    onError: (error) => setErrors({ form: error instanceof ApiError ? error.message : 'Saving failed.' }),
  });
  const editable = isAdmin(me);
  const prefix = useId();

  if (settings.error) return <ErrorBox error={settings.error} />;
  if (!settings.data) return <Loading what="Loading settings" />;
  const s = settings.data;

  function submit() {
    const next: Record<string, string> = {};
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const value = draft[f.name];
      if (value === null || value === '' || value === undefined) { body[f.name] = null; continue; }
      if (f.kind === 'number') {
        const n = Number(value);
        if (!Number.isFinite(n)) next[f.name] = 'Enter a number.';
        else if (n < f.min! || n > f.max!) next[f.name] = `Between ${f.min} and ${f.max}.`;
        else body[f.name] = n;
      } else body[f.name] = value;
    }
    setErrors(next);
    setSaved(false);
    if (Object.keys(next).length === 0) save.mutate(body as SettingsOverride);
  }

  return (
    <div className="settings">
      {s.contract && <p className="muted small">Inherits from contract <strong>{s.contract.name}</strong>.</p>}
      {errors.form && <div className="error-box" role="alert">{errors.form}</div>}
      {saved && <div className="notice" role="status">Saved. Devices below this level inherit the new values.</div>}
      <div className="table-wrap">
        <table className="table data-table settings-table">
          <thead><tr><th>Setting</th><th>Effective</th><th>Comes from</th><th>Override here</th></tr></thead>
          <tbody>
            {FIELDS.map((f) => {
              const effective = s.effective[f.name];
              const inputId = `${prefix}-setting-${f.name}`;
              return (
                <tr key={f.name} data-setting={f.name}>
                  <td className="cell-primary"><label htmlFor={inputId}>{f.label}</label><div className="small muted">{f.help}</div></td>
                  <td className="effective" data-label="Effective">{show(effective.value)}{f.unit ? ` ${f.unit}` : ''}</td>
                  <td data-label="Comes from"><span className={`source source-${effective.source}`}>{effective.source === path.level ? 'set here' : `inherited from ${SOURCE[effective.source]}`}</span></td>
                  <td className="cell-wide" data-label="Override here">
                    {f.kind === 'number' && <input id={inputId} inputMode="decimal" className="input-short" disabled={!editable} placeholder="inherit" value={(draft[f.name] as string | null) ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })} aria-invalid={!!errors[f.name]} aria-describedby={errors[f.name] ? `${inputId}-error` : undefined} />}
                    {f.kind === 'boolean' && (
                      <select id={inputId} disabled={!editable} value={draft[f.name] === null || draft[f.name] === undefined ? '' : String(draft[f.name])} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value === '' ? null : e.target.value === 'true' })}>
                        <option value="">inherit</option><option value="true">yes</option><option value="false">no</option>
                      </select>
                    )}
                    {f.kind === 'mode' && (
                      <select id={inputId} disabled={!editable} value={(draft[f.name] as string | null) ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value || null })}>
                        <option value="">inherit</option><option value="service-level">service level</option><option value="forecast">forecast (fixed days)</option><option value="level">level</option><option value="both">both (forecast or level)</option>
                      </select>
                    )}
                    {f.kind === 'fulfilment' && (
                      <select id={inputId} disabled={!editable} value={(draft[f.name] as string | null) ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value || null })}>
                        <option value="">inherit</option><option value="internal">internal (supply jobs)</option><option value="external">external (ERP)</option>
                      </select>
                    )}
                    {errors[f.name] && <div className="field-error" id={`${inputId}-error`} role="alert">{errors[f.name]}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {s.problems.length > 0 && <div className="warning">{s.problems.join(' ')}</div>}
      {editable ? <div className="actions"><button type="button" className="button button-primary" onClick={submit} disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save settings'}</button></div>
        : <p className="muted small">Only a dealer admin can change settings.</p>}
    </div>
  );
}

const toDraft = (value: unknown): string | boolean | null => (value === null || value === undefined ? null : typeof value === 'boolean' ? value : String(value));
const show = (value: unknown) => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));

export function SettingsPage() {
  return (
    <div className="page">
      <PageHead title="Settings" />
      <Card title="Request settings for the whole dealership">
        <p className="muted">Every customer, contract and device inherits these unless it overrides them. Leave a field empty to inherit the built-in default.</p>
        <SettingsForm path={{ level: 'dealer' }} />
      </Card>
    </div>
  );
}
