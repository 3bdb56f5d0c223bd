import { useLocation } from 'wouter';
import { signUp } from '../api/auth.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { useFormAction } from '../components/use-action.ts';

export default function SignUpPage() {
  const [, navigate] = useLocation();
  const { submit, pending, error } = useFormAction(async ({ email = '', password = '' }) => {
    const { confirmed } = await signUp(email, password);
    const next = confirmed === false ? '/confirm' : '/login';
    navigate(`${next}?email=${encodeURIComponent(email)}&signedUp=1`);
  });
  return (
    <section className="narrow">
      <h1>Sign up</h1>
      <form onSubmit={submit}>
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          hint="At least 8 characters, with upper and lower case letters, a digit and a symbol."
          required
        />
        <ErrorMessage error={error} />
        <button type="submit" disabled={pending}>
          Sign up
        </button>
      </form>
    </section>
  );
}
