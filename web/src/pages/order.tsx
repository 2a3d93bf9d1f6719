import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, call } from '../api/client';
import { Card, ErrorBox, Field, LevelBar, Loading, PageHead, RequestBadge, Serial, usePageTitle } from '../ui';

/** Ordering supplies by hand: choose the cartridge, the quantity, review (with the conflict warning), submit. */
export function OrderPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const options = useQuery({ queryKey: ['order-options', id], queryFn: () => call(api.GET('/api/v1/devices/{id}/order-options', { params: { path: { id } } })) });
  const [supplyIndex, setSupplyIndex] = useState<number | null>(null);
  const [quantity, setQuantity] = useState('1');
  const [comment, setComment] = useState('');
  const [step, setStep] = useState<'choose' | 'review'>('choose');
  const [errors, setErrors] = useState<{ supply?: string; quantity?: string }>({});
  const submit = useMutation({
    mutationFn: () => call(api.POST('/api/v1/consumable-requests', { body: { deviceId: id, supplyIndex: supplyIndex!, quantity: Number(quantity), comment: comment.trim() || undefined } })),
    onSuccess: () => void client.invalidateQueries(),
  });

  usePageTitle(`Order supplies for ${options.data?.serial ?? 'a printer'}`);
  if (options.error) return <div className="page"><ErrorBox error={options.error} action={<Link to="/">Back to your printers</Link>} /></div>;
  if (!options.data) return <Loading what="Loading what can be ordered" />;
  const o = options.data;
  const chosen = o.supplies.find((s) => s.index === supplyIndex);

  function review() {
    const next: typeof errors = {};
    if (!chosen) next.supply = 'Choose the cartridge to order.';
    else if (chosen.openRequest) next.supply = 'This supply is already on order; choose another one.';
    const q = Number(quantity);
    if (!/^\d+$/.test(quantity.trim()) || q < 1) next.quantity = 'Enter a whole number of at least 1.';
    else if (q > 100) next.quantity = 'At most 100 at a time.';
    setErrors(next);
    if (!next.supply && !next.quantity) setStep('review');
  }

  if (submit.isSuccess) {
    return (
      <div className="page narrow">
        <Card title="Order placed">
          <p>Your order for <strong>{quantity} × {chosen?.description ?? chosen?.partNumber}</strong> for printer <Serial serial={o.serial} /> is <RequestBadge status={submit.data.status} />.</p>
          {submit.data.status === 'rejected' && <p className="warning">It did not pass every check; your dealer will look at it. The reasons are on the printer's page.</p>}
          {submit.data.warning && <p className="warning">{submit.data.warning}</p>}
          <Link className="button button-primary" to={`/devices/${id}`}>Back to the printer</Link>
        </Card>
      </div>
    );
  }

  return (
    <div className="page narrow">
      <PageHead title={`Order supplies for ${o.serial ?? 'a printer'}`} heading={`Order supplies for ${o.serial ?? `the printer of unknown serial${o.model ? ` (${o.model})` : ''}`}`}
        crumbs={<><Link to={`/devices/${id}`}>{o.serial ?? 'Printer of unknown serial'}</Link> / Order supplies</>} sub={o.model} />
      {/* Said once: here while choosing, in the summary when reviewing. */}
      {o.warning && step === 'choose' && <div className="warning" role="note"><strong>Heads-up:</strong> {o.warning}</div>}
      {step === 'choose' ? (
        <Card title="1. Choose the cartridge and quantity">
          <fieldset className={`choices ${errors.supply ? 'field-invalid' : ''}`} aria-describedby={errors.supply ? 'supply-error' : undefined}>
            <legend className="sr-only">Cartridge</legend>
            {o.supplies.map((s) => (
              <label key={s.index} className={`choice ${s.openRequest ? 'choice-disabled' : ''} ${supplyIndex === s.index ? 'choice-active' : ''}`}>
                <input type="radio" name="supply" value={s.index} checked={supplyIndex === s.index} disabled={!!s.openRequest} onChange={() => setSupplyIndex(s.index)} />
                <span className="choice-body">
                  <span className="choice-title">{s.description ?? `${s.color ?? ''} ${s.kind}`}</span>
                  <span className="muted small">{s.partNumber ?? 'no part number'}{s.openRequest ? ` · already on order (${s.openRequest.status})` : ''}</span>
                </span>
                <LevelBar percent={s.remainingPercent} state={s.state} color={s.color} kind={s.kind ?? undefined} />
              </label>
            ))}
            {errors.supply && <div className="field-error" id="supply-error" role="alert">{errors.supply}</div>}
          </fieldset>
          <Field label="Quantity" error={errors.quantity}>
            {(fid, described) => <input id={fid} inputMode="numeric" className="input-short" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-invalid={!!errors.quantity} aria-describedby={described} />}
          </Field>
          <Field label="Note for your dealer (optional)">
            {(fid) => <textarea id={fid} rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="e.g. deliver to reception" />}
          </Field>
          <div className="actions"><Link className="button button-ghost" to={`/devices/${id}`}>Cancel</Link><button type="button" className="button button-primary" onClick={review}>Review order</button></div>
        </Card>
      ) : (
        <Card title="2. Review and submit">
          <dl className="summary">
            <dt>Printer</dt><dd><Serial serial={o.serial} /> · {o.model}</dd>
            <dt>Cartridge</dt><dd>{chosen?.description ?? chosen?.kind} ({chosen?.partNumber ?? 'no part number'})</dd>
            <dt>Quantity</dt><dd>{quantity}</dd>
            <dt>Deliver to</dt><dd>{o.deliverTo.site ? <>{o.deliverTo.site}{o.deliverTo.address ? <div className="small">{o.deliverTo.address}</div> : null}</> : <span className="muted">No site on file: your dealer confirms where to deliver.</span>}
              {o.deliverTo.location && <div className="small muted">Printer stands: {o.deliverTo.location}</div>}</dd>
            {comment.trim() && <><dt>Note</dt><dd>{comment.trim()}</dd></>}
          </dl>
          {o.warning && <p className="warning"><strong>Heads-up:</strong> {o.warning}</p>}
          {submit.error && <ErrorBox error={submit.error instanceof ApiError ? submit.error : new Error('Ordering failed.')} />}
          <div className="actions">
            <button type="button" className="button button-ghost" onClick={() => setStep('choose')}>Back</button>
            <button type="button" className="button button-primary" disabled={submit.isPending} onClick={() => submit.mutate()}>{submit.isPending ? 'Placing the order…' : 'Place order'}</button>
          </div>
        </Card>
      )}
    </div>
  );
}
