import { useCallback, useState, type FormEvent } from 'react';

/** Runs an async action from a form or button, tracking whether it runs and how it failed. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(undefined);
      try {
        await action(...args);
      } catch (caught) {
        setError(caught);
      } finally {
        setPending(false);
      }
    },
    [action],
  );
  return { run, pending, error };
}

/** The named fields of a submitted form, as strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries(
    [...new FormData(form).entries()].map(([name, value]) => [name, String(value)]),
  );
}

/** A form's submit handler: the default navigation stopped, the action run on its named fields. */
export function useFormAction(action: (values: Record<string, string>) => Promise<void>) {
  const { run, pending, error } = useAction(action);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(formValues(event.currentTarget));
  };
  return { submit, pending, error };
}
