/** The API's error shape, `{"error":{"code","message","field?"}}`, as a thrown value. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static from(response: Response, body: unknown): ApiError {
    const error = (
      body as { error?: { code?: string; message?: string; field?: string } } | undefined
    )?.error;
    return new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? (response.statusText || 'request failed'),
      error?.field,
    );
  }
}
