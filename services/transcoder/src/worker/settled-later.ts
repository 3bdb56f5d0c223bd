/** For a promise awaited later: a rejection in the meantime is then not an unhandled one. */
export function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
