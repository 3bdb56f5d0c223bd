import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { forgotPassword, resetPassword } from '../api/auth.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { formValues, useAction, useFormAction } from '../components/use-action.ts';

export default function ResetPasswordPage() {
  const [, navigate] = useLocation();
  const email = new URLSearchParams(useSearch()).get('email') ?? '';
  const { submit, pending, error } = useFormAction(async (values) => {
    const address = values.email ?? '';
    await resetPassword(address, values.code ?? '', values.password ?? '');
    navigate(`/login?email=${encodeURIComponent(address)}&reset=1`);
  });
  const [resent, setResent] = useState(false);
  const resend = useAction(async (form: HTMLFormElement | null) => {
    setResent(false);
    await forgotPassword(form ? (formValues(form).email ?? '') : email);
    setResent(true);
  });
  return (
    <section className="narrow">
      <h1>Reset your password</h1>
      <form onSubmit={submit}>
        <Field label="Email" name="email" type="email" defaultValue={email} required />
        <Field label="Reset code" name="code" autoComplete="one-time-code" required />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
        />
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" disabled={pending}>
            Reset password
          </button>
          <button
            type="button"
            disabled={resend.pending}
            onClick={(event) => void resend.run(event.currentTarget.form)}
          >
            Send a new code
          </button>
        </div>
        <ErrorMessage error={resend.error} />
        {resent && <p role="status">A new code is on its way.</p>}
      </form>
    </section>
  );
}
