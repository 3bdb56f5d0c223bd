import { useLocation } from 'wouter';
import { forgotPassword } from '../api/auth.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { useFormAction } from '../components/use-action.ts';

export default function ForgotPasswordPage() {
  const [, navigate] = useLocation();
  const { submit, pending, error } = useFormAction(async ({ email = '' }) => {
    await forgotPassword(email);
    navigate(`/reset-password?email=${encodeURIComponent(email)}`);
  });
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
