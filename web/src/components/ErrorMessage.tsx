export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const text = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
