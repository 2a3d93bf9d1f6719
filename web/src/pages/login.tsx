import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useAuth } from '../auth';
import { Field, usePageTitle } from '../ui';

export function LoginPage() {
  const { login } = useAuth();
  usePageTitle('Log in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  // One person may use one address and password at several dealers: the server then asks which one.
  const [dealers, setDealers] = useState<{ id: string; name: string }[]>([]);
  const [dealerId, setDealerId] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!email.trim()) next.email = 'Enter your e-mail address.';
    else if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) next.email = 'That does not look like an e-mail address.';
    if (!password) next.password = 'Enter your password.';
    setErrors(next);
    if (next.email || next.password) return;
    setBusy(true);
    try {
      await login(email.trim(), password, dealerId || undefined);
    } catch (error) {
      const choices = error instanceof ApiError && error.status === 409 ? (error.details as { dealers?: { id: string; name: string }[] } | null)?.dealers : undefined;
      if (choices && choices.length > 1) {
        setDealers(choices);
        setDealerId(choices[0]!.id);
      }
      setErrors({ form: error instanceof ApiError ? error.message : 'Logging in failed; try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <form className="login-card" onSubmit={submit} noValidate aria-label="Log in">
        <div className="login-brand"><img src="/favicon.svg" alt="" width={40} height={40} /><div><h1>TonerLoop</h1><p>Toner where it is needed, just in time.</p></div></div>
        {errors.form && <div className="error-box" role="alert">{errors.form}</div>}
        <Field label="E-mail" error={errors.email}>
          {(id, described) => <input id={id} type="email" autoComplete="username" value={email} onChange={(e) => { setEmail(e.target.value); setDealers([]); setDealerId(''); }} aria-invalid={!!errors.email} aria-describedby={described} autoFocus />}
        </Field>
        <Field label="Password" error={errors.password}>
          {(id, described) => <input id={id} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!errors.password} aria-describedby={described} />}
        </Field>
        {dealers.length > 1 && (
          <Field label="Dealer">
            {(id, described) => (
              <select id={id} value={dealerId} onChange={(e) => setDealerId(e.target.value)} aria-describedby={described}>
                {dealers.map((dealer) => <option key={dealer.id} value={dealer.id}>{dealer.name}</option>)}
              </select>
            )}
          </Field>
        )}
        <button className="button button-primary button-wide" type="submit" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
      </form>
    </div>
  );
}
