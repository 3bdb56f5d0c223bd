import { Link, useLocation } from 'wouter';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { useFormAction } from '../components/use-action.ts';

export default function LoginPage() {
  const { logIn } = useAuth();
  const [, navigate] = useLocation();
  const { submit, pending, error } = useFormAction(async ({ email = '', password = '' }) => {
    await logIn(email, password);
    navigate('/');
  });
  return (
    <section className="narrow">
      <h1>Log in</h1>
      <form onSubmit={submit}>
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <ErrorMessage error={error} />
        <button type="submit" disabled={pending}>
          Log in
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> ·{' '}
        <Link href="/signup">Create an account</Link>
      </p>
    </section>
  );
}
