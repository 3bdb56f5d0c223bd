import { useLocation, useSearch } from 'wouter';
import { confirmSignUp } from '../api/auth.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { useFormAction } from '../components/use-action.ts';

export default function ConfirmPage() {
  const [, navigate] = useLocation();
  const email = new URLSearchParams(useSearch()).get('email') ?? '';
  const { submit, pending, error } = useFormAction(async ({ email: address = '', code = '' }) => {
    await confirmSignUp(address, code);
    navigate(`/login?email=${encodeURIComponent(address)}`);
  });
  return (
    <section className="narrow">
      <h1>Confirm your account</h1>
      <p>Enter the code we sent to your email address.</p>
      <form onSubmit={submit}>
        <Field label="Email" name="email" type="email" defaultValue={email} required />
        <Field label="Confirmation code" name="code" autoComplete="one-time-code" required />
        <ErrorMessage error={error} />
        <button type="submit" disabled={pending}>
          Confirm
        </button>
      </form>
    </section>
  );
}
