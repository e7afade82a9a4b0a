import type { UploadStatus } from '@loadwatch/shared/contracts';
import { formatBytes } from '../format/format';

/** One entry of a dropped file: the file itself, or each FIT file inside an archive. */
export interface UploadEntry {
  fileName: string;
  status: UploadStatus;
  reason?: string | null;
  activityCount?: number;
}

/** One dropped file and what became of it. */
export interface UploadItem {
  key: string;
  name: string;
  size: number;
  /** 0-1 while sending. */
  progress: number;
  phase: 'queued' | 'sending' | 'processing' | 'done' | 'error';
  error?: string;
  entries: UploadEntry[];
}

const STATUS_TEXT: Record<UploadStatus, { icon: string; text: string }> = {
  received: { icon: '…', text: 'Waiting' },
  processing: { icon: '…', text: 'Processing' },
  processed: { icon: '✓', text: 'Processed' },
  duplicate: { icon: '=', text: 'Duplicate' },
  rejected: { icon: '✕', text: 'Rejected' },
  failed: { icon: '✕', text: 'Failed' },
};

export function StatusLabel({ status }: { status: UploadStatus }) {
  const { icon, text } = STATUS_TEXT[status];
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{icon}</span> {text}
    </span>
  );
}

/** Per-file progress and outcome: processed, duplicate, or rejected with the reason. */
export function UploadList({ items }: { items: UploadItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="upload-list" aria-label="Files of this session" aria-live="polite">
      {items.map((item) => (
        <li key={item.key} className="upload-item">
          <div className="upload-row">
            <span className="upload-name">{item.name}</span>
            <span className="muted">{formatBytes(item.size)}</span>
          </div>
          {item.phase === 'sending' || item.phase === 'queued' ? (
            <progress
              max={1}
              value={item.progress}
              aria-label={`Uploading ${item.name}`}
              aria-valuetext={`${Math.round(item.progress * 100)} %`}
            />
          ) : null}
          {item.phase === 'error' && (
            <p className="status status-rejected">
              <span aria-hidden="true">✕</span> Not uploaded: {item.error}
            </p>
          )}
          {item.entries.length > 0 && (
            <ul className="upload-entries">
              {item.entries.map((entry) => (
                <li key={entry.fileName}>
                  <StatusLabel status={entry.status} />{' '}
                  {entry.fileName !== item.name && <span className="entry-name">{entry.fileName}</span>}
                  {entry.status === 'processed' && entry.activityCount !== undefined && (
                    <span className="muted">
                      {' '}
                      · {entry.activityCount} {entry.activityCount === 1 ? 'activity' : 'activities'}
                    </span>
                  )}
                  {entry.reason && <span className="reason"> — {entry.reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
