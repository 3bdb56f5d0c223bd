import type { FormEvent } from 'react';
import { useLocation } from 'wouter';
import { forgotPassword } from '../api/auth.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { formValues, useAction } from '../components/use-action.ts';

export default function ForgotPasswordPage() {
  const [, navigate] = useLocation();
  const { run, pending, error } = useAction(async (email: string) => {
    await forgotPassword(email);
    navigate(`/reset-password?email=${encodeURIComponent(email)}`);
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(formValues(event.currentTarget).email ?? '');
  };
  return (
    <section className="narrow">
      <h1>Forgot your password?</h1>
      <p>We will send a reset code to your email address.</p>
      <form onSubmit={submit}>
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <ErrorMessage error={error} />
        <button type="submit" disabled={pending}>
          Send reset code
        </button>
      </form>
    </section>
  );
}
