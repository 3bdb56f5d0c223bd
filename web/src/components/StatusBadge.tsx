const LABELS: Record<string, string> = {
  PENDING_UPLOAD: 'Waiting for upload',
  UPLOADED: 'Uploaded',
  QUEUED: 'Queued',
  PROCESSING: 'Processing',
  READY: 'Ready',
  FAILED: 'Failed',
  SKIPPED: 'Skipped',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {LABELS[status] ?? status}
    </span>
  );
}
