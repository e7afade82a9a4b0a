import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { runDecodeTask, type DecodeOutcome, type DecodeTask } from './decode-task';

const DECODE_TIMEOUT_MS = 120_000;

export interface Decoder {
  decode(task: DecodeTask): Promise<DecodeOutcome>;
  close(): Promise<void>;
}

/**
 * Decoding is CPU-bound, so it runs on worker threads (piscina) when `jobs > 0` and the built worker
 * file is present; otherwise, and in tests run from source, in the calling thread.
 */
export function createDecoder(jobs: number): Decoder {
  const workerFile = join(__dirname, 'decode.worker.js');
  if (jobs === 0 || !existsSync(workerFile)) {
    return { decode: runDecodeTask, close: async () => undefined };
  }
  const pool = new Piscina<DecodeTask, DecodeOutcome>({
    filename: workerFile,
    minThreads: jobs,
    maxThreads: jobs,
  });
  return {
    decode: async (task) => {
      try {
        // The decoder fails fast on hostile input by design; the timeout is only a backstop.
        return await pool.run(task, {
          transferList: [task.bytes.buffer as ArrayBuffer],
          signal: AbortSignal.timeout(DECODE_TIMEOUT_MS),
        });
      } catch (error) {
        if ((error as Error).name === 'AbortError') {
          return {
            ok: false,
            code: 'timeout',
            reason: `decoding took longer than ${DECODE_TIMEOUT_MS / 1000} s`,
          };
        }
        throw error;
      }
    },
    close: () => pool.destroy(),
  };
}
